"""Subclasses (and instances) may replace the public steps of the request path."""

from __future__ import annotations

import typing as t

import tumbler
from tumbler import App
from werkzeug.test import Client


def _index(app: App) -> App:
    app.add_url_rule("/", "index", lambda: "view")
    return app


def test_override_dispatch_request() -> None:
    class MyApp(App):
        def dispatch_request(self) -> t.Any:
            rv = super().dispatch_request()
            return f"wrapped {rv}"

    assert Client(_index(MyApp(__name__, plugins=[]))).get("/").text == "wrapped view"


def test_override_full_dispatch_request() -> None:
    class MyApp(App):
        def full_dispatch_request(self) -> tumbler.Response:
            response = super().full_dispatch_request()
            response.headers["X-Full"] = "1"
            return response

    assert Client(_index(MyApp(__name__, plugins=[]))).get("/").headers["X-Full"] == "1"


def test_override_request_context() -> None:
    made: list[str] = []

    class MyApp(App):
        def request_context(self, environ: dict[str, t.Any]) -> tumbler.RequestContext:
            made.append(environ["PATH_INFO"])
            return super().request_context(environ)

    assert Client(_index(MyApp(__name__, plugins=[]))).get("/").text == "view"
    assert made == ["/"]


def test_override_on_the_instance() -> None:
    app = _index(App(__name__, plugins=[]))
    original = app.dispatch_request
    app.dispatch_request = lambda: f"patched {original()}"  # type: ignore[method-assign]
    assert Client(app).get("/").text == "patched view"


def test_override_make_response_and_log_exception() -> None:
    logged: list[str] = []

    class MyApp(App):
        def make_response(self, rv: t.Any) -> tumbler.Response:
            if isinstance(rv, int):
                rv = str(rv)
            return super().make_response(rv)

        def log_exception(self, exc_info: t.Any) -> None:
            logged.append(type(exc_info[1]).__name__)

    app = MyApp(__name__, plugins=[])
    app.add_url_rule("/", "index", lambda: 42)
    app.add_url_rule("/fail", "fail", lambda: 1 / 0)
    client = Client(app)
    assert client.get("/").text == "42"
    assert client.get("/fail").status_code == 500
    assert logged == ["ZeroDivisionError"]
