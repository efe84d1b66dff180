"""JSON: a per-app provider object (``app.json``) and module-level helpers.

Replace the provider to change how an app reads and writes JSON: subclass
:class:`DefaultJSONProvider` (or :class:`JSONProvider`) and set
``App.json_provider_class`` or ``app.json = MyProvider(app)``.
"""

from __future__ import annotations

import dataclasses
import decimal
import json as _json
import typing as t
import uuid
import weakref
from datetime import date

from werkzeug.http import http_date

from .globals import _cv_app

if t.TYPE_CHECKING:
    from .app import App
    from .wrappers import Response

__all__ = ["DefaultJSONProvider", "JSONProvider", "dump", "dumps", "jsonify", "load", "loads"]


class JSONProvider:
    """The interface an app's JSON provider implements."""

    def __init__(self, app: App) -> None:
        # a proxy, not a reference: the app owns its provider, not the reverse
        self._app: App = t.cast("App", weakref.proxy(app))

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        raise NotImplementedError

    def dump(self, obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
        fp.write(self.dumps(obj, **kwargs))

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        raise NotImplementedError

    def load(self, fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
        return self.loads(fp.read(), **kwargs)

    def _prepare_response_obj(self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]) -> t.Any:
        if args and kwargs:
            raise TypeError("app.json.response() takes either args or kwargs, not both")
        if not args and not kwargs:
            return None
        return args[0] if len(args) == 1 else args or kwargs

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """A response whose body is the JSON of the one argument, of several
        arguments (a list) or of keyword arguments (an object)."""
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(self.dumps(obj), mimetype="application/json")


def _default(o: t.Any) -> t.Any:
    if isinstance(o, date):
        return http_date(o)
    if isinstance(o, (decimal.Decimal, uuid.UUID)):
        return str(o)
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return dataclasses.asdict(o)
    if hasattr(o, "__html__"):
        return str(o.__html__())
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


class DefaultJSONProvider(JSONProvider):
    """:mod:`json` from the standard library, plus dates (HTTP format),
    ``Decimal``, ``UUID``, dataclasses and objects with ``__html__``.

    Extend it by overriding :meth:`default` (a static method taking the object).
    """

    default: t.Callable[[t.Any], t.Any] = staticmethod(_default)
    ensure_ascii = True
    sort_keys = True
    #: ``None``: indented in debug mode, compact otherwise.
    compact: bool | None = None
    mimetype = "application/json"

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        return _json.dumps(obj, **kwargs)

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        return _json.loads(s, **kwargs)

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        return self._app.response_class(self._body(self._prepare_response_obj(args, kwargs)), mimetype=self.mimetype)

    def _body(self, obj: t.Any) -> str:
        """The text of :meth:`response` (the direct JSON answer of ``pipeline.py`` sends it too)."""
        if self.compact is False or (self.compact is None and self._app.debug):
            return f"{self.dumps(obj, indent=2)}\n"
        return f"{self.dumps(obj, separators=(',', ':'))}\n"


def dumps(obj: t.Any, **kwargs: t.Any) -> str:
    """Serialize with the current app's provider (the default one outside an app)."""
    if (ctx := _cv_app.get(None)) is not None:
        return ctx.app.json.dumps(obj, **kwargs)
    kwargs.setdefault("default", _default)
    return _json.dumps(obj, **kwargs)


def dump(obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
    if (ctx := _cv_app.get(None)) is not None:
        ctx.app.json.dump(obj, fp, **kwargs)
    else:
        kwargs.setdefault("default", _default)
        _json.dump(obj, fp, **kwargs)


def loads(s: str | bytes, **kwargs: t.Any) -> t.Any:
    """Parse with the current app's provider (the standard library outside an app)."""
    ctx = _cv_app.get(None)
    try:
        return ctx.app.json.loads(s, **kwargs) if ctx is not None else _json.loads(s, **kwargs)
    except RecursionError:  # a ValueError, so that get_json answers 400
        raise ValueError("The JSON document is nested too deeply to parse.") from None


def load(fp: t.IO[t.AnyStr], **kwargs: t.Any) -> t.Any:
    """:func:`loads` of the file's content (what a provider's ``load`` does too)."""
    return loads(fp.read(), **kwargs)


def jsonify(*args: t.Any, **kwargs: t.Any) -> Response:
    """A JSON response from the arguments (see :meth:`JSONProvider.response`)."""
    if (ctx := _cv_app.get(None)) is None:
        raise RuntimeError("jsonify() needs an app context; call it in a view or inside app.app_context().")
    return ctx.app.json.response(*args, **kwargs)
