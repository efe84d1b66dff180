"""Tagged JSON: the types a session keeps, in a view and on their own."""

from __future__ import annotations

import sys
import typing as t
import uuid
from datetime import datetime, timezone

import pytest
import tumbler
from markupsafe import Markup
from tumbler_sessions import JSONTag, TaggedJSONSerializer, session, session_json_serializer
from tumbler_sessions.tag import TagDict
from werkzeug.test import Client

NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.mark.parametrize(
    "value",
    [
        {" t": (1, 2, 3)},
        {" t__": b"a"},
        {" di": " di"},
        {"x": (1, 2, 3), "y": 4},
        (1, 2, 3),
        [(1, 2, 3)],
        ((1, (2, b"\x00")), [3]),
        b"\xff",
        Markup("<html>"),
        uuid.uuid4(),
        NOW,
        {"nested": {"deep": [{"tuple": (1,)}]}},
        "plain",
        None,
    ],
)
def test_round_trip(value: t.Any) -> None:
    s = TaggedJSONSerializer()
    loaded = s.loads(s.dumps(value))
    assert loaded == value
    assert type(loaded) is type(value)


def test_output_is_compact_json() -> None:
    assert TaggedJSONSerializer().dumps({"a": (1, 2)}) == '{"a":{" t":[1,2]}}'


def test_session_keeps_the_types(app: tumbler.App) -> None:
    the_uuid = uuid.uuid4()

    @app.get("/store")
    def store() -> tuple[str, int]:
        session.update(
            t=(1, 2, 3),
            b=b"\xff",
            m=Markup("<html>"),
            u=the_uuid,
            d=NOW,
            t_tag={" t": "not-a-tuple"},
            di_t_tag={" t__": "not-a-tuple"},
            di_tag={" di": "not-a-dict"},
        )
        return "", 204

    @app.get("/check")
    def check() -> str:
        assert session["t"] == (1, 2, 3)
        assert type(session["b"]) is bytes and session["b"] == b"\xff"
        assert type(session["m"]) is Markup and session["m"] == Markup("<html>")
        assert session["u"] == the_uuid
        assert session["d"] == NOW
        assert session["t_tag"] == {" t": "not-a-tuple"}
        assert session["di_t_tag"] == {" t__": "not-a-tuple"}
        assert session["di_tag"] == {" di": "not-a-dict"}
        return "checked"

    app.config["TESTING"] = True
    client = Client(app)
    client.get("/store")
    assert client.get("/check").text == "checked"


def test_duplicate_tag_needs_force() -> None:
    class Clash(JSONTag):
        key = " d"

    s = TaggedJSONSerializer()
    with pytest.raises(KeyError, match="already registered"):
        s.register(Clash)
    s.register(Clash, force=True, index=0)
    assert isinstance(s.tags[" d"], Clash)
    assert isinstance(s.order[0], Clash)


def test_custom_tag() -> None:
    class Point:
        def __init__(self, x: int, y: int) -> None:
            self.x, self.y = x, y

    class TagPoint(JSONTag):
        __slots__ = ()
        key = " p"

        def check(self, value: t.Any) -> bool:
            return isinstance(value, Point)

        def to_json(self, value: t.Any) -> t.Any:
            return [value.x, value.y]

        def to_python(self, value: t.Any) -> t.Any:
            return Point(*value)

    s = TaggedJSONSerializer()
    s.register(TagPoint)
    loaded = s.loads(s.dumps({"where": Point(3, 4)}))["where"]
    assert (loaded.x, loaded.y) == (3, 4)
    # a one-key dict using the new tag's key is protected like the built-in ones
    assert s.loads(s.dumps({" p": "text"})) == {" p": "text"}


def test_custom_tag_for_a_plain_type() -> None:
    """A registered tag may claim str or int values, which the standard tags leave alone."""

    class TagShout(JSONTag):
        __slots__ = ()
        key = " shout"

        def check(self, value: t.Any) -> bool:
            return isinstance(value, str) and value.isupper()

        def to_json(self, value: t.Any) -> t.Any:
            return value.lower()

        def to_python(self, value: t.Any) -> t.Any:
            return value.upper()

    s = TaggedJSONSerializer()
    assert s.dumps({"a": "HI", "n": 1}) == '{"a":"HI","n":1}'
    s.register(TagShout, index=0)
    assert s.dumps({"a": "HI", "n": 1}) == '{"a":{" shout":"hi"},"n":1}'
    assert s.loads(s.dumps({"a": "HI", "b": "lo"})) == {"a": "HI", "b": "lo"}


