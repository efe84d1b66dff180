"""Error handling: finding a registered handler, trapping HTTP errors, and the
last resort for an exception nothing handled (log it, answer 500).

These functions are methods of :class:`~tumbler.App` (bound in ``app.py``).
Handlers are found by status code before class, blueprints (innermost
first) before the app, and the most specific class first.
"""

from __future__ import annotations

import sys
import typing as t

from werkzeug.exceptions import BadRequest, BadRequestKeyError, HTTPException, InternalServerError
from werkzeug.routing import RoutingException

from .globals import _cv_request, request

if t.TYPE_CHECKING:
    from .app import App
    from .wrappers import Response


def _find_handler(app: App, e: Exception) -> t.Callable[[t.Any], t.Any] | None:
    exc_class, code = app._get_exc_class_and_code(type(e))
    ctx = _cv_request.get(None)
    scopes = (*ctx.blueprint_names(), None) if ctx is not None else (None,)
    for c in (code, None) if code is not None else (None,):
        for name in scopes:
            if not (handler_map := app.error_handler_spec.get(name, {}).get(c)):
                continue
            for cls in exc_class.__mro__:
                if (handler := handler_map.get(cls)) is not None:
                    return handler
    return None


def trap_http_exception(app: App, e: Exception) -> bool:
    """Whether an HTTP error should propagate instead of becoming a response
    (``TRAP_HTTP_EXCEPTIONS``, ``TRAP_BAD_REQUEST_ERRORS``)."""
    if app.config["TRAP_HTTP_EXCEPTIONS"]:
        return True
    trap_bad_request = app.config["TRAP_BAD_REQUEST_ERRORS"]
    if trap_bad_request is None and app.debug and isinstance(e, BadRequestKeyError):
        return True
    return bool(trap_bad_request) and isinstance(e, BadRequest)


def handle_http_exception(app: App, e: HTTPException) -> HTTPException | t.Any:
    """Answer an HTTP error with its handler, or with the error itself."""
    if e.code is None or isinstance(e, RoutingException):
        return e
    handler = _find_handler(app, e)
    return e if handler is None else app.ensure_sync(handler)(e)


def handle_user_exception(app: App, e: Exception) -> t.Any:
    """Handle an exception raised while dispatching; re-raise it if no handler fits."""
    if isinstance(e, BadRequestKeyError) and (app.debug or app.config["TRAP_BAD_REQUEST_ERRORS"]):
        e.show_exception = True
    if isinstance(e, HTTPException) and not app.trap_http_exception(e):
        return app.handle_http_exception(e)
    if (handler := _find_handler(app, e)) is None:
        raise
    return app.ensure_sync(handler)(e)


def handle_exception(app: App, e: Exception) -> Response:
    """An exception no handler caught: propagate it (debug, testing,
    ``PROPAGATE_EXCEPTIONS``) or log it and answer 500 without a traceback."""
    exc_info = sys.exc_info()
    app.plugins.annotate(e)  # when a plugin's hook raised it, say which one
    for hook in app._hooks.request_exception:
        hook(app, e)
    propagate = app.config["PROPAGATE_EXCEPTIONS"]
    if propagate is None:
        propagate = app.testing or app.debug
    if propagate:
        if exc_info[1] is e:
            raise
        raise e
    app.log_exception(exc_info)
    server_error: t.Any = InternalServerError(original_exception=e)
    if (handler := _find_handler(app, server_error)) is not None:
        server_error = app.ensure_sync(handler)(server_error)
    return app.finalize_request(server_error, from_error_handler=True)


def log_exception(app: App, exc_info: t.Any) -> None:
    """Log an unhandled exception on the app's logger."""
    app.logger.error(f"Exception on {request.path} [{request.method}]", exc_info=exc_info)


def should_ignore_error(app: App, error: BaseException | None) -> bool:
    """Return ``True`` to hide ``error`` from teardown functions."""
    return False
