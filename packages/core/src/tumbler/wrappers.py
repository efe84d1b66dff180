"""Request and Response: werkzeug's wrappers, aware of the current app's config."""

from __future__ import annotations

import functools
import typing as t

from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.wrappers import Request as _WRequest
from werkzeug.wrappers import Response as _WResponse

from . import json
from .ctx import _blueprint_chain
from .globals import _cv_app

if t.TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict
    from werkzeug.routing import Rule

__all__ = ["Request", "Response"]


class _Limit:
    """A request size limit: the value set on the request, else the current
    app's config ``key``, else werkzeug's ``default`` (outside an app)."""

    def __init__(self, key: str, default: int | None) -> None:
        self.key, self.default = key, default

    def __set_name__(self, owner: type, name: str) -> None:
        self.attr = f"_{name}"

    def __get__(self, obj: t.Any, owner: t.Any = None) -> int | None:
        if obj is None:
            return self.default
        if (value := obj.__dict__.get(self.attr)) is not None:
            return t.cast(int, value)
        return ctx.app.config[self.key] if (ctx := _cv_app.get(None)) is not None else self.default

    def __set__(self, obj: t.Any, value: int | None) -> None:
        obj.__dict__[self.attr] = value


def _read_body(read: t.Callable[[], t.Any]) -> t.Any:
    """``read()``; an error of the server reading the body (gunicorn raises its
    own for a broken chunked encoding) becomes a 400 instead of a 500."""
    try:
        return read()
    except HTTPException:
        raise
    except Exception as e:
        raise BadRequest("The request body could not be read.") from e


class Request(_WRequest):
    """The request object; routing fills :attr:`url_rule` and :attr:`view_args`."""

    json_module: t.Any = json
    url_rule: Rule | None = None
    view_args: dict[str, t.Any] | None = None
    routing_exception: HTTPException | None = None

    #: The largest body accepted (``MAX_CONTENT_LENGTH``); larger ones get 413.
    max_content_length = _Limit("MAX_CONTENT_LENGTH", None)
    max_form_memory_size = _Limit("MAX_FORM_MEMORY_SIZE", _WRequest.max_form_memory_size)
    max_form_parts = _Limit("MAX_FORM_PARTS", _WRequest.max_form_parts)  # type: ignore[assignment]

    @property
    def args(self) -> MultiDict[str, str]:
        """The parsed query string; 400 if it is not UTF-8 (werkzeug raises ``UnicodeDecodeError``)."""
        try:
            return super().args
        except UnicodeDecodeError:
            raise BadRequest("The query string is not valid UTF-8: percent-encode its bytes.") from None

    @property
    def endpoint(self) -> str | None:
        """The endpoint that matched, or ``None``."""
        return self.url_rule.endpoint if self.url_rule is not None else None

    @property
    def blueprint(self) -> str | None:
        """The dotted name of the blueprint that handles this request."""
        endpoint = self.endpoint
        if endpoint is not None and "." in endpoint:
            return endpoint.rpartition(".")[0]
        return None

    @property
    def blueprints(self) -> list[str]:
        """The handling blueprint and its parents, innermost first."""
        name = self.blueprint
        return [] if name is None else list(_blueprint_chain(name))

    def get_data(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return _read_body(functools.partial(super().get_data, *args, **kwargs))

    def _load_form_data(self) -> None:
        _read_body(super()._load_form_data)
        ctx = _cv_app.get(None)
        if ctx is not None and ctx.app.debug and self.mimetype != "multipart/form-data" and not self.files:
            from .debughelpers import attach_enctype_error_multidict

            attach_enctype_error_multidict(self)

    def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
        try:
            return super().on_json_loading_failed(e)
        except BadRequest as ebr:
            if (ctx := _cv_app.get(None)) is not None and ctx.app.debug:
                raise
            raise BadRequest() from ebr


#: werkzeug's methods the direct WSGI answer of :meth:`Response.get_wsgi_response` stands in for.
_PLAIN_METHODS = ("get_wsgi_headers", "get_app_iter", "iter_encoded", "close")


class Response(_WResponse):
    """The response object; ``text/html`` unless said otherwise."""

    default_mimetype: str | None = "text/html"
    json_module: t.Any = json
    autocorrect_location_header = False
    #: Whether the class keeps werkzeug's ``get_wsgi_headers`` (set for each subclass).
    _plain_wsgi_headers: t.ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._plain_wsgi_headers = all(getattr(cls, n) is getattr(_WResponse, n) for n in _PLAIN_METHODS)

    @property
    def max_cookie_size(self) -> int:  # type: ignore[override]
        """``MAX_COOKIE_SIZE`` of the current app, else werkzeug's default."""
        value = ctx.app.config["MAX_COOKIE_SIZE"] if (ctx := _cv_app.get(None)) is not None else None
        return super().max_cookie_size if value is None else int(value)

    def get_wsgi_response(self, environ: dict[str, t.Any]) -> tuple[t.Iterable[bytes], str, list[tuple[str, str]]]:
        """werkzeug's, without copying the headers in the common case: no
        ``Location`` or ``Content-Location`` to rewrite, a ``Content-Length``
        already set (``set_data`` sets it) and a status whose headers stay."""
        if type(self)._plain_wsgi_headers:
            status = self.status_code
            if status >= 200 and status != 204 and status != 304:
                headers = list(self.headers)
                has_length = False
                for key, _ in headers:
                    name = key.lower()
                    if name == "content-length":
                        has_length = True
                    elif name == "location" or name == "content-location":
                        break
                else:
                    if has_length:
                        # set_data's one bytes chunk and nothing to call on close: werkzeug's
                        # ClosingIterator would only add its cost (a GET's or POST's body, not a HEAD's)
                        body = self.response
                        one_chunk = type(body) is list and len(body) == 1 and type(body[0]) is bytes
                        if one_chunk and not self._on_close and environ["REQUEST_METHOD"] != "HEAD":
                            return t.cast("list[bytes]", body), self.status, headers
                        return self.get_app_iter(environ), self.status, headers
        return super().get_wsgi_response(environ)
