"""Tagged JSON: lossless JSON for the few Python types a session commonly holds.

A value JSON cannot express is written as a one-key object whose key is a
tag (``{" t": [1, 2]}`` for the tuple ``(1, 2)``) and turned back on load.
A real one-key dict whose key looks like a tag is itself tagged (``" di"``),
so it never comes back as something else. Supported out of the box:
``dict``, ``tuple``, ``bytes``, anything with ``__html__`` (loaded as
``markupsafe.Markup``), ``uuid.UUID`` and ``datetime.datetime``.

Add a type by subclassing :class:`JSONTag` and registering it::

    class TagDecimal(JSONTag):
        key = " dec"

        def check(self, value):
            return isinstance(value, Decimal)

        def to_json(self, value):
            return str(value)

        def to_python(self, value):
            return Decimal(value)

    session_json_serializer.register(TagDecimal)
"""

from __future__ import annotations

import json as _stdjson
import typing as t
from base64 import b64decode, b64encode
from datetime import datetime
from uuid import UUID

from tumbler import json
from tumbler.globals import _cv_app
from werkzeug.http import http_date, parse_date

__all__ = [
    "JSONTag",
    "PassDict",
    "PassList",
    "TagBytes",
    "TagDateTime",
    "TagDict",
    "TagMarkup",
    "TagTuple",
    "TagUUID",
    "TaggedJSONSerializer",
]


class JSONTag:
    """One type the :class:`TaggedJSONSerializer` knows how to write and read back."""

    __slots__ = ("serializer",)

    #: The tag written around the JSON form. Empty for a tag that only
    #: recurses into a container and is never written.
    key: str = ""

    def __init__(self, serializer: TaggedJSONSerializer) -> None:
        self.serializer = serializer

    def check(self, value: t.Any) -> bool:
        """Whether this tag handles ``value``."""
        raise NotImplementedError

    def to_json(self, value: t.Any) -> t.Any:
        """``value`` as JSON-compatible data (without the tag)."""
        raise NotImplementedError

    def to_python(self, value: t.Any) -> t.Any:
        """The Python value back from :meth:`to_json`'s output."""
        raise NotImplementedError

    def tag(self, value: t.Any) -> t.Any:
        """``value`` in its tagged JSON form: ``{key: to_json(value)}``."""
        return {self.key: self.to_json(value)}


class TagDict(JSONTag):
    """A one-key dict whose key is a registered tag: its key gets a ``__``
    suffix, so loading cannot mistake it for a tagged value."""

    __slots__ = ()
    key = " di"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in self.serializer.tags

    def to_json(self, value: t.Any) -> t.Any:
        ((key, item),) = value.items()
        return {f"{key}__": self.serializer.tag(item)}

    def to_python(self, value: t.Any) -> t.Any:
        ((key, item),) = value.items()
        return {key[:-2]: item}


class PassDict(JSONTag):
    """Any other dict: its values are tagged, the dict itself is not."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, dict)

    def to_json(self, value: t.Any) -> t.Any:
        tag = self.serializer.tag
        return {k: tag(v) for k, v in value.items()}

    tag = to_json


class TagTuple(JSONTag):
    __slots__ = ()
    key = " t"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, tuple)

    def to_json(self, value: t.Any) -> t.Any:
        tag = self.serializer.tag
        return [tag(item) for item in value]

    def to_python(self, value: t.Any) -> t.Any:
        return tuple(value)


class PassList(JSONTag):
    """Lists: their items are tagged, the list itself is not."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, list)

    def to_json(self, value: t.Any) -> t.Any:
        tag = self.serializer.tag
        return [tag(item) for item in value]

    tag = to_json


class TagBytes(JSONTag):
    __slots__ = ()
    key = " b"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, bytes)

    def to_json(self, value: t.Any) -> t.Any:
        return b64encode(value).decode("ascii")

    def to_python(self, value: t.Any) -> t.Any:
        return b64decode(value, validate=True)


class TagMarkup(JSONTag):
    """Safe HTML: anything with an ``__html__`` method is written as that
    method's result and read back as :class:`markupsafe.Markup`.

    markupsafe is imported only when such a value is read (it comes with
    Jinja2); without it, the value is read back as a ``str`` that still has
    ``__html__``, so template engines keep treating it as safe.
    """

    __slots__ = ()
    key = " m"

    def check(self, value: t.Any) -> bool:
        return callable(getattr(value, "__html__", None))

    def to_json(self, value: t.Any) -> t.Any:
        return str(value.__html__())

    def to_python(self, value: t.Any) -> t.Any:
        try:
            from markupsafe import Markup
        except ImportError:
            return _SafeText(value)
        return Markup(value)


class _SafeText(str):
    """Safe HTML read back without markupsafe installed."""

    __slots__ = ()

    def __html__(self) -> str:
        return self


class TagUUID(JSONTag):
    __slots__ = ()
    key = " u"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, UUID)

    def to_json(self, value: t.Any) -> t.Any:
        return value.hex

    def to_python(self, value: t.Any) -> t.Any:
        return UUID(value)


class TagDateTime(JSONTag):
    """Datetimes, as HTTP dates: second precision, read back in UTC."""

    __slots__ = ()
    key = " d"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, datetime)

    def to_json(self, value: t.Any) -> t.Any:
        return http_date(value)

    def to_python(self, value: t.Any) -> t.Any:
        parsed = parse_date(value)
        if parsed is None:
            raise ValueError(f"Not an HTTP date: {value!r}")
        return parsed


