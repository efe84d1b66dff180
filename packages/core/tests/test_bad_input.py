"""Malformed requests get a 4xx with a message, never a 500."""

from __future__ import annotations

import typing as t

import pytest
import tumbler
from tumbler import App
from werkzeug.test import Client, EnvironBuilder


@pytest.fixture
def echo(app: App) -> App:
    @app.route("/", methods=["GET", "POST", "PUT"])
    def index() -> t.Any:
        return {"args": tumbler.request.args.to_dict(), "path": tumbler.request.path}

    @app.route("/<name>")
    def named(name: str) -> str:
        return name

    @app.post("/json")
    def json_view() -> t.Any:
        return {"got": tumbler.request.json}

    @app.post("/form")
    def form() -> t.Any:
        return tumbler.request.form.to_dict()

    @app.post("/get_json")
    def get_json() -> t.Any:
        return {"got": tumbler.request.get_json(silent=True)}

    return app


def _call(app: App, environ: dict[str, t.Any]) -> tuple[str, bytes]:
    status: list[str] = []
    body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
    return status[0], body


def test_bad_percent_encoding_in_the_path(echo: App) -> None:
    client = Client(echo)
    response = client.get("/%zz")
    assert response.status_code == 200 and response.text == "%zz"
    response = client.get("/%ff%fe")  # not UTF-8
    assert response.status_code == 200


def test_raw_non_utf8_path(echo: App) -> None:
    environ = EnvironBuilder("/").get_environ()
    environ["PATH_INFO"] = "/\xff\xfe"  # latin-1 decoded bytes, as a WSGI server passes them
    status, _ = _call(echo, environ)
    assert status.startswith("200")


def test_bad_percent_encoding_in_the_query(echo: App) -> None:
    response = Client(echo).get("/?q=%zz&r=%ff")
    assert response.status_code == 200
    assert response.json["args"]["q"] == "%zz"


def test_invalid_json_body(echo: App) -> None:
    response = Client(echo).post("/json", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "Bad Request" in response.text
    assert Client(echo).post("/get_json", data="{not json", content_type="application/json").json == {"got": None}


def test_invalid_json_body_in_debug_says_why(echo: App) -> None:
    echo.debug = True
    response = Client(echo).post("/json", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "Failed to decode JSON object" in response.text


def test_json_with_the_wrong_content_type(echo: App) -> None:
    response = Client(echo).post("/json", data='{"a": 1}', content_type="text/plain")
    assert response.status_code == 415
    assert "application/json" in response.text


def test_json_body_not_utf8(echo: App) -> None:
    response = Client(echo).post("/json", data=b'{"a": "\xff"}', content_type="application/json")
    assert response.status_code == 400


def test_oversized_bodies(echo: App) -> None:
    echo.config["MAX_CONTENT_LENGTH"] = 100
    client = Client(echo)
    assert client.post("/json", json={"a": "x" * 200}).status_code == 413
    assert client.post("/form", data={"a": "x" * 200}).status_code == 413
    assert client.post("/json", json={"a": "x"}).status_code == 200


def test_oversized_form_fields_and_parts(echo: App) -> None:
    echo.config["MAX_FORM_MEMORY_SIZE"] = 10
    client = Client(echo)
    response = client.post("/form", data={"a": "x" * 100}, content_type="multipart/form-data")
    assert response.status_code == 413
    echo_parts = App("parts", plugins=[], config={"MAX_FORM_PARTS": 2})

    @echo_parts.post("/")
    def form() -> t.Any:
        return tumbler.request.form.to_dict()

    response = Client(echo_parts).post("/", data={"a": "1", "b": "2", "c": "3"}, content_type="multipart/form-data")
    assert response.status_code == 413


def test_broken_multipart(echo: App) -> None:
    response = Client(echo).post("/form", data=b"--x\r\nbroken", content_type="multipart/form-data; boundary=x")
    # werkzeug reads what it can: an unterminated multipart body is an empty form
    assert (response.status_code, response.json) == (200, {})


def test_unsupported_methods(echo: App) -> None:
    client = Client(echo)
    for method in ("DELETE", "PATCH", "BREW", "TRACE"):
        response = client.open("/", method=method)
        assert response.status_code == 405, method
        assert "GET" in response.headers["Allow"]


def test_bad_host_header(app: App) -> None:
    app.config["TRUSTED_HOSTS"] = ["example.test"]

    @app.route("/")
    def index() -> str:
        return "x"

    response = Client(app).get("/", headers={"Host": "evil.test"})
    assert response.status_code == 400


def test_invalid_host_characters(app: App) -> None:
    @app.route("/")
    def index() -> str:
        return tumbler.request.host

    environ = EnvironBuilder("/").get_environ()
    environ["HTTP_HOST"] = "bad host\x00"
    status, body = _call(app, environ)
    assert (status, body) == ("200 OK", b"")  # werkzeug drops a host it cannot trust


def test_missing_form_key_is_400(echo: App) -> None:
    @echo.post("/need")
    def need() -> str:
        return tumbler.request.form["field"]

    response = Client(echo).post("/need", data={})
    assert response.status_code == 400
    assert "Bad Request" in response.text


def test_view_argument_conversion_failure_is_404(app: App) -> None:
    @app.route("/<int:id>")
    def item(id: int) -> str:
        return str(id)

    client = Client(app)
    assert client.get("/abc").status_code == 404
    assert client.get("/99999999999999999999999").status_code == 200
    assert client.get("/-1").status_code == 404


def test_garbage_content_length(echo: App) -> None:
    environ = EnvironBuilder("/form", method="POST", data="a=b", content_type="application/x-www-form-urlencoded")
    env = environ.get_environ()
    env["CONTENT_LENGTH"] = "not a number"
    status, body = _call(echo, env)
    assert (status, body) == ("200 OK", b"{}\n")  # read as no body
