"""Request and Response: werkzeug's wrappers, aware of the current app's config."""

from __future__ import annotations

import functools
import typing as t
from urllib.parse import parse_qsl, unquote

from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.wrappers import Request as _WRequest
from werkzeug.wrappers import Response as _WResponse
from werkzeug.wsgi import LimitedStream

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
        self.key, self.default, self.attr = key, default, f"_{key.lower()}"

    def __get__(self, obj: t.Any, owner: t.Any = None) -> int | None:
        if obj is not None and (value := obj.__dict__.get(self.attr)) is not None:
            return t.cast(int, value)
        return ctx.app.config[self.key] if obj is not None and (ctx := _cv_app.get(None)) is not None else self.default

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


@functools.cache
def _keeps(cls: type, base: type, names: tuple[str, ...]) -> bool:
    """Whether ``cls`` keeps ``base``'s members ``names``, which a direct path stands in for.
    (Callers silence mypy's ``arg-type``: it does not take a class for ``Hashable``.)"""
    return all(getattr(cls, n) is getattr(base, n) for n in names)


#: ``Content-Type`` values (in any case) whose body :meth:`Request._parse_form_data` parses itself.
_URLENCODED = ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8")
#: werkzeug's members the direct form parsing stands in for: a subclass overriding one keeps werkzeug's.
_FORM_MEMBERS = ("want_form_data_parsed", "make_form_data_parser", "form_data_parser_class", "stream")


def _parse_urlencoded(body: str) -> list[tuple[str, str]]:
    """``parse_qsl`` as werkzeug's form parser calls it, at a fraction of its cost:
    the body is unquoted at once, then split, unless unquoting made a separator
    (an escaped ``&`` or ``=``; it never removes one)."""
    text = unquote(body.replace("+", " "), errors="werkzeug.url_quote")
    if text.count("&") != body.count("&") or text.count("=") != body.count("="):
        return parse_qsl(body, keep_blank_values=True, errors="werkzeug.url_quote")
    return [(key, value) for key, _, value in (part.partition("=") for part in text.split("&") if part)]


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
        return endpoint.rpartition(".")[0] if endpoint is not None and "." in endpoint else None

    @property
    def blueprints(self) -> list[str]:
        """The handling blueprint and its parents, innermost first."""
        return [] if (name := self.blueprint) is None else list(_blueprint_chain(name))

    def get_data(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return _read_body(functools.partial(super().get_data, *args, **kwargs))

    def _load_form_data(self) -> None:
        _read_body(self._parse_form_data)
        ctx = _cv_app.get(None)
        if ctx is not None and ctx.app.debug and self.mimetype != "multipart/form-data" and not self.files:
            from .debughelpers import attach_enctype_error_multidict

            attach_enctype_error_multidict(self)

    def _parse_form_data(self) -> None:
        """werkzeug's form parsing, with a direct path for a form POST: a urlencoded
        body of a plain ``Content-Length`` under 1 MB is read and parsed here as
        werkzeug's parser does, without its general machinery (most of the cost).

        werkzeug's parser takes the rest: another media type or parameter, a length
        over ``MAX_CONTENT_LENGTH`` or ``MAX_FORM_MEMORY_SIZE`` (its 413s), a chunked
        or server-terminated body, a stream already used, a subclass's own parsing.
        """
        length, d = self.environ.get("CONTENT_LENGTH") or "", self.__dict__
        n = int(length) if length.isdigit() and length.isascii() and len(length) < 7 else -1
        if (
            n < 0
            or (self.environ.get("CONTENT_TYPE") or "").lower() not in _URLENCODED
            or not _keeps(type(self), _WRequest, _FORM_MEMBERS)  # type: ignore[arg-type]
            or (self.shallow or "stream" in d)  # no stream, or one read already (get_data reads it too)
            or not self.environ.keys().isdisjoint(("HTTP_TRANSFER_ENCODING", "wsgi.input_terminated"))
            or ((limit := self.max_content_length) is not None and n > limit)
            or ((limit := self.max_form_memory_size) is not None and n > limit)
        ):
            return super()._load_form_data()
        stream = d["stream"] = LimitedStream(self.environ["wsgi.input"], n)  # werkzeug's, as its parser leaves it
        body = stream.read(n)
        if len(body) < n:  # a short read: werkzeug's stream reads on, or raises ClientDisconnected
            body += stream.read()
        try:
            form = self.parameter_storage_class(_parse_urlencoded(body.decode()))
        except ValueError:  # werkzeug's parser answers an empty form for a body that is not UTF-8
            form = self.parameter_storage_class()
        d["form"], d["files"] = form, self.parameter_storage_class()

    def close(self) -> None:
        if self.__dict__.get("files"):  # werkzeug's loop costs an ABC check even with no files
            super().close()

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

    @property
    def max_cookie_size(self) -> int:  # type: ignore[override]
        """``MAX_COOKIE_SIZE`` of the current app, else werkzeug's default."""
        value = ctx.app.config["MAX_COOKIE_SIZE"] if (ctx := _cv_app.get(None)) is not None else None
        return super().max_cookie_size if value is None else int(value)

    def get_wsgi_response(self, environ: dict[str, t.Any]) -> tuple[t.Iterable[bytes], str, list[tuple[str, str]]]:
        """werkzeug's, without copying the headers in the common case: no
        ``Location`` or ``Content-Location`` to rewrite, a ``Content-Length``
        already set (``set_data`` sets it) and a status whose headers stay."""
        status = self.status_code
        if status >= 200 and status != 204 and status != 304 and _keeps(type(self), _WResponse, _PLAIN_METHODS):  # type: ignore[arg-type]
            headers = list(self.headers)
            names = {key.lower() for key, _ in headers}
            if "content-length" in names and names.isdisjoint(("location", "content-location")):
                # set_data's one bytes chunk and nothing to call on close: werkzeug's
                # ClosingIterator would only add its cost (a GET's or POST's body, not a HEAD's)
                body = self.response
                one_chunk = type(body) is list and len(body) == 1 and type(body[0]) is bytes
                if one_chunk and not self._on_close and environ["REQUEST_METHOD"] != "HEAD":
                    return t.cast("list[bytes]", body), self.status, headers
                return self.get_app_iter(environ), self.status, headers
        return super().get_wsgi_response(environ)
