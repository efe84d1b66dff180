"""``flask.app``: ``Flask`` is a Tumbler ``App`` with Flask's attribute surface.

Each Flask attribute maps onto the kernel or onto a plugin's function; the
behaviour lives there. This module's name is ``flask.app``: code that
attributes warnings or log records to it (``"flask.app"``) sees that name.
"""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import collections.abc as cabc
import os
import sys
import typing as t
import weakref
from datetime import timedelta
from inspect import iscoroutinefunction
from itertools import chain
from types import TracebackType
from urllib.parse import quote as _url_quote

import click
import tumbler_cli
import tumbler_sessions
import tumbler_templating
import tumbler_testing
from tumbler import App
from tumbler.scaffold import _sentinel
from werkzeug.datastructures import Headers, ImmutableDict
from werkzeug.exceptions import BadRequestKeyError, HTTPException, InternalServerError
from werkzeug.routing import BuildError, MapAdapter, RequestRedirect, RoutingException, Rule
from werkzeug.serving import is_running_from_reloader
from werkzeug.wrappers import Response as BaseResponse
from werkzeug.wsgi import get_host

from tumbler_flask_compat import _incidental

from . import cli
from . import typing as ft
from .config import Config
from .ctx import AppContext, RequestContext, _FlaskGlobals
from .globals import _cv_app, _cv_request, current_app, g, request, request_ctx, session
from .helpers import get_debug_flag, get_flashed_messages, get_load_dotenv, send_from_directory
from .sessions import SecureCookieSessionInterface, SessionInterface
from .signals import (
    appcontext_tearing_down,
    got_request_exception,
    request_finished,
    request_started,
    request_tearing_down,
)
from .templating import DispatchingJinjaLoader, Environment
from .wrappers import Request, Response

_cli = cli
_make_timedelta = _incidental._make_timedelta

T_shell_context_processor = t.TypeVar("T_shell_context_processor", bound=ft.ShellContextProcessorCallable)
T_teardown = t.TypeVar("T_teardown", bound=ft.TeardownCallable)
T_template_filter = t.TypeVar("T_template_filter", bound=ft.TemplateFilterCallable)
T_template_global = t.TypeVar("T_template_global", bound=ft.TemplateGlobalCallable)
T_template_test = t.TypeVar("T_template_test", bound=ft.TemplateTestCallable)

__all__ = ["Flask"]

#: The plugins every ``Flask`` app needs; a missing one fails at startup.
STANDARD_PLUGINS = ("templating", "sessions", "signals", "cli", "testing")
#: Installed with tumbler-framework but not loaded for a ``Flask`` app: Flask leaves
#: what they do to extensions (tumbler-security: cross-origin checks, headers,
#: refusing a weak SECRET_KEY), so Flask apps and Flask's own tests would behave otherwise.
NON_FLASK_PLUGINS = ("security",)


