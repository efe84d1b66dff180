"""A full request: every signal, in Flask's order, with Flask's arguments."""

from __future__ import annotations

import pytest
import tumbler
import tumbler_signals
from conftest import Log
from tumbler import request_ctx
from werkzeug.test import Client

SUCCESS = [
    "appcontext_pushed",
    "request_started",
    "before_request",
    "view",
    "after_request",
    "request_finished",
    "teardown_request",
    "request_tearing_down",
    "teardown_appcontext",
    "appcontext_tearing_down",
    "appcontext_popped",
]


def instrument(app: tumbler.App, log: Log) -> None:
    """Log the app's own callbacks beside the signals."""
    app.before_request(lambda: log.append("before_request"))

    @app.after_request
    def after(response: tumbler.Response) -> tumbler.Response:
        log.append("after_request")
        response.headers["X-After"] = "yes"
        return response

    app.teardown_request(lambda exc: log.append("teardown_request"))
    app.teardown_appcontext(lambda exc: log.append("teardown_appcontext"))


def test_order_and_arguments(app, client, listen) -> None:
    log = listen(sender=app)
    instrument(app, log)

    @app.get("/")
    def index() -> str:
        log.append("view")
        return "hello"

    rv = client.get("/")
    assert rv.text == "hello"
    assert log.names() == SUCCESS
    assert all(e.sender is app for e in log.of("request_started") + log.of("appcontext_popped"))
    for name in ("appcontext_pushed", "request_started", "appcontext_popped"):
        assert log.of(name)[0].kwargs == {}
    (finished,) = log.of("request_finished")
    assert isinstance(finished.kwargs["response"], tumbler.Response)
    assert finished.kwargs["response"].headers["X-After"] == "yes"
    assert finished.kwargs["response"].get_data() == b"hello"
    assert log.of("request_tearing_down")[0].kwargs == {"exc": None}
    assert log.of("appcontext_tearing_down")[0].kwargs == {"exc": None}


def test_request_started_sees_the_request_before_before_request(app, client, connect) -> None:
    seen = []
    connect(tumbler_signals.request_started, lambda sender: seen.append((tumbler.request.path, tumbler.g.get("x"))))
    app.before_request(lambda: setattr(tumbler.g, "x", 1))
    app.get("/<name>")(lambda name: name)

    assert client.get("/ada").text == "ada"
    assert seen == [("/ada", None)]


def test_request_started_receiver_cannot_answer_the_request(app, client, connect) -> None:
    connect(tumbler_signals.request_started, lambda sender: "not a response")
    app.get("/")(lambda: "from the view")

    assert client.get("/").text == "from the view"


def test_request_finished_sees_the_response_after_lazy_processors(app, client, connect) -> None:
    """A processor registered during the view (a session saved on first use)
    runs before request_finished, as Flask saves the session before sending it."""
    cookies = []
    connect(
        tumbler_signals.request_finished, lambda sender, response: cookies.append(response.headers.get("Set-Cookie"))
    )

    @app.get("/")
    def index() -> str:
        request_ctx.add_response_processor(lambda r: r.set_cookie("session", "saved"))
        return "ok"

    client.get("/")
    assert cookies == ["session=saved; Path=/"]


@pytest.mark.parametrize("answer", ["text", "response", "json"])
def test_request_finished_for_every_kind_of_return_value(app, client, listen, answer) -> None:
    log = listen([tumbler_signals.request_finished], app)
    values = {"text": lambda: "hi", "response": lambda: tumbler.Response("hi", 201), "json": lambda: {"a": 1}}
    app.get("/")(values[answer])

    rv = client.get("/")
    (finished,) = log
    assert finished.kwargs["response"].status_code == rv.status_code
    assert finished.kwargs["response"].get_data() == rv.get_data()


def test_http_error_is_not_an_exception_signal(app, client, listen) -> None:
    log = listen(sender=app)
    app.get("/")(lambda: tumbler.abort(404))

    assert client.get("/").status_code == 404
    assert client.get("/missing").status_code == 404
    assert "got_request_exception" not in log.names()
    assert [e.kwargs["response"].status_code for e in log.of("request_finished")] == [404, 404]
    assert [e.kwargs["exc"] for e in log.of("request_tearing_down")] == [None, None]


def test_handled_exception_is_not_an_exception_signal(app, client, listen) -> None:
    log = listen(sender=app)

    @app.get("/")
    def index() -> str:
        raise KeyError("gone")

    app.errorhandler(KeyError)(lambda e: ("handled", 410))

    assert client.get("/").status_code == 410
    assert "got_request_exception" not in log.names()
    assert log.of("request_finished")[0].kwargs["response"].status_code == 410
    assert log.of("request_tearing_down")[0].kwargs == {"exc": None}


def test_request_finished_is_sent_when_a_request_started_receiver_raised(app, client, listen, connect) -> None:
    def boom(sender: tumbler.App) -> None:
        raise LookupError("receiver failed")

    log = listen([tumbler_signals.request_finished], app)
    connect(tumbler_signals.request_started, boom, app)
    app.get("/")(lambda: "view")
    app.errorhandler(LookupError)(lambda e: (str(e), 503))

    rv = client.get("/")
    assert rv.status_code == 503
    assert [e.kwargs["response"].status_code for e in log] == [503]


def test_no_signal_is_sent_without_the_plugin(listen) -> None:
    log = listen()
    bare = tumbler.App("bare", plugins=[])
    bare.get("/")(lambda: "hello")

    assert Client(bare).get("/").text == "hello"
    with bare.app_context():
        pass
    assert log == []


def test_plugin_is_listed_with_the_hooks_it_implements(app) -> None:
    info = app.plugins["signals"]
    assert info.distribution == "tumbler-signals"
    assert "tumbler_request_started" in info.hooks
    assert "tumbler_process_response" not in info.hooks
