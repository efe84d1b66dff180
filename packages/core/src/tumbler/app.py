"""The application object: setup API, plugins, and the request pipeline."""

from __future__ import annotations

import collections.abc as cabc
import os
import sys
import typing as t
import weakref
from inspect import iscoroutinefunction

from werkzeug.datastructures import Headers
from werkzeug.exceptions import (
    Aborter,
    BadRequestKeyError,
    HTTPException,
    InternalServerError,
)
from werkzeug.routing import BuildError, Map, MapAdapter, RequestRedirect, RoutingException, Rule
from werkzeug.wrappers import Response as BaseResponse

from . import json as _json
from .asyncsupport import async_to_sync
from .blueprints import Blueprint
from .config import Config, ConfigAttribute
from .ctx import AppContext, RequestContext, _AppCtxGlobals
from .files import _instance_path
from .globals import _cv_app, _cv_request, request, request_ctx
from .logging import create_logger
from .plugins import PluginHost, _Hooks
from .responses import _FastText
from .routing import StaticRoutes, quote_anchor
from .scaffold import Scaffold, SetupError, endpoint_from_view_func, setupmethod
from .wrappers import Request, Response

if t.TYPE_CHECKING:
    import logging


__all__ = ["App"]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
_sentinel: t.Any = object()


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
    url_rule_class = Rule
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
        if config:
            self.config.update(config)
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
        self._hooks: _Hooks = _Hooks()
        self._static_routes = StaticRoutes(self.url_map)
        self._sync_cache: dict[t.Callable[..., t.Any], t.Callable[..., t.Any]] = {}
        self._direct_routes = False
        self._custom_dispatch = False
        if self.has_static_folder:
            if bool(static_host) != host_matching:
                raise SetupError(
                    "Invalid static_host/host_matching combination: pass static_host exactly when host_matching=True."
                )
            self_ref = weakref.ref(self)
            self.add_url_rule(
                f"{self.static_url_path}/<path:filename>",
                endpoint="static",
                host=static_host,
                view_func=lambda **kw: self_ref().send_static_file(**kw),  # type: ignore[union-attr]
            )
        #: The app's plugins (see :class:`tumbler.plugins.PluginHost`).
        self.plugins = PluginHost(self)
        self.plugins.load(plugins, require_plugins, self.config)
        self._hooks = _Hooks(self.plugins)
        self.plugins.hook.tumbler_configure(app=self)

    # -- properties ------------------------------------------------------

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

    @property
    def logger(self) -> logging.Logger:
        """The ``logging`` logger named after the app, writing to ``wsgi.errors``."""
        logger = self.__dict__.get("logger")
        if logger is None:
            logger = self.__dict__["logger"] = create_logger(self)
        return logger

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
        defaults["DEBUG"] = _env_flag(f"{self.env_prefix}_DEBUG")
        return self.config_class(root, defaults)

    def open_instance_resource(self, resource: str, mode: str = "rb", encoding: str | None = "utf-8") -> t.IO[t.Any]:
        """Open a file in the instance folder (writing allowed)."""
        path = os.path.join(self.instance_path, resource)
        if "b" in mode:
            return open(path, mode)
        return open(path, mode, encoding=encoding)

    # -- setup -----------------------------------------------------------

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_first_request:
            raise SetupError(
                f"The setup method '{f_name}' can no longer be called on the application."
                " It has already handled its first request, any changes will not be"
                " applied consistently.\nMake sure all imports, decorators, functions,"
                " etc. needed to set up the application are done before running it."
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
        options["endpoint"] = endpoint
        methods = options.pop("methods", None)
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
        rule_obj = self.url_rule_class(rule, methods=methods | required, **options)
        rule_obj.provide_automatic_options = provide_automatic_options  # type: ignore[attr-defined]
        try:
            self.url_map.add(rule_obj)
        except LookupError as e:
            have = ", ".join(sorted(self.url_map.converters))
            raise LookupError(
                f"The route {rule!r} uses a converter that does not exist ({e}). Register it"
                f" first with app.url_map.converters['name'] = MyConverter. Known converters: {have}."
            ) from None
        if view_func is not None:
            old = self.view_functions.get(endpoint)
            if old is not None and old != view_func:
                raise SetupError(
                    "View function mapping is overwriting an existing endpoint function:"
                    f" {endpoint}. Give one of the routes another endpoint= or rename its function."
                )
            self.view_functions[endpoint] = view_func

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

    # -- contexts --------------------------------------------------------

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

    # -- routing ---------------------------------------------------------

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """A werkzeug ``MapAdapter`` for a request, or, without one, for
        ``SERVER_NAME`` (``None`` when that is not set)."""
        if request is not None:
            if (trusted := self.config["TRUSTED_HOSTS"]) is not None:
                request.trusted_hosts = trusted
            _ = request.host  # validates against trusted hosts (400 if not)
            subdomain = None
            server_name = self.config["SERVER_NAME"]
            if self.url_map.host_matching:
                server_name = None  # the actual host must be matched
            elif not self.subdomain_matching:
                subdomain = self.url_map.default_subdomain or ""
            return self.url_map.bind_to_environ(request.environ, server_name=server_name, subdomain=subdomain)
        if self.config["SERVER_NAME"] is not None:
            return self.url_map.bind(
                self.config["SERVER_NAME"],
                script_name=self.config["APPLICATION_ROOT"],
                url_scheme=self.config["PREFERRED_URL_SCHEME"],
            )
        return None

    def _route(self, ctx: RequestContext) -> None:
        """Match the request: a dict lookup for plain paths, werkzeug otherwise."""
        if self._direct_routes:
            environ = ctx.environ
            path = environ.get("PATH_INFO") or ""
            if not path.isascii():
                path = path.encode("latin1").decode(errors="replace")
            # websocket requests (an Upgrade header, a ws scheme) match differently: werkzeug decides
            if path[:1] == "/" and path[1:2] != "/" and "HTTP_UPGRADE" not in environ and _is_http(environ):
                rule = self._static_routes.match(path, environ.get("REQUEST_METHOD", "GET"))
                if rule is not None:
                    ctx.url_rule, ctx.view_args = rule, {}
                    return
        ctx.match_request()

    def _freeze(self) -> None:
        """End setup (at the first request): compile what the request path needs."""
        self._got_first_request = True
        self._hooks = _Hooks(self.plugins)
        self._direct_routes = not (
            self.url_map.host_matching or self.subdomain_matching or self.config["TRUSTED_HOSTS"] is not None
        )
        # the request path skips these public steps unless a subclass (or the instance) replaced one
        self._custom_dispatch = any(
            getattr(getattr(self, name), "__func__", None) is not getattr(App, name)
            for name in ("request_context", "full_dispatch_request", "dispatch_request")
        )

    def raise_routing_exception(self, request: Request) -> t.NoReturn:
        """Raise the routing error; in debug mode, explain a redirect that would drop form data."""
        exc = request.routing_exception
        assert exc is not None
        if (
            not self.debug
            or not isinstance(exc, RequestRedirect)
            or exc.code in {307, 308}
            or request.method in {"GET", "HEAD", "OPTIONS"}
        ):
            raise exc
        from .debughelpers import FormDataRoutingRedirect

        raise FormDataRoutingRedirect(request)

    def url_for(
        self,
        endpoint: str,
        /,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: t.Any,
    ) -> str:
        """Build a URL; see :func:`tumbler.url_for`. ``_external`` makes an absolute URL
        (the default outside a request), ``_scheme`` sets its scheme."""
        req_ctx = _cv_request.get(None)
        if req_ctx is not None and req_ctx.app is self:
            url_adapter = req_ctx.url_adapter
            if endpoint[:1] == ".":
                bp = req_ctx.blueprint_names()
                endpoint = f"{bp[0]}{endpoint}" if bp else endpoint[1:]
            if _external is None:
                _external = _scheme is not None
        else:
            app_ctx = _cv_app.get(None)
            url_adapter = (
                app_ctx.url_adapter if app_ctx is not None and app_ctx.app is self else self.create_url_adapter(None)
            )
            if url_adapter is None:
                raise RuntimeError(
                    "Unable to build URLs outside an active request without 'SERVER_NAME'"
                    " configured. Also configure 'APPLICATION_ROOT' and"
                    " 'PREFERRED_URL_SCHEME' as needed."
                )
            if _external is None:
                _external = True
        if _scheme is not None and not _external:
            raise ValueError("When specifying '_scheme', '_external' must be True.")
        self.inject_url_defaults(endpoint, values)
        try:
            rv = url_adapter.build(endpoint, values, method=_method, url_scheme=_scheme, force_external=_external)  # type: ignore[union-attr]
        except BuildError as error:
            values.update(_anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external)
            return self.handle_url_build_error(error, endpoint, values)
        if _anchor is not None:
            rv = f"{rv}#{quote_anchor(_anchor)}"
        return rv

    def inject_url_defaults(self, endpoint: str, values: dict[str, t.Any]) -> None:
        """Let the ``url_defaults`` functions of the app and the endpoint's blueprints fill ``values``."""
        funcs = self.url_default_functions
        if not funcs:
            return
        from .ctx import _blueprint_chain

        scopes: tuple[str | None, ...] = (None,)
        if "." in endpoint:
            scopes += tuple(reversed(_blueprint_chain(endpoint.rpartition(".")[0])))
        for scope in scopes:
            if scope in funcs:
                for func in funcs[scope]:
                    func(endpoint, values)

    def handle_url_build_error(self, error: BuildError, endpoint: str, values: dict[str, t.Any]) -> str:
        """Try each ``url_build_error_handlers`` entry; re-raise if none gives a URL."""
        for handler in self.url_build_error_handlers:
            try:
                rv = handler(error, endpoint, values)
            except BuildError as e:
                error = e
                continue
            if rv is not None:
                return rv
        if error is sys.exc_info()[1]:
            raise
        raise error

    def redirect(self, location: str, code: int = 302) -> Response:
        """A redirect response made with :attr:`response_class`."""
        from werkzeug.utils import redirect as _redirect

        return t.cast(Response, _redirect(location, code=code, Response=self.response_class))

    # -- the request pipeline ------------------------------------------------

    def wsgi_app(self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> cabc.Iterable[bytes]:
        """The WSGI application; ``app.wsgi_app`` is what middleware wraps."""
        if not self._got_first_request:
            self._freeze()
        custom = self._custom_dispatch
        ctx = self.request_context(environ) if custom else self.request_context_class(self, environ)
        error: BaseException | None = None
        ctx.push()  # if a plugin's context hook fails, its error goes to the server as it is
        try:
            try:
                response = self.full_dispatch_request() if custom else self._full_dispatch(ctx, True)
            except Exception as e:
                error = e
                response = self.handle_exception(e)
            except:
                error = sys.exc_info()[1]
                raise
            return response(environ, start_response)
        finally:
            if "werkzeug.debug.preserve_context" in environ:
                environ["werkzeug.debug.preserve_context"](_cv_app.get())
                environ["werkzeug.debug.preserve_context"](_cv_request.get())
            if error is not None and self.should_ignore_error(error):
                error = None
            ctx.pop(error)

    def __call__(self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> cabc.Iterable[bytes]:
        return self.wsgi_app(environ, start_response)

    def full_dispatch_request(self) -> Response:
        """Dispatch the current request with hooks and error handling."""
        if not self._got_first_request:
            self._freeze()
        return t.cast(Response, self._full_dispatch(_cv_request.get(), False))

    def _full_dispatch(self, ctx: RequestContext, fast: bool) -> Response | _FastText:
        try:
            rv = None
            for hook in self._hooks.request_started:
                rv = hook(self)
                if rv is not None:
                    break
            if rv is None:
                rv = self.preprocess_request() if (self.before_request_funcs or self.url_value_preprocessors) else None
            if rv is None:
                rv = self.dispatch_request() if self._custom_dispatch else self._dispatch(ctx)
        except Exception as e:
            rv = self.handle_user_exception(e)
        if (
            fast
            and type(rv) is str
            and not ctx._after_request_functions
            and not ctx._response_processors
            and not self.after_request_funcs
            and not self._hooks.process_response
            and self.response_class is Response
        ):
            return _FastText(rv.encode())
        return self.finalize_request(rv)

    def preprocess_request(self) -> t.Any:
        """Run URL value preprocessors, then ``before_request`` functions (app
        first, then blueprints outward-in); a non-``None`` result ends the request."""
        ctx = _cv_request.get()
        scopes = (None, *reversed(ctx.blueprint_names()))
        for scope in scopes:
            for url_func in self.url_value_preprocessors.get(scope, ()):
                url_func(ctx.endpoint, ctx.view_args)
        for scope in scopes:
            for before_func in self.before_request_funcs.get(scope, ()):
                rv = self.ensure_sync(before_func)()
                if rv is not None:
                    return rv
        return None

    def dispatch_request(self) -> t.Any:
        """Call the view for the current request and return its return value."""
        return self._dispatch(_cv_request.get())

    def _dispatch(self, ctx: RequestContext) -> t.Any:
        if ctx.routing_exception is not None:
            self.raise_routing_exception(ctx.request)
        rule = t.cast(Rule, ctx.url_rule)
        if getattr(rule, "provide_automatic_options", False) and ctx.environ.get("REQUEST_METHOD") == "OPTIONS":
            return self.make_default_options_response()
        view = self.view_functions[rule.endpoint]
        sync = self._sync_cache.get(view)
        if sync is None:
            sync = self._sync_cache[view] = self.ensure_sync(view)
        return sync(**t.cast("dict[str, t.Any]", ctx.view_args))

    def make_default_options_response(self) -> Response:
        """The automatic answer to OPTIONS: an empty response with ``Allow``."""
        adapter = request_ctx.url_adapter
        rv = self.response_class()
        rv.allow.update(adapter.allowed_methods())  # type: ignore[union-attr]
        return rv

    def finalize_request(self, rv: t.Any, from_error_handler: bool = False) -> Response:
        """Make the response and run the response processors."""
        response = self.make_response(rv)
        try:
            response = self.process_response(response)
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    def process_response(self, response: Response) -> Response:
        """Run ``after_this_request`` callbacks, ``after_request`` functions
        (blueprints inward-out, then the app, each in reverse order), the
        request's response processors and the plugins' ``tumbler_process_response``."""
        ctx = _cv_request.get()
        for func in ctx._after_request_functions:
            response = self.ensure_sync(func)(response)
        for scope in (*ctx.blueprint_names(), None):
            for func in reversed(self.after_request_funcs.get(scope, ())):
                response = self.ensure_sync(func)(response)
        for processor in ctx._response_processors:
            processor(response)
        for hook in self._hooks.process_response:
            hook(self, response)
        return response

    def do_teardown_request(self, exc: BaseException | None = _sentinel) -> None:
        """Run ``teardown_request`` functions and the plugins' teardown hooks."""
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        funcs = self.teardown_request_funcs
        if funcs:
            for scope in (*_cv_request.get().blueprint_names(), None):
                for func in reversed(funcs.get(scope, ())):
                    self.ensure_sync(func)(exc)
        for hook in self._hooks.teardown_request:
            hook(self, exc)

    def do_teardown_appcontext(self, exc: BaseException | None = _sentinel) -> None:
        """Run ``teardown_appcontext`` functions and the plugins' hooks."""
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        for func in reversed(self.teardown_appcontext_funcs):
            self.ensure_sync(func)(exc)
        for hook in self._hooks.teardown_appcontext:
            hook(self, exc)

    # -- return values ---------------------------------------------------

    def make_response(self, rv: t.Any) -> Response:
        """Turn a view's return value into a :attr:`response_class` instance.

        Accepted: a Response; str or bytes (the body); dict or list (JSON); an
        iterator or generator (streamed); a WSGI callable; or a tuple
        ``(body, status)``, ``(body, headers)`` or ``(body, status, headers)``.
        Plugins convert other types (``tumbler_make_response``).
        """
        status = headers = None
        if isinstance(rv, tuple):
            if len(rv) == 3:
                rv, status, headers = rv
            elif len(rv) == 2:
                if isinstance(rv[1], (Headers, dict, tuple, list)):
                    rv, headers = rv
                else:
                    rv, status = rv
            else:
                raise TypeError(
                    "The view function did not return a valid response tuple. The tuple"
                    " must have the form (body, status, headers), (body, status), or"
                    " (body, headers)."
                )
        if isinstance(status, (bytes, bytearray)):
            status = status.decode("latin-1")
        if rv is None:
            raise TypeError(
                f"The view function for {request.endpoint!r} did not return a valid"
                " response. The function either returned None or ended without a"
                " return statement."
            )
        if not isinstance(rv, self.response_class):
            if isinstance(rv, (str, bytes, bytearray)) or isinstance(rv, cabc.Iterator):
                rv = self.response_class(
                    t.cast("str | bytes | cabc.Iterator[t.Any]", rv), status=status, headers=headers
                )
                status = headers = None
            elif isinstance(rv, (dict, list)):
                rv = self.json.response(rv)
            elif isinstance(rv, HTTPException):
                # what running the error as a WSGI app would give, without running it
                rv = self.response_class.force_type(rv.get_response(request.environ))
            else:
                converted = None
                for hook in self._hooks.make_response:
                    converted = hook(self, rv)
                    if converted is not None:
                        break
                if converted is not None:
                    rv = converted if isinstance(converted, BaseResponse) else self.make_response(converted)
                    if not isinstance(rv, self.response_class):
                        rv = self.response_class.force_type(rv, request.environ)
                elif isinstance(rv, BaseResponse) or callable(rv):
                    try:
                        rv = self.response_class.force_type(rv, request.environ)
                    except TypeError as e:
                        raise TypeError(
                            f"{e}\nThe view function did not return a valid response. The"
                            " return type must be a string, dict, list, tuple with headers"
                            " or status, Response instance, or WSGI callable, but it was a"
                            f" {type(rv).__name__}."
                        ).with_traceback(sys.exc_info()[2]) from None
                else:
                    raise TypeError(
                        "The view function did not return a valid response. The return"
                        " type must be a string, dict, list, tuple with headers or status,"
                        " Response instance, or WSGI callable, but it was a"
                        f" {type(rv).__name__}."
                    )
        response = t.cast(Response, rv)
        if status is not None:
            if isinstance(status, str):
                response.status = status
            else:
                response.status_code = status
        if headers:
            response.headers.update(headers)
        return response

    # -- errors ----------------------------------------------------------

    def _find_error_handler(self, e: Exception, blueprints: t.Sequence[str]) -> t.Callable[[t.Any], t.Any] | None:
        """The handler for ``e``: by code before by class, blueprints before the
        app, the most specific class first."""
        exc_class, code = self._get_exc_class_and_code(type(e))
        spec = self.error_handler_spec
        for c in (code, None) if code is not None else (None,):
            for name in (*blueprints, None):
                handler_map = spec.get(name, {}).get(c)
                if not handler_map:
                    continue
                for cls in exc_class.__mro__:
                    handler = handler_map.get(cls)
                    if handler is not None:
                        return handler
        return None

    def _error_scopes(self) -> tuple[str, ...]:
        ctx = _cv_request.get(None)
        return ctx.blueprint_names() if ctx is not None else ()

    def trap_http_exception(self, e: Exception) -> bool:
        """Whether an HTTP error should propagate instead of becoming a response
        (``TRAP_HTTP_EXCEPTIONS``, ``TRAP_BAD_REQUEST_ERRORS``)."""
        if self.config["TRAP_HTTP_EXCEPTIONS"]:
            return True
        trap_bad_request = self.config["TRAP_BAD_REQUEST_ERRORS"]
        if trap_bad_request is None and self.debug and isinstance(e, BadRequestKeyError):
            return True
        if trap_bad_request:
            from werkzeug.exceptions import BadRequest

            return isinstance(e, BadRequest)
        return False

    def handle_http_exception(self, e: HTTPException) -> HTTPException | t.Any:
        """Answer an HTTP error with its handler, or with the error itself."""
        if e.code is None or isinstance(e, RoutingException):
            return e
        handler = self._find_error_handler(e, self._error_scopes())
        if handler is None:
            return e
        return self.ensure_sync(handler)(e)

    def handle_user_exception(self, e: Exception) -> t.Any:
        """Handle an exception raised while dispatching; re-raise it if no handler fits."""
        if isinstance(e, BadRequestKeyError) and (self.debug or self.config["TRAP_BAD_REQUEST_ERRORS"]):
            e.show_exception = True
        if isinstance(e, HTTPException) and not self.trap_http_exception(e):
            return self.handle_http_exception(e)
        handler = self._find_error_handler(e, self._error_scopes())
        if handler is None:
            raise
        return self.ensure_sync(handler)(e)

    def handle_exception(self, e: Exception) -> Response:
        """An exception no handler caught: propagate it (debug, testing,
        ``PROPAGATE_EXCEPTIONS``) or log it and answer 500 without a traceback."""
        exc_info = sys.exc_info()
        for hook in self._hooks.request_exception:
            hook(self, e)
        propagate = self.config["PROPAGATE_EXCEPTIONS"]
        if propagate is None:
            propagate = self.testing or self.debug
        if propagate:
            if exc_info[1] is e:
                raise
            raise e
        self.log_exception(exc_info)
        server_error: t.Any = InternalServerError(original_exception=e)
        handler = self._find_error_handler(server_error, self._error_scopes())
        if handler is not None:
            server_error = self.ensure_sync(handler)(server_error)
        return self.finalize_request(server_error, from_error_handler=True)

    def log_exception(self, exc_info: t.Any) -> None:
        self.logger.error(f"Exception on {request.path} [{request.method}]", exc_info=exc_info)

    def should_ignore_error(self, error: BaseException | None) -> bool:
        """Return ``True`` to hide ``error`` from teardown functions."""
        return False

    # -- async -----------------------------------------------------------

    def ensure_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        """``func``, or a sync wrapper when it is ``async def``. Override this
        (or :meth:`async_to_sync`) to run coroutines differently."""
        if iscoroutinefunction(func):
            return self.async_to_sync(func)
        return func

    def async_to_sync(self, func: t.Callable[..., cabc.Coroutine[t.Any, t.Any, t.Any]]) -> t.Callable[..., t.Any]:
        """Run a coroutine function to completion on an event loop, synchronously."""
        return async_to_sync(func)

    # -- the development server ------------------------------------------

    def run(
        self, host: str | None = None, port: int | None = None, debug: bool | None = None, **options: t.Any
    ) -> None:
        """Serve the app with werkzeug's development server (not for production:
        use gunicorn or another WSGI server).

        Does nothing under the command line (``<env_prefix>_RUN_FROM_CLI=true``,
        set by ``tumbler``), so a module calling ``app.run()`` at import time
        does not block ``tumbler run`` or ``tumbler routes``."""
        if os.environ.get(f"{self.env_prefix}_RUN_FROM_CLI") == "true":
            from werkzeug.serving import is_running_from_reloader

            if not is_running_from_reloader():
                print(
                    " * Ignoring a call to 'app.run()' that would block the current command."
                    " Only call 'app.run()' in an 'if __name__ == \"__main__\"' guard.",
                    file=sys.stderr,
                )
            return
        if debug is not None:
            self.debug = bool(debug)
        sn_host, _, sn_port = (self.config.get("SERVER_NAME") or "").partition(":")
        host = host or sn_host or "127.0.0.1"
        if port or port == 0:
            port = int(port)
        else:
            port = int(sn_port) if sn_port else 5000
        options.setdefault("use_reloader", self.debug)
        options.setdefault("use_debugger", self.debug)
        options.setdefault("threaded", True)
        from werkzeug import serving  # looked up now, so tests can replace run_simple

        try:
            serving.run_simple(host, port, self, **options)
        finally:
            self._got_first_request = False


def _is_http(environ: dict[str, t.Any]) -> bool:
    return environ.get("wsgi.url_scheme") in ("http", "https")


def _env_flag(name: str) -> bool:
    value = os.environ.get(name)
    return bool(value) and value.lower() not in {"0", "false", "no"}  # type: ignore[union-attr]
