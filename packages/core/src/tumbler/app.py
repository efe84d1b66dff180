"""The application object: its config, setup API and contexts.

The request pipeline, error handling, URL matching and building, and
return-value conversion live in their own modules (``pipeline.py``,
``errors.py``, ``routing.py``, ``responses.py``) as functions taking the app
first; :class:`App` binds them as its methods, so subclasses override them
as usual.
"""

from __future__ import annotations

import collections.abc as cabc
import os
import sys
import typing as t
import weakref
from functools import cached_property
from inspect import iscoroutinefunction

from werkzeug.exceptions import Aborter
from werkzeug.routing import Map

from . import errors, pipeline, responses, routing
from . import json as _json
from .asyncsupport import async_to_sync
from .blueprints import Blueprint
from .config import Config, ConfigAttribute
from .ctx import AppContext, RequestContext, _AppCtxGlobals
from .files import _instance_path
from .logging import create_logger
from .plugins import PluginHost, _Hooks
from .routing import StaticRoutes
from .scaffold import Scaffold, SetupError, endpoint_from_view_func, setupmethod
from .wrappers import Request, Response

if t.TYPE_CHECKING:
    import logging


__all__ = ["App"]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


class App(Scaffold):
    """A WSGI application.

    :param import_name: the name of the app's module or package (``__name__``);
        templates, static files and the instance folder are found from it.
    :param plugins: exactly these plugins (entry-point names or plugin objects)
        instead of autoloading every installed one.
    :param require_plugins: requirements like ``"sessions>=0.1"``; a missing one
        fails here, with what to install.
    :param config: initial config, read before plugins load (so plugin selection
        keys ``PLUGINS``, ``DISABLE_PLUGINS``, ``PLUGINS_AUTOLOAD``,
        ``REQUIRE_PLUGINS`` and ``TRACE_PLUGINS`` can be set here).
    """

    request_class: type[Request] = Request
    response_class: type[Response] = Response
    config_class: type[Config] = Config
    app_ctx_globals_class = _AppCtxGlobals
    #: The request context class; a subclass may add attributes (compat adds Flask's ``session``).
    request_context_class: type[RequestContext] = RequestContext
    json_provider_class: type[_json.JSONProvider] = _json.DefaultJSONProvider
    url_rule_class = routing.Rule
    url_map_class = Map
    aborter_class = Aborter
    #: The environment variable prefix for the debug flag (``TUMBLER_DEBUG``).
    env_prefix = "TUMBLER"

    testing = ConfigAttribute[bool]("TESTING")
    secret_key = ConfigAttribute["str | bytes | None"]("SECRET_KEY")

    default_config: dict[str, t.Any] = {
        "DEBUG": None,
        "TESTING": False,
        "PROPAGATE_EXCEPTIONS": None,
        "SECRET_KEY": None,
        "SERVER_NAME": None,
        "APPLICATION_ROOT": "/",
        "PREFERRED_URL_SCHEME": "http",
        "TRAP_HTTP_EXCEPTIONS": False,
        "TRAP_BAD_REQUEST_ERRORS": None,
        "MAX_CONTENT_LENGTH": None,
        "MAX_FORM_MEMORY_SIZE": 500_000,
        "MAX_FORM_PARTS": 1_000,
        "SEND_FILE_MAX_AGE_DEFAULT": None,
        "USE_X_SENDFILE": False,
        "TRUSTED_HOSTS": None,
        "MAX_COOKIE_SIZE": 4093,
        "PROVIDE_AUTOMATIC_OPTIONS": True,
    }

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
        *,
        plugins: t.Iterable[str | object] | None = None,
        require_plugins: t.Iterable[str] | None = None,
        config: t.Mapping[str, t.Any] | None = None,
    ) -> None:
        super().__init__(import_name, static_folder, static_url_path, template_folder, root_path)
        if instance_path is None:
            instance_path = self.auto_find_instance_path()
        elif not os.path.isabs(instance_path):
            raise ValueError("If an instance path is provided it must be absolute. A relative path was given instead.")
        self.instance_path = instance_path
        self.config = self.make_config(instance_relative_config)
        self.config.update(config or ())
        self.aborter = self.make_aborter()
        self.json: _json.JSONProvider = self.json_provider_class(self)
        #: ``f(error, endpoint, values)`` called when ``url_for`` cannot build; return a URL or ``None``.
        self.url_build_error_handlers: list[t.Callable[[Exception, str, dict[str, t.Any]], str]] = []
        self.teardown_appcontext_funcs: list[t.Callable[[BaseException | None], None]] = []
        #: Free-form per-extension state (string keys), as in Flask.
        self.extensions: dict[str, t.Any] = {}
        self.url_map = self.url_map_class(host_matching=host_matching)
        self.subdomain_matching = subdomain_matching
        self.blueprints: dict[str, Blueprint] = {}
        self._got_first_request = False
        self._static_routes = StaticRoutes(self.url_map)
        self._sync_cache: dict[t.Callable[..., t.Any], t.Callable[..., t.Any]] = {}
        # until setup ends: no direct routes, the public dispatch steps, always the public context steps
        self._direct_routes, self._custom_dispatch, self._custom_ctx = False, False, True
        if self.has_static_folder:
            self._add_static_route(static_host, host_matching)
        #: The app's plugins (see :class:`tumbler.plugins.PluginHost`).
        self.plugins = PluginHost(self)
        self.plugins.load(plugins, require_plugins, self.config)
        self._hooks: _Hooks = _Hooks(self.plugins)
        self.plugins.call_setup("tumbler_configure", app=self)

    def _add_static_route(self, static_host: str | None, host_matching: bool) -> None:
        if bool(static_host) != host_matching:
            raise SetupError(
                "Invalid static_host/host_matching combination: pass static_host exactly when host_matching=True."
            )
        self_ref = weakref.ref(self)  # the route must not keep the app alive
        self.add_url_rule(
            f"{self.static_url_path}/<path:filename>",
            endpoint="static",
            host=static_host,
            view_func=lambda **kw: self_ref().send_static_file(**kw),  # type: ignore[union-attr]
        )

    # -- properties and config -------------------------------------------------

    @property
    def name(self) -> str:  # type: ignore[override]
        """The import name, or the script's file name when run as ``__main__``."""
        if self.import_name == "__main__":
            fn = getattr(sys.modules["__main__"], "__file__", None)
            return "__main__" if fn is None else os.path.splitext(os.path.basename(fn))[0]
        return self.import_name

    @property
    def debug(self) -> bool:
        """Debug mode (``DEBUG``): tracebacks in the browser, indented JSON."""
        return bool(self.config["DEBUG"])

    @debug.setter
    def debug(self, value: bool) -> None:
        self.config["DEBUG"] = value

    @cached_property
    def logger(self) -> logging.Logger:
        """The ``logging`` logger named after the app, writing to ``wsgi.errors``."""
        return create_logger(self)

    def auto_find_instance_path(self) -> str:
        """The instance folder: ``instance`` beside the package, or
        ``<prefix>/var/<name>-instance`` when the package is installed."""
        return _instance_path(self.import_name, self.name)

    def make_aborter(self) -> Aborter:
        """The object :func:`~tumbler.abort` calls (an :attr:`aborter_class` instance)."""
        return self.aborter_class()

    def make_config(self, instance_relative: bool = False) -> Config:
        root = self.instance_path if instance_relative else self.root_path
        defaults = dict(self.default_config)
        debug = os.environ.get(f"{self.env_prefix}_DEBUG")
        defaults["DEBUG"] = bool(debug) and debug.lower() not in {"0", "false", "no"}  # type: ignore[union-attr]
        return self.config_class(root, defaults)

    def open_instance_resource(self, resource: str, mode: str = "rb", encoding: str | None = "utf-8") -> t.IO[t.Any]:
        """Open a file in the instance folder (writing allowed)."""
        path = os.path.join(self.instance_path, resource)
        return open(path, mode) if "b" in mode else open(path, mode, encoding=encoding)

    # -- setup -----------------------------------------------------------------

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_first_request:
            raise SetupError(
                f"The setup method '{f_name}' can no longer be called on the application: its setup has ended (at its"
                " first request, or by finish_setup()), so the change would apply to some requests only."
            )

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Connect a URL rule to a view function.

        :param rule: the URL rule, e.g. ``"/user/<int:id>"``.
        :param endpoint: the name for ``url_for``; the function's name by default.
        :param methods: allowed methods (``view_func.methods`` or ``["GET"]``);
            HEAD is added with GET, OPTIONS is answered automatically.
        :param options: werkzeug ``Rule`` options (``defaults``, ``subdomain``,
            ``host``, ``strict_slashes``, ``redirect_to``, ...).
        """
        if endpoint is None:
            endpoint = endpoint_from_view_func(view_func)
        methods, auto_options = self._rule_methods(view_func, options.pop("methods", None), provide_automatic_options)
        rule_obj = self.url_rule_class(rule, methods=methods, endpoint=endpoint, **options)
        rule_obj.provide_automatic_options = auto_options  # type: ignore[attr-defined]
        try:
            self.url_map.add(rule_obj)
        except LookupError as e:
            have = ", ".join(sorted(self.url_map.converters))
            raise LookupError(
                f"The route {rule!r} uses a converter that does not exist ({e}). Register it"
                f" first with app.url_map.converters['name'] = MyConverter. Known converters: {have}."
            ) from None
        if view_func is not None:
            if (old := self.view_functions.get(endpoint)) is not None and old != view_func:
                raise SetupError(
                    "View function mapping is overwriting an existing endpoint function:"
                    f" {endpoint}. Give one of the routes another endpoint= or rename its function."
                )
            self.view_functions[endpoint] = view_func

    def _rule_methods(
        self, view_func: t.Callable[..., t.Any] | None, methods: t.Any, provide_automatic_options: bool | None
    ) -> tuple[set[str], bool]:
        """A rule's methods (given, else the view's, else GET) with the view's required
        ones and OPTIONS when it is answered automatically; and whether it is."""
        if methods is None:
            methods = getattr(view_func, "methods", None) or ("GET",)
        if isinstance(methods, str):
            raise TypeError('Allowed methods must be a list of strings, for example: @app.route(..., methods=["POST"])')
        methods = {m.upper() for m in methods}
        required = set(getattr(view_func, "required_methods", ()))
        if provide_automatic_options is None:
            provide_automatic_options = getattr(view_func, "provide_automatic_options", None)
        if provide_automatic_options is None:
            provide_automatic_options = "OPTIONS" not in methods and bool(self.config["PROVIDE_AUTOMATIC_OPTIONS"])
        if provide_automatic_options:
            required.add("OPTIONS")
        return methods | required, provide_automatic_options

    @setupmethod
    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Register a blueprint; ``options`` override its ``url_prefix``,
        ``subdomain``, ``url_defaults`` and ``name``."""
        blueprint.register(self, options)

    def iter_blueprints(self) -> t.ValuesView[Blueprint]:
        return self.blueprints.values()

    @setupmethod
    def teardown_appcontext(self, f: F) -> F:
        """Run ``f(exc)`` when the app context is popped."""
        self.teardown_appcontext_funcs.append(f)
        return f

    def finish_setup(self) -> None:
        """End setup: let plugins check the config and finish (``tumbler_setup_finished``),
        then compile what the request path needs. Adding a route or hook afterwards is an error.

        The first request calls it. ``tumbler run`` calls it before serving, so that a
        misconfigured app stops at startup; call it yourself after building the app
        (for example at the end of a factory) to get the same from any WSGI server.

        .. versionadded:: 0.2.0
        """
        self.plugins.hook.tumbler_setup_finished(app=self)
        self._got_first_request = True
        self._hooks = _Hooks(self.plugins)
        self._direct_routes = not (
            self.url_map.host_matching or self.subdomain_matching or self.config["TRUSTED_HOSTS"] is not None
        )
        # the request path skips these public steps unless a subclass (or the instance) replaced one
        self._custom_dispatch = self._replaced("request_context", "full_dispatch_request", "dispatch_request")
        self._custom_ctx = self._replaced("app_context", "do_teardown_request", "do_teardown_appcontext")

    def _replaced(self, *names: str) -> bool:
        return any(getattr(getattr(self, name), "__func__", None) is not getattr(App, name) for name in names)

    # -- contexts --------------------------------------------------------------

    def app_context(self) -> AppContext:
        """A new app context: ``with app.app_context(): ...``."""
        return AppContext(self)

    def request_context(self, environ: dict[str, t.Any]) -> RequestContext:
        return self.request_context_class(self, environ)

    def test_request_context(self, *args: t.Any, **kwargs: t.Any) -> RequestContext:
        """A request context for a made-up request; arguments as for werkzeug's
        ``EnvironBuilder`` (``path``, ``method``, ``json``, ``data``, ...), with
        ``base_url`` from ``SERVER_NAME``, ``APPLICATION_ROOT`` and ``PREFERRED_URL_SCHEME``."""
        from .testenv import EnvironBuilder

        builder = EnvironBuilder(self, *args, **kwargs)
        try:
            return self.request_context(builder.get_environ())
        finally:
            builder.close()

    def test_client(self, use_cookies: bool = True, **kwargs: t.Any) -> t.Any:
        """A test client (Flask's ``app.test_client()``), made by the testing plugin
        (tumbler-testing) through the ``tumbler_test_tool`` hook.

        .. versionadded:: 0.2.0"""
        return self._test_tool("client", dict(kwargs, use_cookies=use_cookies))

    def test_cli_runner(self, **kwargs: t.Any) -> t.Any:
        """A runner for the app's commands (Flask's ``app.test_cli_runner()``),
        made by tumbler-testing; it needs tumbler-cli too.

        .. versionadded:: 0.2.0"""
        return self._test_tool("cli_runner", kwargs)

    def _test_tool(self, kind: str, kwargs: dict[str, t.Any]) -> t.Any:
        if (tool := self.plugins.hook.tumbler_test_tool(app=self, kind=kind, kwargs=kwargs)) is None:
            raise RuntimeError(f"app.test_{kind}() needs the 'testing' plugin: pip install tumbler-testing.")
        return tool

    # -- the request pipeline (pipeline.py) -----------------------------------------

    wsgi_app = pipeline.wsgi_app
    full_dispatch_request = pipeline.full_dispatch_request
    preprocess_request = pipeline.preprocess_request
    dispatch_request = pipeline.dispatch_request
    make_default_options_response = pipeline.make_default_options_response
    finalize_request = pipeline.finalize_request
    process_response = pipeline.process_response
    do_teardown_request = pipeline.do_teardown_request
    do_teardown_appcontext = pipeline.do_teardown_appcontext

    def __call__(self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> cabc.Iterable[bytes]:
        return self.wsgi_app(environ, start_response)

    # -- return values (responses.py) and errors (errors.py) ---------------------------

    make_response = responses.app_make_response
    trap_http_exception = errors.trap_http_exception
    handle_http_exception = errors.handle_http_exception
    handle_user_exception = errors.handle_user_exception
    handle_exception = errors.handle_exception
    log_exception = errors.log_exception
    should_ignore_error = errors.should_ignore_error

    # -- URL matching and building (routing.py) -----------------------------------------

    create_url_adapter = routing.create_url_adapter
    bind_url_map = routing.bind_url_map
    _route = routing.match
    raise_routing_exception = routing.raise_routing_exception
    url_for = routing.app_url_for
    inject_url_defaults = routing.inject_url_defaults
    handle_url_build_error = routing.handle_url_build_error
    redirect = routing.app_redirect

    # -- async -----------------------------------------------------------------

    def ensure_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        """``func``, or a sync wrapper when it is ``async def``. Override this
        (or :meth:`async_to_sync`) to run coroutines differently."""
        return self.async_to_sync(func) if iscoroutinefunction(func) else func

    def async_to_sync(self, func: t.Callable[..., cabc.Coroutine[t.Any, t.Any, t.Any]]) -> t.Callable[..., t.Any]:
        """Run a coroutine function to completion on an event loop, synchronously."""
        return async_to_sync(func)

    # -- the development server ------------------------------------------------

    def run(
        self, host: str | None = None, port: int | None = None, debug: bool | None = None, **options: t.Any
    ) -> None:
        """Serve the app with werkzeug's development server (not for production:
        use gunicorn or another WSGI server).

        Does nothing under the command line (``<env_prefix>_RUN_FROM_CLI=true``,
        set by ``tumbler``), so a module calling ``app.run()`` at import time
        does not block ``tumbler run`` or ``tumbler routes``."""
        from werkzeug import serving  # looked up now, so tests can replace run_simple

        if os.environ.get(f"{self.env_prefix}_RUN_FROM_CLI") == "true":
            if not serving.is_running_from_reloader():
                print(
                    " * Ignoring a call to 'app.run()' that would block the current command."
                    " Only call 'app.run()' in an 'if __name__ == \"__main__\"' guard.",
                    file=sys.stderr,
                )
            return
        if debug is not None:
            self.debug = bool(debug)
        sn_host, _, sn_port = (self.config.get("SERVER_NAME") or "").partition(":")
        port = int(port) if port or port == 0 else int(sn_port or 5000)
        options.setdefault("use_reloader", self.debug)
        options.setdefault("use_debugger", self.debug)
        options.setdefault("threaded", True)
        try:
            serving.run_simple(host or sn_host or "127.0.0.1", port, self, **options)
        finally:
            self._got_first_request = False