class TaggedJSONSerializer:
    """Writes values as compact tagged JSON and reads them back.

    It is the payload serializer of the signed-cookie session, and is usable
    on its own: ``s.loads(s.dumps(value)) == value`` for the supported types.
    """

    __slots__ = ("tags", "order", "_plain_untagged", "_encoder", "_decoder")

    #: The tags every new serializer starts with, in checking order.
    default_tags: t.ClassVar[list[type[JSONTag]]] = [
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    ]

    def __init__(self) -> None:
        #: Tags by key, for loading.
        self.tags: dict[str, JSONTag] = {}
        #: Tags in the order they are checked when dumping.
        self.order: list[JSONTag] = []
        #: Whether only the standard tags are registered: none of them tags a
        #: str, int, float, bool or None, so those are written without checks.
        self._plain_untagged = True
        #: ``(settings, encoder)``: the default provider's encoder, made once per settings.
        self._encoder: tuple[tuple[t.Any, ...], _stdjson.JSONEncoder] | None = None
        #: A standard-library decoder that untags each object as it is read, made once.
        self._decoder: _stdjson.JSONDecoder | None = None
        for cls in self.default_tags:
            self.register(cls)

    def register(self, tag_class: type[JSONTag], force: bool = False, index: int | None = None) -> None:
        """Add a tag.

        :param tag_class: a :class:`JSONTag` subclass; it is instantiated
            with this serializer.
        :param force: replace a tag with the same key instead of raising
            :exc:`KeyError`.
        :param index: the tag's place in the checking order (``None``: last).
            A tag for a subtype of an already handled type must come before it.
        """
        tag = tag_class(self)
        if tag.key:
            if tag.key in self.tags and not force:
                raise KeyError(
                    f"Tag '{tag.key}' is already registered. Give {tag_class.__name__} another"
                    " key, or pass force=True to replace the existing tag."
                )
            self.tags[tag.key] = tag
        if index is None:
            self.order.append(tag)
        else:
            self.order.insert(index, tag)
        self._plain_untagged = all(type(tag) in _DEFAULT_TAGS for tag in self.order)

    def tag(self, value: t.Any) -> t.Any:
        """``value`` in tagged form (unchanged when no tag handles it)."""
        if self._plain_untagged and type(value) in _PLAIN:
            return value  # no default tag claims these exact types
        for tag in self.order:
            if tag.check(value):
                return tag.tag(value)
        return value

    def untag(self, value: dict[str, t.Any]) -> t.Any:
        """The Python value for a tagged one-key dict; other dicts unchanged."""
        if len(value) != 1:
            return value
        key = next(iter(value))
        tag = self.tags.get(key)
        if tag is None:
            return value
        return tag.to_python(value[key])

    def _untag_scan(self, value: t.Any) -> t.Any:
        if isinstance(value, dict):
            return self.untag({k: self._untag_scan(v) for k, v in value.items()})
        if isinstance(value, list):
            return [self._untag_scan(item) for item in value]
        return value

    def _is_plain_dict(self, value: t.Any) -> bool:
        """Whether the standard tags leave ``value`` as it is: a dict of plain
        values, not a one-key dict whose key is a tag (a typical session)."""
        return (
            self._plain_untagged
            and type(value) is dict
            and (len(value) != 1 or next(iter(value)) not in self.tags)
            and _PLAIN.issuperset(map(type, value.values()))
        )

    def dumps(self, value: t.Any) -> str:
        """Tag ``value`` and write it as compact JSON (with the current app's
        JSON provider, so it handles what the app's JSON handles)."""
        # a dict of plain values is its own tagged form: no copy through the tags
        tagged = value if type(self) is TaggedJSONSerializer and self._is_plain_dict(value) else self.tag(value)
        ctx = _cv_app.get(None)
        provider = ctx.app.json if ctx is not None else None
        if type(provider) is not json.DefaultJSONProvider:  # another provider's dumps decides
            return json.dumps(tagged, separators=(",", ":"))
        # what DefaultJSONProvider.dumps(tagged, separators=...) writes, without a new encoder per call
        settings = (provider.default, provider.ensure_ascii, provider.sort_keys)
        if self._encoder is None or self._encoder[0] != settings:
            encoder = _stdjson.JSONEncoder(
                default=settings[0], ensure_ascii=settings[1], sort_keys=settings[2], separators=(",", ":")
            )
            self._encoder = (settings, encoder)
        return self._encoder[1].encode(tagged)

    def loads(self, value: str | bytes) -> t.Any:
        """Read JSON from :meth:`dumps` and turn tagged values back into Python values."""
        if type(self) is TaggedJSONSerializer and self._plain_untagged and isinstance(value, str):
            ctx = _cv_app.get(None)
            if ctx is None or type(ctx.app.json) is json.DefaultJSONProvider:  # json.loads of the standard library
                try:
                    return self._decode(value)
                except Exception:  # a bad document or tag: fail exactly as the general path fails
                    pass
        return self._untag_scan(json.loads(value))

    def _decode(self, value: str) -> t.Any:
        """``json.loads(value)`` and the tag scan in one pass: the decoder calls
        :meth:`untag` for each object, children first, as the scan does. Only
        a document that fills ``value`` exactly is answered here."""
        decoder = self._decoder
        if decoder is None:
            decoder = self._decoder = _stdjson.JSONDecoder(object_hook=self.untag)
        data, end = decoder.raw_decode(value)
        if end != len(value):  # whitespace or more after the document: the general path decides
            raise ValueError(value)
        return data


_PLAIN = frozenset({str, int, float, bool, type(None)})
_DEFAULT_TAGS = frozenset(TaggedJSONSerializer.default_tags)
