"""Making responses: converting a view's return value (``App.make_response``),
and the ``make_response`` and ``abort`` helpers."""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from werkzeug.datastructures import Headers
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import abort as _wz_abort
from werkzeug.wrappers import Response as BaseResponse

from .globals import _cv_app, _cv_request, request

if t.TYPE_CHECKING:
    from .app import App
    from .wrappers import Response

__all__ = ["abort", "make_response"]

_BAD_TYPE = (
    "The view function did not return a valid response. The return type must be a string,"
    " dict, list, tuple with headers or status, Response instance, or WSGI callable, but it was a {}."
)


def app_make_response(app: App, rv: t.Any) -> Response:
    """Turn a view's return value into a :attr:`~tumbler.App.response_class`
    instance (``App.make_response``).

    Accepted: a Response; str or bytes (the body); dict or list (JSON); an
    iterator or generator (streamed); a WSGI callable; or a tuple
    ``(body, status)``, ``(body, headers)`` or ``(body, status, headers)``.
    Plugins convert other types (``tumbler_make_response``).
    """
    status = headers = None
    if isinstance(rv, tuple):
        rv, status, headers = _unpack(rv)
    if isinstance(status, (bytes, bytearray)):
        status = status.decode("latin-1")
    if rv is None:
        raise TypeError(
            f"The view function for {request.endpoint!r} did not return a valid response."
            " The function either returned None or ended without a return statement."
        )
    if not isinstance(rv, app.response_class):
        if isinstance(rv, (str, bytes, bytearray, cabc.Iterator)):
            rv = app.response_class(t.cast("str | bytes | cabc.Iterator[t.Any]", rv), status=status, headers=headers)
            status = headers = None
        elif isinstance(rv, (dict, list)):
            rv = app.json.response(rv)
        elif isinstance(rv, HTTPException):
            rv = _error_response(app, rv)
        else:
            rv = _convert(app, rv)
    response = t.cast("Response", rv)
    if status is not None:
        if isinstance(status, str):
            response.status = status
        else:
            response.status_code = status
    if headers:
        response.headers.update(headers)
    return response


def _unpack(rv: tuple[t.Any, ...]) -> tuple[t.Any, t.Any, t.Any]:
    """``(body, status, headers)`` from a view's tuple."""
    if len(rv) == 3:
        return rv
    if len(rv) == 2:
        body, extra = rv
        return (body, None, extra) if isinstance(extra, (Headers, dict, tuple, list)) else (body, extra, None)
    raise TypeError(
        "The view function did not return a valid response tuple. The tuple must have"
        " the form (body, status, headers), (body, status), or (body, headers)."
    )


def _environ() -> dict[str, t.Any]:
    """The current request's environ, without making its Request object."""
    ctx = _cv_request.get(None)
    return ctx.environ if ctx is not None else request.environ  # the proxy says what is missing


def _error_response(app: App, e: HTTPException) -> Response:
    """What running the error as a WSGI app would give, without running it."""
    environ = _environ()
    # Only werkzeug's own get_response is bypassed: an application's class may
    # override it and never call HTTPException.__init__ (no 'response' then).
    if type(e).get_response is HTTPException.get_response and e.response is None:
        # werkzeug's get_response, made with the app's class (werkzeug imports
        # its own inside the method, a failed '__path__' lookup per call)
        return app.response_class(e.get_body(environ), e.code, e.get_headers(environ))
    return app.response_class.force_type(e.get_response(environ))  # type: ignore[return-value]


def _convert(app: App, rv: t.Any) -> BaseResponse:
    """A type the kernel does not know: ask the plugins, else force a WSGI callable."""
    for hook in app._hooks.make_response:
        if (converted := hook(app, rv)) is not None:
            rv = converted if isinstance(converted, BaseResponse) else app.make_response(converted)
            return rv if isinstance(rv, app.response_class) else app.response_class.force_type(rv, request.environ)
    if not (isinstance(rv, BaseResponse) or callable(rv)):
        raise TypeError(_BAD_TYPE.format(type(rv).__name__))
    try:
        return app.response_class.force_type(rv, request.environ)
    except TypeError as e:
        raise TypeError(f"{e}\n{_BAD_TYPE.format(type(rv).__name__)}").with_traceback(e.__traceback__) from None


def make_response(*args: t.Any) -> Response:
    """Turn view-style return values into a response, to change it before
    returning it: ``make_response("body", 201, {"X-A": "b"})``. With no
    arguments, an empty response."""
    if (ctx := _cv_app.get(None)) is None:
        raise RuntimeError("make_response() needs an app context; call it in a view.")
    if not args:
        return ctx.app.response_class()
    return ctx.app.make_response(args[0] if len(args) == 1 else args)


def abort(code: int | Response, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Stop the request with an HTTP error (``abort(404)``) or a response."""
    if (ctx := _cv_app.get(None)) is not None:
        ctx.app.aborter(code, *args, **kwargs)
    _wz_abort(code, *args, **kwargs)
