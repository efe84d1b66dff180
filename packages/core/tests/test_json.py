"""JSON: the app's provider, jsonify, the types it knows, and extending it."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import io
import typing as t
import uuid

import pytest
import tumbler
from tumbler import App, json
from tumbler.json import DefaultJSONProvider, JSONProvider
from werkzeug.test import Client


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Html:
    def __html__(self) -> str:
        return "<p>safe</p>"


def test_jsonify_forms(app: App) -> None:
    with app.app_context():
        assert tumbler.jsonify({"a": 1}).json == {"a": 1}
        assert tumbler.jsonify(a=1, b=2).json == {"a": 1, "b": 2}
        assert tumbler.jsonify(1, 2, 3).json == [1, 2, 3]
        assert tumbler.jsonify([1]).json == [1]
        assert tumbler.jsonify().json is None
        assert tumbler.jsonify("text").json == "text"
        response = tumbler.jsonify({})
        assert response.mimetype == "application/json"
        assert isinstance(response, tumbler.Response)
        with pytest.raises(TypeError, match="either args or kwargs"):
            tumbler.jsonify(1, a=2)
    with pytest.raises(RuntimeError, match="app context"):
        tumbler.jsonify({})


def test_known_types(app: App) -> None:
    u = uuid.UUID("12345678-1234-5678-1234-567812345678")
    value = {
        "date": datetime.date(2024, 1, 2),
        "datetime": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
        "decimal": decimal.Decimal("1.10"),
        "uuid": u,
        "point": Point(1, 2),
        "html": Html(),
    }
    with app.app_context():
        assert json.loads(json.dumps(value)) == {
            "date": "Tue, 02 Jan 2024 00:00:00 GMT",
            "datetime": "Tue, 02 Jan 2024 03:04:05 GMT",
            "decimal": "1.10",
            "uuid": str(u),
            "point": {"x": 1, "y": 2},
            "html": "<p>safe</p>",
        }


def test_unknown_type_is_a_type_error(app: App) -> None:
    with app.app_context(), pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        json.dumps(object())
    with pytest.raises(TypeError, match="not JSON serializable"):
        json.dumps(object())
    with pytest.raises(TypeError, match="not JSON serializable"):
        json.dumps(Point)  # a dataclass type, not an instance


def test_sort_keys_and_ascii(app: App) -> None:
    with app.app_context():
        assert json.dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
        assert json.dumps("ä") == '"\\u00e4"'
        app.json.sort_keys = False  # type: ignore[attr-defined]
        app.json.ensure_ascii = False  # type: ignore[attr-defined]
        assert json.dumps({"b": 1, "a": 2}) == '{"b": 1, "a": 2}'
        assert json.dumps("ä") == '"ä"'


def test_compact_in_production_indented_in_debug(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> dict[str, t.Any]:
        return {"b": [1, 2], "a": 1}

    assert client.get("/").data == b'{"a":1,"b":[1,2]}\n'
    app.debug = True
    assert client.get("/").data == b'{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}\n'
    app.json.compact = True  # type: ignore[attr-defined]
    assert client.get("/").data == b'{"a":1,"b":[1,2]}\n'


def test_mimetype_is_configurable(app: App) -> None:
    app.json.mimetype = "application/vnd.api+json"  # type: ignore[attr-defined]
    with app.app_context():
        assert tumbler.jsonify({}).mimetype == "application/vnd.api+json"


def test_extend_with_default(app: App, client: Client) -> None:
    class Money:
        def __init__(self, cents: int) -> None:
            self.cents = cents

    class MyProvider(DefaultJSONProvider):
        @staticmethod
        def default(o: t.Any) -> t.Any:
            if isinstance(o, Money):
                return f"{o.cents / 100:.2f} EUR"
            return DefaultJSONProvider.default(o)

    app.json = MyProvider(app)

    @app.route("/")
    def index() -> dict[str, t.Any]:
        return {"price": Money(1999), "id": uuid.UUID(int=0)}

    assert client.get("/").json == {"id": "00000000-0000-0000-0000-000000000000", "price": "19.99 EUR"}


def test_provider_class_on_the_app() -> None:
    class Recording(DefaultJSONProvider):
        def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
            return {"parsed_by": "recording", "raw": super().loads(s, **kwargs)}

    class MyApp(App):
        json_provider_class = Recording

    app = MyApp(__name__, plugins=[])

    @app.post("/")
    def index() -> t.Any:
        return tumbler.request.get_json()

    assert Client(app).post("/", json=[1]).json == {"parsed_by": "recording", "raw": [1]}


def test_a_whole_new_provider() -> None:
    class Upper(JSONProvider):
        def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
            return '"' + str(obj).upper() + '"'

        def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
            return "loaded"

    app = App(__name__, plugins=[])
    app.json = Upper(app)
    with app.app_context():
        assert tumbler.jsonify("x").get_data(as_text=True) == '"X"'
        assert json.loads("[]") == "loaded"
        buffer = io.StringIO()
        json.dump("y", buffer)
        assert buffer.getvalue() == '"Y"'
        assert json.load(io.StringIO("{}")) == "loaded"


def test_module_functions_outside_an_app() -> None:
    assert json.dumps({"d": decimal.Decimal("2")}) == '{"d": "2"}'
    assert json.loads('{"a": 1}') == {"a": 1}
    buffer = io.StringIO()
    json.dump([uuid.UUID(int=1)], buffer)
    assert json.load(io.StringIO(buffer.getvalue())) == ["00000000-0000-0000-0000-000000000001"]


def test_request_json(app: App, client: Client) -> None:
    @app.post("/")
    def index() -> t.Any:
        return {"got": tumbler.request.json}

    assert client.post("/", json={"a": [1, 2]}).json == {"got": {"a": [1, 2]}}


def test_test_request_context_json_uses_the_provider(app: App) -> None:
    with app.test_request_context(json={"d": decimal.Decimal("1.5")}):
        assert tumbler.request.json == {"d": "1.5"}


def test_json_responses_are_bytes_and_newline_terminated(app: App) -> None:
    with app.app_context():
        assert tumbler.jsonify([]).data == b"[]\n"
