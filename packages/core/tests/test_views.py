"""Class-based views: View and MethodView."""

from __future__ import annotations

import typing as t

import pytest
import tumbler
from tumbler import App, MethodView, View
from werkzeug.test import Client


def test_view(app: App, client: Client) -> None:
    class Index(View):
        methods = ["GET", "POST"]

        def dispatch_request(self) -> str:
            return tumbler.request.method

    app.add_url_rule("/", view_func=Index.as_view("index"))
    assert client.get("/").text == "GET"
    assert client.post("/").text == "POST"
    assert client.put("/").status_code == 405
    assert sorted(client.options("/").allow) == ["GET", "HEAD", "OPTIONS", "POST"]


def test_view_default_methods_and_arguments(app: App, client: Client) -> None:
    class Greet(View):
        def __init__(self, greeting: str) -> None:
            self.greeting = greeting

        def dispatch_request(self, name: str) -> str:
            return f"{self.greeting}, {name}"

    view = Greet.as_view("greet", "Hello")
    assert view.__name__ == "greet"
    assert view.view_class is Greet  # type: ignore[attr-defined]
    app.add_url_rule("/<name>", view_func=view)
    assert client.get("/you").text == "Hello, you"
    assert client.post("/you").status_code == 405


def test_view_instance_per_request_or_shared(app: App, client: Client) -> None:
    class Counter(View):
        def __init__(self) -> None:
            self.count = 0

        def dispatch_request(self) -> str:
            self.count += 1
            return str(self.count)

    class SharedCounter(Counter):
        init_every_request = False

    app.add_url_rule("/fresh", view_func=Counter.as_view("fresh"))
    app.add_url_rule("/shared", view_func=SharedCounter.as_view("shared"))
    assert [client.get("/fresh").text for _ in range(2)] == ["1", "1"]
    assert [client.get("/shared").text for _ in range(2)] == ["1", "2"]


def test_view_decorators(app: App, client: Client) -> None:
    def add_header(f: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        def wrapped(**kwargs: t.Any) -> t.Any:
            response = tumbler.make_response(f(**kwargs))
            response.headers["X-Decorated"] = "yes"
            return response

        return wrapped

    class Index(View):
        decorators = [add_header]

        def dispatch_request(self) -> str:
            return "decorated"

    app.add_url_rule("/", view_func=Index.as_view("index"))
    response = client.get("/")
    assert response.text == "decorated" and response.headers["X-Decorated"] == "yes"


def test_view_without_dispatch_request(app: App) -> None:
    app.testing = True
    app.add_url_rule("/", view_func=View.as_view("index"))
    with pytest.raises(NotImplementedError):
        Client(app).get("/")


def test_method_view(app: App, client: Client) -> None:
    class Item(MethodView):
        def get(self, id: int) -> str:
            return f"get {id}"

        def post(self, id: int) -> str:
            return f"post {id}"

        def delete(self, id: int) -> tuple[str, int]:
            return "", 204

    app.add_url_rule("/<int:id>", view_func=Item.as_view("item"))
    assert sorted(Item.methods or ()) == ["DELETE", "GET", "POST"]
    assert client.get("/1").text == "get 1"
    assert client.post("/2").text == "post 2"
    assert client.delete("/3").status_code == 204
    assert client.put("/4").status_code == 405
    head = client.head("/5")
    assert head.status_code == 200 and head.data == b""


def test_method_view_inheritance(app: App, client: Client) -> None:
    class Base(MethodView):
        def get(self) -> str:
            return "base get"

    class Child(Base):
        def post(self) -> str:
            return "child post"

    class Explicit(MethodView):
        methods = ["GET"]

        def get(self) -> str:
            return "explicit"

        def post(self) -> str:
            return "never routed"

    assert sorted(Child.methods or ()) == ["GET", "POST"]
    app.add_url_rule("/child", view_func=Child.as_view("child"))
    app.add_url_rule("/explicit", view_func=Explicit.as_view("explicit"))
    assert client.get("/child").text == "base get"
    assert client.post("/child").text == "child post"
    assert client.post("/explicit").status_code == 405


def test_method_view_explicit_head(app: App, client: Client) -> None:
    class Index(MethodView):
        def get(self) -> str:
            return "GET"

        def head(self) -> tumbler.Response:
            return tumbler.Response("", headers={"X-Head": "own"})

    app.add_url_rule("/", view_func=Index.as_view("index"))
    assert client.head("/").headers["X-Head"] == "own"


def test_method_view_on_a_blueprint(app: App, client: Client) -> None:
    bp = tumbler.Blueprint("bp", __name__, url_prefix="/bp")

    class Index(MethodView):
        def get(self) -> str:
            return tumbler.url_for(".index")

    bp.add_url_rule("/", view_func=Index.as_view("index"))
    app.register_blueprint(bp)
    assert client.get("/bp/").text == "/bp/"


def test_view_provide_automatic_options(app: App, client: Client) -> None:
    class Index(View):
        methods = ["GET", "OPTIONS"]
        provide_automatic_options = False

        def dispatch_request(self) -> str:
            return f"own {tumbler.request.method}"

    app.add_url_rule("/", view_func=Index.as_view("index"))
    assert client.options("/").text == "own OPTIONS"
