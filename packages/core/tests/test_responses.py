"""Return values and responses: what a view may return and what it becomes."""

from __future__ import annotations

import typing as t

import pytest
import tumbler
from tumbler import App, Response
from werkzeug.datastructures import Headers
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Response as WerkzeugResponse


def _view(app: App, rv: t.Any) -> Client:
    app.add_url_rule("/", "index", lambda: rv, methods=["GET", "POST"])
    return Client(app)


def test_str(app: App) -> None:
    response = _view(app, "Hällo").get("/")
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    assert response.text == "Hällo"


def test_bytes(app: App) -> None:
    response = _view(app, b"\x00raw").get("/")
    assert response.data == b"\x00raw"
    assert response.content_type == "text/html; charset=utf-8"


@pytest.mark.parametrize("value", [{"a": [1, 2]}, [1, "two", None]])
def test_dict_and_list_are_json(app: App, value: t.Any) -> None:
    response = _view(app, value).get("/")
    assert response.content_type == "application/json"
    assert response.json == value


def test_response_object(app: App) -> None:
    response = _view(app, Response("made", status=201, headers={"X-A": "b"})).get("/")
    assert (response.status_code, response.text, response.headers["X-A"]) == (201, "made", "b")


def test_werkzeug_response_is_converted(app: App) -> None:
    response = _view(app, WerkzeugResponse("plain", mimetype="text/plain")).get("/")
    assert (response.text, response.mimetype) == ("plain", "text/plain")


