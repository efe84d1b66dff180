"""The security plugin's hook implementations (entry point ``security``).

Setup: config defaults (``tumbler_configure``); when setup ends
(``tumbler_setup_finished``) the config is checked, the production checks run
outside DEBUG and TESTING, the cross-origin check
(:class:`~tumbler_security.crossorigin.CrossOriginProtection`,
``tumbler_request_started``; a safe method returns at once) is registered if
it is on, and the header middleware
(:class:`~tumbler_security.headers.SecurityHeaders`, around ``app.wsgi_app``)
learns its headers. Optional cooperation: templating's
``tumbler_template_context`` (``csrf_token``, ``csrf_field``) and the CLI's
``tumbler_cli_commands`` (``security-check``).
"""

from __future__ import annotations

import typing as t

from tumbler import StashKey, hookimpl
from tumbler.globals import _cv_request

from .checks import enforce
from .config import CONFIG_DEFAULTS, check_config
from .crossorigin import CrossOriginProtection
from .headers import SecurityHeaders
from .tokens import csrf_field, csrf_token

if t.TYPE_CHECKING:
    from tumbler import App

__all__: list[str] = []


#: The app's header middleware, wrapped around ``app.wsgi_app`` by ``tumbler_configure``.
HEADERS = StashKey[SecurityHeaders]("security.headers")


@hookimpl
def tumbler_configure(app: App) -> None:
    for key, value in CONFIG_DEFAULTS.items():
        app.config.setdefault(key, value)
    # an instance attribute, as middleware such as ProxyFix is set (those wrap this one)
    app.wsgi_app = app.stash[HEADERS] = SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]


@hookimpl
def tumbler_setup_finished(app: App) -> None:
    check_config(app)
    if app.config["SECURITY_PRODUCTION_CHECKS"] and not (app.debug or app.testing):
        enforce(app)
    # another plugin's check may fail after ours: setup then ends again at the next request
    if app.config["SECURITY_CROSS_ORIGIN_PROTECTION"] and CrossOriginProtection.tumbler_plugin_name not in app.plugins:
        app.plugins.register(CrossOriginProtection(app))
    app.stash[HEADERS].configure(app)


@hookimpl(optionalhook=True)
def tumbler_template_context(app: App) -> dict[str, t.Any] | None:
    """tumbler-templating: ``csrf_token()`` and ``csrf_field()`` in templates
    rendered during a request."""
    if _cv_request.get(None) is None:
        return None
    return {"csrf_token": csrf_token, "csrf_field": csrf_field}


@hookimpl(optionalhook=True)
def tumbler_cli_commands(app: App, group: t.Any) -> None:
    """tumbler-cli: ``tumbler security-check``."""
    from .cli import security_check_command

    if "security-check" not in getattr(group, "commands", {}):
        group.add_command(security_check_command(app))
