"""The request pipeline: from a WSGI call to a response, then teardown.

These functions are methods of :class:`~tumbler.App` (bound in ``app.py``).
``wsgi_app`` pushes the request context and calls the private
:func:`_full_dispatch` directly unless a subclass replaced one of the public
steps (``App._custom_dispatch``); a view that returns a plain ``str`` (or a
``dict`` or ``list``, serialised by the unchanged default JSON provider) that
no after-request function, response processor or plugin needs to see is
answered directly: ``_full_dispatch`` gives the body and content type, and
``wsgi_app`` starts a 200 response with them, without a Response object.
"""

from __future__ import annotations

import collections.abc as cabc
import sys
import typing as t

from werkzeug.exceptions import NotFound
from werkzeug.routing import RequestRedirect

from . import routing
from .globals import _cv_app, _cv_request, request_ctx
from .json import DefaultJSONProvider
from .wrappers import Response

if t.TYPE_CHECKING:
    from werkzeug.routing import Rule

    from .app import App
    from .ctx import RequestContext

_sentinel: t.Any = object()
#: Content-Length values of small direct answers (formatting an int costs more than indexing)
_SIZES = [str(n) for n in range(1024)]
#: werkzeug's 404 page by description (it depends on nothing else), for the direct 404 answer
_NOT_FOUND: dict[t.Any, bytes] = {}


def wsgi_app(app: App, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> cabc.Iterable[bytes]:
    """The WSGI application; ``app.wsgi_app`` is what middleware wraps."""
    if not app._got_first_request:
        app.finish_setup()
    custom = app._custom_dispatch
    ctx = app.request_context(environ) if custom else app.request_context_class(app, environ)
    error: BaseException | None = None
    try:
        ctx.push()
    except Exception as e:  # a plugin's appcontext_pushed or request_received hook failed
        return _push_failed(app, ctx, e)(environ, start_response)
    try:
        try:
            response = app.full_dispatch_request() if custom else _full_dispatch(app, ctx, True)
        except Exception as e:
            error = e
            response = app.handle_exception(e)
        except:
            error = sys.exc_info()[1]
            raise
        if isinstance(response, tuple):  # the direct answer: (body, content type)
            size = _SIZES[n] if (n := len(response[0])) < 1024 else str(n)
            start_response("200 OK", [("Content-Type", response[1]), ("Content-Length", size)])
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [response[0]]
        if isinstance(response, bytes):  # the direct 404 answer: werkzeug's page
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(response)))]
            start_response("404 NOT FOUND", headers)
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [response]
        return response(environ, start_response)
    finally:
        if "werkzeug.debug.preserve_context" in environ:
            environ["werkzeug.debug.preserve_context"](_cv_app.get())
            environ["werkzeug.debug.preserve_context"](_cv_request.get())
        if error is not None and app.should_ignore_error(error):
            error = None
        ctx.pop(error)


def _push_failed(app: App, ctx: RequestContext, e: Exception) -> Response:
    """Answer through the app's error handling although ``ctx`` could not be pushed
    (so its teardown does not run): the contexts are made current without their hooks."""
    tokens = _cv_app.set(app.app_context()), _cv_request.set(ctx)
    try:
        try:
            return app.finalize_request(app.handle_user_exception(e))
        except Exception as e2:
            return app.handle_exception(e2)
    finally:
        _cv_request.reset(tokens[1])
        _cv_app.reset(tokens[0])


def full_dispatch_request(app: App) -> Response:
    """Dispatch the current request with hooks and error handling."""
    if not app._got_first_request:
        app.finish_setup()
    return t.cast(Response, _full_dispatch(app, _cv_request.get(), False))


def _full_dispatch(app: App, ctx: RequestContext, fast: bool) -> Response | tuple[bytes, str] | bytes:
    try:
        rv = None
        for hook in app._hooks.request_started:
            if (rv := hook(app)) is not None:
                break
        if rv is None and (app.before_request_funcs or app.url_value_preprocessors):
            rv = app.preprocess_request()
        if rv is None:
            rv = _dispatch(app, ctx) if fast or not app._custom_dispatch else app.dispatch_request()
    except Exception as e:
        rv = app.handle_user_exception(e)
    if (
        fast
        and not ctx._after_request_functions
        and not ctx._response_processors
        and not app.after_request_funcs
        and not app._hooks.process_response
        and app.response_class is Response
    ):
        if type(rv) is str:
            return rv.encode(), "text/html; charset=utf-8"
        if type(rv) in (dict, list) and isinstance(json := app.json, DefaultJSONProvider):
            if type(json).response is DefaultJSONProvider.response and json.mimetype == "application/json":
                return json._body(rv).encode(), "application/json"  # werkzeug adds no charset either
        if type(rv) is NotFound and rv.response is None:  # a 404 no handler answered
            if (body := _NOT_FOUND.get(rv.description)) is None and len(_NOT_FOUND) < 64:
                body = _NOT_FOUND[rv.description] = rv.get_body(ctx.environ).encode()
            return body or rv.get_body(ctx.environ).encode()
    return app.finalize_request(rv)


