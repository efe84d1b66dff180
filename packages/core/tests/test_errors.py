"""Errors: abort, handlers by code and class, propagation, traps, the 500 page."""

from __future__ import annotations

import typing as t

import pytest
import tumbler
from tumbler import App, abort
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    HTTPException,
    InternalServerError,
    NotFound,
)
from werkzeug.test import Client


def test_abort(app: App, client: Client) -> None:
    @app.route("/code")
    def code() -> str:
        abort(403)

    @app.route("/described")
    def described() -> str:
        abort(400, description="Name is missing.")

    @app.route("/response")
    def response() -> str:
        abort(tumbler.Response("custom body", status=409))

    assert client.get("/code").status_code == 403
    described_rv = client.get("/described")
    assert described_rv.status_code == 400 and "Name is missing." in described_rv.text
    custom = client.get("/response")
    assert (custom.status_code, custom.text) == (409, "custom body")


def test_an_http_error_page_is_werkzeugs_made_with_the_apps_response_class() -> None:
    class Stamped(tumbler.Response):
        def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
            super().__init__(*args, **kwargs)
            self.headers["X-Stamped"] = "yes"

    class StampedApp(App):
        response_class = Stamped

    class Teapot(HTTPException):
        code = 418

        def get_response(self, environ: t.Any = None, scope: t.Any = None) -> t.Any:
            return tumbler.Response("short and stout", status=418, mimetype="text/plain")

    app = StampedApp(__name__, plugins=[])

    @app.route("/teapot")
    def teapot() -> str:
        raise Teapot()

    client = Client(app)
    missing = client.get("/missing")
    expected = NotFound().get_response()
    assert (missing.status, missing.text) == (expected.status, expected.get_data(as_text=True))
    assert (missing.headers["Content-Type"], missing.headers["X-Stamped"]) == ("text/html; charset=utf-8", "yes")
    assert client.post("/teapot").status_code == 405
    rv = client.get("/teapot")  # an exception's own get_response is used
    assert (rv.status_code, rv.text, rv.mimetype) == (418, "short and stout", "text/plain")


def test_abort_outside_an_app_uses_werkzeug() -> None:
    with pytest.raises(NotFound):
        abort(404)


def test_custom_aborter(app: App, client: Client) -> None:
    class Teapot(HTTPException):
        code = 418
        description = "I am a teapot."

    app.aborter.mapping[418] = Teapot

    @app.route("/")
    def index() -> str:
        abort(418)

    response = client.get("/")
    assert response.status_code == 418 and "I am a teapot." in response.text


def test_handler_by_code(app: App, client: Client) -> None:
    @app.errorhandler(404)
    def not_found(e: NotFound) -> tuple[str, int]:
        return f"missing: {e.code}", 404

    @app.errorhandler(403)
    def forbidden(e: Forbidden) -> str:
        return "forbidden handled"  # the handler's status wins: 200

    @app.route("/forbidden")
    def view() -> str:
        abort(403)

    assert client.get("/nope").text == "missing: 404"
    response = client.get("/forbidden")
    assert (response.status_code, response.text) == (200, "forbidden handled")


def test_handler_by_class_most_specific_wins(app: App, client: Client) -> None:
    class ParentError(Exception):
        pass

    class ChildError(ParentError):
        pass

    class GrandchildError(ChildError):
        pass

    @app.errorhandler(ParentError)
    def parent(e: Exception) -> str:
        return "parent"

    @app.errorhandler(ChildError)
    def child(e: Exception) -> str:
        return "child"

    @app.route("/<kind>")
    def index(kind: str) -> str:
        raise {"parent": ParentError, "child": ChildError, "grandchild": GrandchildError}[kind]()

    assert client.get("/parent").text == "parent"
    assert client.get("/child").text == "child"
    assert client.get("/grandchild").text == "child"


def test_http_exception_class_handlers(app: App, client: Client) -> None:
    @app.errorhandler(HTTPException)
    def any_http(e: HTTPException) -> tuple[str, int]:
        return f"http {e.code}", t.cast(int, e.code)

    @app.errorhandler(NotFound)
    def not_found(e: NotFound) -> tuple[str, int]:
        return "not found by class", 404

    @app.route("/forbidden")
    def forbidden() -> str:
        abort(403)

    assert client.get("/nope").text == "not found by class"
    assert client.get("/forbidden").text == "http 403"


def test_exception_handler_catches_http_errors_too(app: App, client: Client) -> None:
    @app.errorhandler(Exception)
    def everything(e: Exception) -> tuple[str, int]:
        return f"caught {type(e).__name__}", 500

    @app.route("/")
    def index() -> str:
        raise KeyError

    assert client.get("/").text == "caught KeyError"
    assert client.get("/nope").text == "caught NotFound"


def test_custom_http_exception_subclass_by_code(app: App, client: Client) -> None:
    class MyNotFound(NotFound):
        description = "my own"

    @app.errorhandler(404)
    def handler(e: NotFound) -> tuple[str, int]:
        return f"{type(e).__name__}: {e.description}", 404

    @app.route("/")
    def index() -> str:
        raise MyNotFound()

    assert client.get("/").text == "MyNotFound: my own"


def test_register_error_handler_validates_its_argument(app: App) -> None:
    with pytest.raises(ValueError, match="'999' is not a recognized HTTP error code"):
        app.register_error_handler(999, lambda e: "")
    with pytest.raises(TypeError, match="is an instance, not a class"):
        app.register_error_handler(KeyError("x"), lambda e: "")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'str' is not a subclass of Exception"):
        app.register_error_handler(str, lambda e: "")  # type: ignore[arg-type]


