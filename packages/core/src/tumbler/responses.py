"""Making responses: ``make_response``, ``abort``, and the direct text answer."""

from __future__ import annotations

import typing as t

from werkzeug.exceptions import abort as _wz_abort

from .globals import _cv_app

if t.TYPE_CHECKING:
    from .wrappers import Response

__all__ = ["abort", "make_response"]


def make_response(*args: t.Any) -> Response:
    """Turn view-style return values into a response, to change it before
    returning it: ``make_response("body", 201, {"X-A": "b"})``. With no
    arguments, an empty response."""
    ctx = _cv_app.get(None)
    if ctx is None:
        raise RuntimeError("make_response() needs an app context; call it in a view.")
    if not args:
        return ctx.app.response_class()
    return ctx.app.make_response(args[0] if len(args) == 1 else args)


def abort(code: int | Response, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Stop the request with an HTTP error (``abort(404)``) or a response."""
    ctx = _cv_app.get(None)
    if ctx is not None:
        ctx.app.aborter(code, *args, **kwargs)
    _wz_abort(code, *args, **kwargs)


class _FastText:
    """A 200 ``text/html`` answer for a view that returned a str and that no
    response processor needs to see: no ``Response`` object is built."""

    __slots__ = ("body",)

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __call__(self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> list[bytes]:
        start_response(
            "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(self.body)))]
        )
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [self.body]