def preprocess_request(app: App) -> t.Any:
    """Run URL value preprocessors, then ``before_request`` functions (app
    first, then blueprints outward-in); a non-``None`` result ends the request."""
    ctx = _cv_request.get()
    scopes = (None, *reversed(ctx.blueprint_names()))
    for scope in scopes:
        for url_func in app.url_value_preprocessors.get(scope, ()):
            url_func(ctx.endpoint, ctx.view_args)
    for scope in scopes:
        for before_func in app.before_request_funcs.get(scope, ()):
            if (rv := app.ensure_sync(before_func)()) is not None:
                return rv
    return None


def dispatch_request(app: App) -> t.Any:
    """Call the view for the current request and return its return value."""
    return _dispatch(app, _cv_request.get())


def _dispatch(app: App, ctx: RequestContext) -> t.Any:
    if (exc := ctx.routing_exception) is not None:
        if not isinstance(exc, RequestRedirect) and (
            getattr(app.raise_routing_exception, "__func__", None) is routing.raise_routing_exception
        ):
            raise exc  # all the default does with a 404 or 405, without building the Request
        app.raise_routing_exception(ctx.request)
    rule: Rule = ctx.url_rule  # type: ignore[assignment]
    if getattr(rule, "provide_automatic_options", False) and ctx.environ["REQUEST_METHOD"] == "OPTIONS":
        return app.make_default_options_response()
    view = app.view_functions[rule.endpoint]
    if (sync := app._sync_cache.get(view)) is None:
        sync = app._sync_cache[view] = app.ensure_sync(view)
    return sync(**ctx.view_args)  # type: ignore[arg-type]


def make_default_options_response(app: App) -> Response:
    """The automatic answer to OPTIONS: an empty response with ``Allow``."""
    rv = app.response_class()
    rv.allow.update(request_ctx.url_adapter.allowed_methods())  # type: ignore[union-attr]
    return rv


def finalize_request(app: App, rv: t.Any, from_error_handler: bool = False) -> Response:
    """Make the response and run the response processors."""
    response = app.make_response(rv)
    try:
        response = app.process_response(response)
    except Exception:
        if not from_error_handler:
            raise
        app.logger.exception("Request finalizing failed with an error while handling an error")
    return response


def process_response(app: App, response: Response) -> Response:
    """Run ``after_this_request`` callbacks, ``after_request`` functions
    (blueprints inward-out, then the app, each in reverse order), the
    request's response processors and the plugins' ``tumbler_process_response``."""
    ctx = _cv_request.get()
    for func in ctx._after_request_functions:
        response = app.ensure_sync(func)(response)
    for scope in (*ctx.blueprint_names(), None):
        for func in reversed(app.after_request_funcs.get(scope, ())):
            response = app.ensure_sync(func)(response)
    for processor in ctx._response_processors:
        processor(response)
    for hook in app._hooks.process_response:
        hook(app, response)
    return response


def do_teardown_request(app: App, exc: BaseException | None = _sentinel) -> None:
    """Run ``teardown_request`` functions and the plugins' teardown hooks."""
    if exc is _sentinel:
        exc = sys.exc_info()[1]
    if funcs := app.teardown_request_funcs:
        for scope in (*_cv_request.get().blueprint_names(), None):
            for func in reversed(funcs.get(scope, ())):
                app.ensure_sync(func)(exc)
    for hook in app._hooks.teardown_request:
        try:
            hook(app, exc)
        except Exception as e:  # the response is made: keep it, run the other hooks
            app.plugins.log_failure(e)


def do_teardown_appcontext(app: App, exc: BaseException | None = _sentinel) -> None:
    """Run ``teardown_appcontext`` functions and the plugins' hooks."""
    if exc is _sentinel:
        exc = sys.exc_info()[1]
    for func in reversed(app.teardown_appcontext_funcs):
        app.ensure_sync(func)(exc)
    for hook in app._hooks.teardown_appcontext:
        try:
            hook(app, exc)
        except Exception as e:  # the response is made: keep it, run the other hooks
            app.plugins.log_failure(e)