def test_unhandled_error_is_a_500_without_traceback(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        raise ValueError("secret internals")

    response = client.get("/")
    assert response.status_code == 500
    assert "Internal Server Error" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_500_handler_gets_the_original_exception(app: App, client: Client) -> None:
    @app.errorhandler(500)
    def server_error(e: InternalServerError) -> tuple[str, int]:
        return f"500 for {type(e.original_exception).__name__}", 500

    @app.route("/")
    def index() -> str:
        raise KeyError

    @app.route("/direct")
    def direct() -> str:
        abort(500)

    assert client.get("/").text == "500 for KeyError"
    assert client.get("/direct").text == "500 for NoneType"


def test_error_in_an_error_handler_is_a_500(app: App, client: Client) -> None:
    @app.errorhandler(KeyError)
    def broken(e: Exception) -> str:
        raise ValueError("handler broke")

    @app.route("/")
    def index() -> str:
        raise KeyError

    assert client.get("/").status_code == 500


def test_routing_redirects_are_not_given_to_handlers(app: App, client: Client) -> None:
    @app.errorhandler(HTTPException)
    def any_http(e: HTTPException) -> str:
        return "handled"

    @app.route("/folder/")
    def folder() -> str:
        return "folder"

    assert client.get("/folder").status_code == 308


@pytest.mark.parametrize(
    "config",
    [{"PROPAGATE_EXCEPTIONS": True}, {"TESTING": True}, {"DEBUG": True}],
)
def test_exceptions_propagate(config: dict[str, t.Any]) -> None:
    app = App(__name__, plugins=[], config=config)

    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        Client(app).get("/")


def test_propagate_false_wins_over_testing() -> None:
    app = App(__name__, plugins=[], config={"TESTING": True, "PROPAGATE_EXCEPTIONS": False})

    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError

    assert Client(app).get("/").status_code == 500


def test_trap_http_exceptions(app: App, client: Client) -> None:
    app.config["TRAP_HTTP_EXCEPTIONS"] = True
    app.testing = True

    @app.route("/")
    def index() -> str:
        abort(404)

    with pytest.raises(NotFound):
        client.get("/")


def test_bad_request_key_error(app: App, client: Client) -> None:
    @app.route("/", methods=["POST"])
    def index() -> str:
        return tumbler.request.form["missing"]

    response = client.post("/", data={"other": "x"})
    assert response.status_code == 400
    assert "missing" not in response.text  # the key is not shown in production

    app.debug = True
    with pytest.raises(KeyError) as info:
        client.post("/", data={"other": "x"})
    assert "missing" in str(info.value)


def test_trap_bad_request_errors(app: App, client: Client) -> None:
    app.config["TRAP_BAD_REQUEST_ERRORS"] = True
    app.testing = True

    @app.route("/")
    def index() -> str:
        abort(400)

    with pytest.raises(BadRequest):
        client.get("/")


def test_trap_bad_request_errors_off_in_debug(app: App, client: Client) -> None:
    app.config["TRAP_BAD_REQUEST_ERRORS"] = False
    app.debug = True

    @app.route("/", methods=["POST"])
    def index() -> str:
        return tumbler.request.form["missing"]

    response = client.post("/", data={})
    assert response.status_code == 400
    assert "missing" in response.text  # debug shows the key that was missing


def test_handler_for_bad_request_key_error(app: App, client: Client) -> None:
    @app.errorhandler(BadRequest)
    def bad(e: BadRequest) -> tuple[str, int]:
        return "bad handled", 400

    @app.route("/")
    def index() -> str:
        return tumbler.request.args["missing"]

    assert client.get("/").text == "bad handled"


def test_after_request_runs_for_handled_errors(app: App, client: Client) -> None:
    @app.after_request
    def add(response: tumbler.Response) -> tumbler.Response:
        response.headers["X-After"] = "yes"
        return response

    @app.route("/")
    def index() -> str:
        abort(404)

    response = client.get("/")
    assert response.status_code == 404 and response.headers["X-After"] == "yes"
    assert client.get("/nothing").headers["X-After"] == "yes"


def test_after_request_runs_for_the_500_page(app: App, client: Client) -> None:
    @app.after_request
    def add(response: tumbler.Response) -> tumbler.Response:
        response.headers["X-After"] = "yes"
        return response

    @app.route("/")
    def index() -> str:
        raise RuntimeError

    response = client.get("/")
    assert response.status_code == 500 and response.headers["X-After"] == "yes"


def test_failing_after_request_during_the_500_page_is_logged(app: App, client: Client) -> None:
    logged: list[str] = []
    app.logger.exception = lambda msg, *a, **k: logged.append(msg)  # type: ignore[method-assign]
    app.logger.error = lambda msg, *a, **k: logged.append(msg)  # type: ignore[method-assign]

    @app.after_request
    def broken(response: tumbler.Response) -> tumbler.Response:
        raise OSError

    @app.route("/")
    def index() -> str:
        raise RuntimeError

    assert client.get("/").status_code == 500
    assert any("while handling an error" in m for m in logged)


def test_should_ignore_error_hides_errors_from_teardown() -> None:
    class QuietApp(App):
        def should_ignore_error(self, error: BaseException | None) -> bool:
            return True

    app = QuietApp(__name__, plugins=[])
    seen: list[BaseException | None] = []
    app.teardown_request(seen.append)

    @app.route("/")
    def index() -> str:
        raise RuntimeError

    assert Client(app).get("/").status_code == 500
    assert seen == [None]
