"""An unhandled exception: ``got_request_exception`` before the 500, and the
exception handed to both teardown signals."""

from __future__ import annotations

import pytest
import tumbler
from conftest import Log
from tumbler import request_ctx
from werkzeug.test import Client

TEARDOWN = [
    "teardown_request",
    "request_tearing_down",
    "teardown_appcontext",
    "appcontext_tearing_down",
    "appcontext_popped",
]


def failing_app(log: Log, **config: object) -> tumbler.App:
    app = tumbler.App("failing", plugins=["signals"], config=config)
    app.before_request(lambda: log.append("before_request"))

    @app.after_request
    def after(response: tumbler.Response) -> tumbler.Response:
        log.append("after_request")
        return response

    app.teardown_request(lambda exc: log.append("teardown_request"))
    app.teardown_appcontext(lambda exc: log.append("teardown_appcontext"))

    @app.get("/")
    def index() -> str:
        log.append("view")
        raise ZeroDivisionError("boom")

    return app


def test_unhandled_exception_answers_500(listen) -> None:
    log = Log()
    app = failing_app(log, TESTING=False)
    listen(sender=app, log=log)

    assert Client(app).get("/").status_code == 500
    assert log.names() == [
        "appcontext_pushed",
        "request_started",
        "before_request",
        "view",
        "got_request_exception",
        "after_request",
        "request_finished",
        *TEARDOWN,
    ]
    (got,) = log.of("got_request_exception")
    error = got.kwargs["exception"]
    assert isinstance(error, ZeroDivisionError) and got.kwargs == {"exception": error}
    assert got.sender is app
    assert log.of("request_finished")[0].kwargs["response"].status_code == 500
    assert log.of("request_tearing_down")[0].kwargs == {"exc": error}
    assert log.of("appcontext_tearing_down")[0].kwargs == {"exc": error}


def test_propagated_exception_sends_no_request_finished(listen) -> None:
    log = Log()
    app = failing_app(log, TESTING=True)
    listen(sender=app, log=log)

    with pytest.raises(ZeroDivisionError) as info:
        Client(app).get("/")
    assert log.names() == [
        "appcontext_pushed",
        "request_started",
        "before_request",
        "view",
        "got_request_exception",
        *TEARDOWN,
    ]
    assert log.of("got_request_exception")[0].kwargs == {"exception": info.value}
    assert log.of("request_tearing_down")[0].kwargs == {"exc": info.value}


def test_500_handler_response_is_announced(listen) -> None:
    log = Log()
    app = failing_app(log, TESTING=False)
    app.errorhandler(500)(lambda e: (f"sorry: {type(e.original_exception).__name__}", 500))
    listen(sender=app, log=log)

    rv = Client(app).get("/")
    assert rv.text == "sorry: ZeroDivisionError"
    assert len(log.of("got_request_exception")) == 1
    assert log.of("request_finished")[0].kwargs["response"].get_data(as_text=True) == rv.text


def test_failing_after_request_is_announced_once_as_500(listen) -> None:
    """The response processing fails, then runs again for the 500 answer:
    request_finished is sent once, for the 500."""
    app = tumbler.App("after_fails", plugins=["signals"], config={"TESTING": False})
    log = listen(sender=app)
    app.get("/")(lambda: "ok")

    @app.after_request
    def after(response: tumbler.Response) -> tumbler.Response:
        if response.status_code == 200:
            raise RuntimeError("after_request failed")
        return response

    assert Client(app).get("/").status_code == 500
    assert [type(e.kwargs["exception"]) for e in log.of("got_request_exception")] == [RuntimeError]
    assert [e.kwargs["response"].status_code for e in log.of("request_finished")] == [500]


def test_failing_response_processor_is_announced_once_as_500(listen) -> None:
    """A processor registered in the view (a session save) fails; the 500
    answer is processed again and announced once."""
    app = tumbler.App("processor_fails", plugins=["signals"], config={"TESTING": False})
    log = listen(sender=app)

    def save(response: tumbler.Response) -> None:
        if response.status_code == 200:
            raise OSError("session store down")

    @app.get("/")
    def index() -> str:
        request_ctx.add_response_processor(save)
        return "ok"

    assert Client(app).get("/").status_code == 500
    assert [type(e.kwargs["exception"]) for e in log.of("got_request_exception")] == [OSError]
    assert [e.kwargs["response"].status_code for e in log.of("request_finished")] == [500]