def test_wsgi_callable(app: App) -> None:
    def wsgi(environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> list[bytes]:
        start_response("203 OK", [("X-Wsgi", "yes")])
        return [b"from wsgi ", environ["PATH_INFO"].encode()]

    response = _view(app, wsgi).get("/")
    assert (response.status_code, response.headers["X-Wsgi"], response.text) == (203, "yes", "from wsgi /")


def test_generator_is_streamed(app: App) -> None:
    produced: list[int] = []

    def generate() -> t.Iterator[str]:
        for i in range(3):
            produced.append(i)
            yield str(i)

    @app.route("/")
    def index() -> t.Any:
        return generate()

    started: list[tuple[str, list[tuple[str, str]]]] = []
    body = app(EnvironBuilder("/").get_environ(), lambda status, headers: started.append((status, headers)))
    assert started[0][0] == "200 OK"
    assert "Content-Length" not in dict(started[0][1])
    assert produced == []  # nothing generated before the server reads the body
    assert b"".join(body) == b"012"
    assert produced == [0, 1, 2]


def test_iterator_of_bytes(app: App) -> None:
    assert _view(app, iter([b"a", b"b"])).get("/").data == b"ab"


@pytest.mark.parametrize(
    ("rv", "status", "headers"),
    [
        (("body", 201), 201, {}),
        (("body", "202 ACCEPTED"), 202, {}),
        (("body", {"X-A": "1"}), 200, {"X-A": "1"}),
        (("body", [("X-A", "1")]), 200, {"X-A": "1"}),
        (("body", Headers({"X-A": "1"})), 200, {"X-A": "1"}),
        (("body", 404, {"X-A": "1"}), 404, {"X-A": "1"}),
        (("body", "418 TEAPOT", [("X-A", "1")]), 418, {"X-A": "1"}),
        (("body", b"202 ACCEPTED"), 202, {}),
        ((Response("body"), b"203 INFO"), 203, {}),
        ((Response("body"), 203), 203, {}),
        ((Response("body", headers={"X-B": "2"}), {"X-A": "1"}), 200, {"X-A": "1", "X-B": "2"}),
    ],
)
def test_tuples(app: App, rv: t.Any, status: int, headers: dict[str, str]) -> None:
    response = _view(app, rv).get("/")
    assert response.status_code == status
    assert response.text == "body"
    for key, value in headers.items():
        assert response.headers[key] == value


def test_json_tuple(app: App) -> None:
    response = _view(app, ({"created": True}, 201, {"Location": "/x"})).get("/")
    assert (response.status_code, response.json, response.headers["Location"]) == (201, {"created": True}, "/x")


def test_custom_status_text(app: App) -> None:
    response = _view(app, ("body", "299 CUSTOM")).get("/")
    assert response.status == "299 CUSTOM"


def test_bad_tuple_is_a_clear_type_error(app: App) -> None:
    app.testing = True
    client = _view(app, ("a", 200, {}, "extra"))
    with pytest.raises(TypeError, match=r"\(body, status, headers\), \(body, status\), or \(body, headers\)"):
        client.get("/")


def test_none_is_a_clear_type_error(app: App) -> None:
    app.testing = True

    @app.route("/")
    def forgot() -> None:
        pass

    with pytest.raises(TypeError, match="view function for 'forgot' did not return a valid response"):
        Client(app).get("/")


@pytest.mark.parametrize("value", [42, 1.5, object(), True])
def test_unknown_types_are_a_clear_type_error(app: App, value: t.Any) -> None:
    app.testing = True
    with pytest.raises(TypeError, match=f"but it was a {type(value).__name__}"):
        _view(app, value).get("/")


def test_unknown_type_is_a_500_in_production(app: App) -> None:
    assert _view(app, 42).get("/").status_code == 500


def test_make_response(app: App) -> None:
    with app.test_request_context():
        empty = tumbler.make_response()
        assert isinstance(empty, Response) and empty.status_code == 200 and empty.data == b""
        response = tumbler.make_response("text", 404, {"X-A": "b"})
        assert (response.status_code, response.get_data(as_text=True), response.headers["X-A"]) == (404, "text", "b")
        assert tumbler.make_response({"a": 1}).json == {"a": 1}
        assert tumbler.make_response(("x", 201)).status_code == 201
        same = Response("x")
        assert tumbler.make_response(same) is same
    with pytest.raises(RuntimeError, match="app context"):
        tumbler.make_response("x")


def test_response_and_request_classes_are_replaceable() -> None:
    class MyRequest(tumbler.Request):
        def shout(self) -> str:
            return self.path.upper()

    class MyResponse(Response):
        default_mimetype = "text/plain"

    class MyApp(App):
        request_class = MyRequest
        response_class = MyResponse

    app = MyApp(__name__, plugins=[])

    @app.route("/x")
    def index() -> str:
        assert isinstance(tumbler.request._get_current_object(), MyRequest)  # type: ignore[attr-defined]
        return tumbler.request.shout()  # type: ignore[attr-defined]

    @app.route("/json")
    def as_json() -> dict[str, int]:
        return {"a": 1}

    client = Client(app)
    response = client.get("/x")
    assert (response.text, response.mimetype) == ("/X", "text/plain")
    assert client.get("/json").mimetype == "application/json"
    with app.test_request_context():
        assert isinstance(tumbler.make_response(WerkzeugResponse("x")), MyResponse)


def test_max_content_length(app: App, client: Client) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10

    @app.post("/")
    def index() -> str:
        return tumbler.request.get_data(as_text=True)

    @app.post("/form")
    def form() -> str:
        return tumbler.request.form.get("a", "")

    assert client.post("/", data="short").text == "short"
    response = client.post("/", data="x" * 100)
    assert response.status_code == 413
    assert "Request Entity Too Large" in response.text
    assert client.post("/form", data={"a": "y" * 100}).status_code == 413


def test_max_content_length_per_request(app: App, client: Client) -> None:
    @app.post("/")
    def index() -> str:
        tumbler.request.max_content_length = 3
        return tumbler.request.get_data(as_text=True)

    assert client.post("/", data="abcdef").status_code == 413


def test_form_limits_come_from_config(app: App) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = 7
    app.config["MAX_FORM_PARTS"] = 3
    with app.test_request_context():
        assert tumbler.request.max_form_memory_size == 7
        assert tumbler.request.max_form_parts == 3
    request = tumbler.Request.from_values()
    assert request.max_content_length is None
    assert request.max_form_parts == 1000


def test_request_properties(app: App) -> None:
    bp = tumbler.Blueprint("bp", __name__)

    @bp.route("/<int:id>")
    def item(id: int) -> str:
        return ""

    app.register_blueprint(bp, url_prefix="/bp")
    with app.test_request_context("/bp/3"):
        assert tumbler.request.endpoint == "bp.item"
        assert tumbler.request.view_args == {"id": 3}
        assert tumbler.request.url_rule is not None and tumbler.request.url_rule.rule == "/bp/<int:id>"
        assert tumbler.request.blueprint == "bp"
        assert tumbler.request.blueprints == ["bp"]
    with app.test_request_context("/nothing"):
        assert tumbler.request.endpoint is None
        assert tumbler.request.blueprint is None
        assert tumbler.request.blueprints == []
        assert tumbler.request.routing_exception is not None


def test_max_cookie_size_from_config(app: App) -> None:
    app.config["MAX_COOKIE_SIZE"] = 20
    with app.test_request_context():
        response = Response()
        with pytest.warns(UserWarning, match="cookie is too large"):
            response.set_cookie("a", "x" * 50)
    assert Response().max_cookie_size == 4093


def _wsgi(response: WerkzeugResponse, method: str = "GET") -> tuple[str, list[tuple[str, str]], bytes]:
    environ = EnvironBuilder(path="/here/", method=method).get_environ()
    app_iter, status, headers = response.get_wsgi_response(environ)
    try:
        body = b"".join(app_iter)
    finally:
        getattr(app_iter, "close", lambda: None)()
    return status, headers, body


def _cases() -> list[tuple[str, t.Callable[[type[WerkzeugResponse]], WerkzeugResponse], str]]:
    def set_response(cls: type[WerkzeugResponse]) -> WerkzeugResponse:
        rv = cls("x")
        rv.response = [b"replaced", b" body"]  # no Content-Length any more
        del rv.headers["Content-Length"]
        return rv

    def not_modified(cls: type[WerkzeugResponse]) -> WerkzeugResponse:
        rv = cls("body", status=304, headers={"Content-Language": "en", "ETag": '"a"'})
        return rv

    return [
        ("plain", lambda cls: cls("hello", headers={"X-A": "1"}), "GET"),
        ("head", lambda cls: cls("hello"), "HEAD"),
        ("json 404", lambda cls: cls('{"a": 1}', status=404, mimetype="application/json"), "GET"),
        ("location", lambda cls: cls("moved", status=302, headers={"Location": "/ü/x"}), "GET"),
        ("content-location", lambda cls: cls("x", headers={"Content-Location": "/ü"}), "GET"),
        ("no content", lambda cls: cls("", status=204), "GET"),
        ("not modified", not_modified, "GET"),
        ("informational", lambda cls: cls("", status=103), "GET"),
        ("body replaced", set_response, "GET"),
        ("streamed", lambda cls: cls(iter([b"a", b"b"])), "GET"),
    ]


@pytest.mark.parametrize(("make", "method"), [c[1:] for c in _cases()], ids=[c[0] for c in _cases()])
def test_wsgi_output_is_werkzeugs(make: t.Callable[[type[WerkzeugResponse]], WerkzeugResponse], method: str) -> None:
    """Our Response skips werkzeug's header copy when nothing would change: what
    the server gets is the same in every case."""

    class Plain(WerkzeugResponse):
        default_mimetype = "text/html"
        autocorrect_location_header = False

    assert _wsgi(make(Response), method) == _wsgi(make(Plain), method)


def test_a_subclass_get_wsgi_headers_is_used() -> None:
    class Stamped(Response):
        def get_wsgi_headers(self, environ: t.Any) -> Headers:
            headers = super().get_wsgi_headers(environ)
            headers["X-Stamp"] = "1"
            return headers

    assert ("X-Stamp", "1") in _wsgi(Stamped("x"))[1]