class Flask(App):
    """A Flask application running on Tumbler."""

    config_class = Config
    request_context_class = RequestContext
    app_ctx_globals_class = _FlaskGlobals
    request_class = Request
    response_class = Response
    env_prefix = "FLASK"
    jinja_environment = Environment
    jinja_options: dict[str, t.Any] = {}
    test_client_class: type[t.Any] | None = None
    test_cli_runner_class: type[t.Any] | None = None

    def __init__(
        self,
        import_name: str,
        static_url_path: str | None = None,
        static_folder: str | os.PathLike[str] | None = "static",
        static_host: str | None = None,
        host_matching: bool = False,
        subdomain_matching: bool = False,
        template_folder: str | os.PathLike[str] | None = "templates",
        instance_path: str | None = None,
        instance_relative_config: bool = False,
        root_path: str | None = None,
    ) -> None:
        super().__init__(
            import_name,
            static_url_path=static_url_path,
            static_folder=static_folder,
            static_host=static_host,
            host_matching=host_matching,
            subdomain_matching=subdomain_matching,
            template_folder=template_folder,
            instance_path=instance_path,
            instance_relative_config=instance_relative_config,
            root_path=root_path,
            require_plugins=STANDARD_PLUGINS,
            config={"DISABLE_PLUGINS": NON_FLASK_PLUGINS},
        )
        del self.config["DISABLE_PLUGINS"]  # not a Flask setting
        # Flask opens the session for every request (refreshing permanent cookies
        # and running custom interfaces even when a view never touches it).
        tumbler_sessions.open_sessions_eagerly(self)

    # -- routing: bind here so werkzeug's warnings are attributed to flask.app

    def bind_url_map(self, environ: dict[str, t.Any], server_name: str | None, subdomain: str | None) -> MapAdapter:
        return self.url_map.bind_to_environ(environ, server_name=server_name, subdomain=subdomain)

    # -- sessions ------------------------------------------------------------

    @property
    def session_interface(self) -> t.Any:
        return tumbler_sessions.get_session_interface(self)

    @session_interface.setter
    def session_interface(self, value: t.Any) -> None:
        tumbler_sessions.set_session_interface(self, value)

    @property
    def permanent_session_lifetime(self) -> timedelta:
        return tumbler_sessions.permanent_session_lifetime(self)

    @permanent_session_lifetime.setter
    def permanent_session_lifetime(self, value: timedelta | int) -> None:
        self.config["PERMANENT_SESSION_LIFETIME"] = value

    # -- templating ------------------------------------------------------------

    @property
    def jinja_env(self) -> Environment:
        return tumbler_templating.jinja_env(self)  # type: ignore[return-value]

    @property
    def jinja_loader(self) -> t.Any:
        return tumbler_templating.jinja_loader(self)

    @property
    def templates_auto_reload(self) -> bool:
        return tumbler_templating.templates_auto_reload(self)

    @templates_auto_reload.setter
    def templates_auto_reload(self, value: bool | None) -> None:
        self.config["TEMPLATES_AUTO_RELOAD"] = value

    def create_jinja_environment(self) -> Environment:
        return tumbler_templating.create_jinja_environment(self)  # type: ignore[return-value]

    def create_global_jinja_loader(self) -> t.Any:
        return DispatchingJinjaLoader(self)

    def select_jinja_autoescape(self, filename: str | None) -> bool:
        return tumbler_templating.select_jinja_autoescape(filename)

    def update_template_context(self, context: dict[str, t.Any]) -> None:
        tumbler_templating.update_template_context(self, context)

    @property
    def template_context_processors(self) -> t.Any:
        return tumbler_templating.template_context_processors(self)

    def context_processor(self, f: t.Any) -> t.Any:
        return tumbler_templating.context_processor(self, f)

    def template_filter(self, name: str | None = None) -> t.Any:
        return tumbler_templating.template_filter(self, name)

    def add_template_filter(self, f: t.Any, name: str | None = None) -> None:
        tumbler_templating.add_template_filter(self, f, name)

    def template_test(self, name: str | None = None) -> t.Any:
        return tumbler_templating.template_test(self, name)

    def add_template_test(self, f: t.Any, name: str | None = None) -> None:
        tumbler_templating.add_template_test(self, f, name)

    def template_global(self, name: str | None = None) -> t.Any:
        return tumbler_templating.template_global(self, name)

    def add_template_global(self, f: t.Any, name: str | None = None) -> None:
        tumbler_templating.add_template_global(self, f, name)

    # -- the command line ------------------------------------------------------

    @property
    def cli(self) -> t.Any:
        return tumbler_cli.cli(self)

    def shell_context_processor(self, f: t.Any) -> t.Any:
        return tumbler_cli.shell_context_processor(self)(f)

    @property
    def shell_context_processors(self) -> list[t.Any]:
        return tumbler_cli.shell_context_processors(self)

    def make_shell_context(self) -> dict[str, t.Any]:
        return tumbler_cli.make_shell_context(self)

    def run(
        self,
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        load_dotenv: bool = True,
        **options: t.Any,
    ) -> None:
        if os.environ.get("FLASK_RUN_FROM_CLI") == "true":
            from werkzeug.serving import is_running_from_reloader

            if not is_running_from_reloader():
                import click

                click.secho(
                    " * Ignoring a call to 'app.run()' that would block the current 'flask'"
                    " CLI command.\n   Only call 'app.run()' in an 'if __name__ =="
                    ' "__main__"\' guard.',
                    fg="red",
                )
            return
        if _cli.get_load_dotenv(load_dotenv):
            _cli.load_dotenv()
            if "FLASK_DEBUG" in os.environ:
                self.debug = _cli.get_debug_flag()
        if debug is not None:
            self.debug = bool(debug)
        _cli.show_server_banner(self.debug, self.name)
        super().run(host, port, None, **options)

    # -- testing -------------------------------------------------------------

    def test_client(self, use_cookies: bool = True, **kwargs: t.Any) -> t.Any:
        return tumbler_testing.test_client(self, use_cookies=use_cookies, **kwargs)

    def test_cli_runner(self, **kwargs: t.Any) -> t.Any:
        return tumbler_testing.test_cli_runner(self, **kwargs)