def test_base_tag_must_be_subclassed() -> None:
    tag = JSONTag(TaggedJSONSerializer())
    for method in (tag.check, tag.to_json, tag.to_python):
        with pytest.raises(NotImplementedError):
            method(None)


def test_register_order() -> None:
    class First(JSONTag):
        key = " 1"

    class Last(JSONTag):
        key = " 2"

    s = TaggedJSONSerializer()
    s.register(First, index=-1)
    assert isinstance(s.order[-2], First)
    s.register(Last)
    assert isinstance(s.order[-1], Last)
    assert isinstance(s.order[0], TagDict)


def test_session_serializer_is_shared_and_extensible() -> None:
    assert isinstance(session_json_serializer, TaggedJSONSerializer)
    assert set(session_json_serializer.tags) >= {" di", " t", " b", " m", " u", " d"}


def test_markup_without_markupsafe_stays_safe_html(monkeypatch: pytest.MonkeyPatch) -> None:
    """Markup is detected by ``__html__``; reading it back needs markupsafe only
    when installed, and otherwise gives a str that still declares itself safe."""

    class Html:
        def __html__(self) -> str:
            return "<b>bold</b>"

    s = TaggedJSONSerializer()
    data = s.dumps(Html())
    monkeypatch.setitem(sys.modules, "markupsafe", None)  # importing it now fails
    loaded = s.loads(data)
    assert loaded == "<b>bold</b>"
    assert loaded.__html__() == "<b>bold</b>"


def test_naive_datetime_comes_back_in_utc() -> None:
    s = TaggedJSONSerializer()
    loaded = s.loads(s.dumps(datetime(2024, 5, 1, 12, 30, 15)))
    assert loaded == datetime(2024, 5, 1, 12, 30, 15, tzinfo=timezone.utc)


_DOCUMENTS = [
    '{"count":2}',
    '{"a":{" t":[1,2]},"b":[{" b":"AAE="},{" u":"00000000000000000000000000000001"}]}',
    '{" di":{" t__":1}}',
    '{" t":[{" d":"Wed, 02 Dec 2026 03:00:00 GMT"}]}',
    '[{" m":"<b>"},{"x":null}]',
    ' {"padded":1}',
    '{"trailing":1} ',
    '{"extra":1}{"x":2}',
    '{"bad-bytes":{" b":"%%%"}}',
    '{" t":5}',
    '{" d":"not a date"}',
    '{"open":',
    "\ufeff{}",
    "[" * 50_000 + "]" * 50_000,
]


@pytest.mark.parametrize("document", _DOCUMENTS, ids=range(len(_DOCUMENTS)))
def test_loads_is_json_loads_then_the_tag_scan(document: str) -> None:
    """The one-pass decoder gives what the standard library's parse followed
    by the tag scan gives, value or exception, in and out of an app."""
    s = TaggedJSONSerializer()

    def general() -> t.Any:
        return s._untag_scan(tumbler.json.loads(document))

    for ctx in (tumbler.App("tags").app_context(), _no_context()):
        with ctx:
            try:
                expected: t.Any = general()
            except Exception as e:
                expected = (type(e), str(e))
            try:
                got: t.Any = s.loads(document)
            except Exception as e:
                got = (type(e), str(e))
            assert got == expected
            assert type(got) is type(expected)


class _no_context:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.mark.parametrize(
    "value",
    [
        {"count": 2},
        {"count": 2, "user": "alice", "f": 1.5, "ok": True, "n": None},
        {" t": 1},  # one key that is a tag: tagged as a dict
        {"x": (1, 2)},
        {"x": {"nested": 1}},
        {1: "int key", 2: False},
        {},
    ],
)
def test_dumps_of_a_plain_dict_is_the_tagged_dump(value: dict[t.Any, t.Any]) -> None:
    s = TaggedJSONSerializer()
    with tumbler.App("tags").app_context():
        assert s.dumps(value) == tumbler.json.dumps(s.tag(value), separators=(",", ":"))
    assert s.loads(s.dumps(value)) == s._untag_scan(tumbler.json.loads(s.dumps(value)))
