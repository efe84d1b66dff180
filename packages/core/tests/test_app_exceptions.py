"""An application's own exception classes give the response Flask gives.

Flask only calls an HTTP error's public methods (``get_response``, and
werkzeug's ``get_response`` calls ``get_body``/``get_headers``); it passes a
``RoutingException`` through its handlers unchanged. Applications rely on both:
a class may skip ``HTTPException.__init__`` and override ``get_response`` only.
"""

from __future__ import annotations

import typing as t

import pytest
from tumbler import App, Response
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException
from werkzeug.test import Client


class Redirect303(HTTPException, RoutingException):
    """The shape the issue reports: never calls HTTPException.__init__."""

    code = 303

    def __init__(self, location: str) -> None:
        self.location = location

    def get_response(self, environ: t.Any = None, scope: t.Any = None) -> Response:
        return Response("see other", 303, {"Location": self.location})


class Teapot(HTTPException):
    """Also skips __init__, overrides get_response, and is no routing exception."""

    code = 418

    def __init__(self) -> None:
        pass

    def get_response(self, environ: t.Any = None, scope: t.Any = None) -> Response:
        return Response("short and stout", 418, {"X-Kind": "teapot"})


class JSONError(HTTPException):
    """Calls __init__ and overrides werkzeug's get_body / get_headers."""

    code = 422

    def get_body(self, environ: t.Any = None, scope: t.Any = None) -> str:
        return '{"error": "unprocessable"}'

    def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> list[tuple[str, str]]:
        return [("Content-Type", "application/json")]


class BodyOnlyNoInit(HTTPException):
    """Overrides get_body but skips __init__: werkzeug's get_response reads
    ``self.response`` and fails, so Flask answers 500; so do we."""

    code = 409

    def __init__(self) -> None:
        pass

    def get_body(self, environ: t.Any = None, scope: t.Any = None) -> str:
        return "never seen"


#: The fixture's type: an app whose index raises the given exception.
MakeApp = t.Callable[[BaseException], App]


@pytest.fixture
def make_app() -> MakeApp:
    """An app whose index raises the given exception (compat's tests swap in a Flask app)."""

    def make(exc: BaseException) -> App:
        app = App(__name__, plugins=[])

        @app.route("/")
        def index() -> str:
            raise exc

        return app

    return make


def test_routing_exception_overriding_get_response_without_init(make_app: MakeApp) -> None:
    response = Client(make_app(Redirect303("/elsewhere"))).get("/")
    assert response.status_code == 303
    assert response.headers["Location"] == "/elsewhere"
    assert response.text == "see other"


def test_routing_exception_skips_the_apps_handler_for_its_class(make_app: MakeApp) -> None:
    app = make_app(Redirect303("/elsewhere"))
    app.register_error_handler(Redirect303, lambda e: ("handled", 200))
    assert Client(app).get("/").status_code == 303


def test_http_exception_overriding_get_response_without_init_reaches_its_handler(make_app: MakeApp) -> None:
    app = make_app(Teapot())
    assert Client(app).get("/").headers["X-Kind"] == "teapot"
    app2 = make_app(Teapot())
    app2.register_error_handler(Teapot, lambda e: (f"handled {e.code}", 200))
    assert Client(app2).get("/").text == "handled 418"


def test_http_exception_overriding_get_body_and_get_headers(make_app: MakeApp) -> None:
    response = Client(make_app(JSONError())).get("/")
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/json"
    assert response.json == {"error": "unprocessable"}


def test_http_exception_with_a_response_given_to_init(make_app: MakeApp) -> None:
    response = Client(make_app(HTTPException(response=Response("given", 451)))).get("/")
    assert (response.status_code, response.text) == (451, "given")


def test_get_body_override_without_init_fails_as_in_flask(make_app: MakeApp) -> None:
    app = make_app(BodyOnlyNoInit())
    assert Client(app).get("/").status_code == 500
    app.testing = True
    with pytest.raises(AttributeError, match="response"):
        Client(app).get("/")
