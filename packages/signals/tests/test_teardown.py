"""Teardown and the app context: signals outside a full request."""

from __future__ import annotations

import pytest
import tumbler
import tumbler_signals
from werkzeug.test import Client


def test_app_context_alone(app, listen) -> None:
    log = listen(sender=app)
    app.teardown_appcontext(lambda exc: log.append("teardown_appcontext"))

    with app.app_context():
        log.append("inside")
    assert log.names() == [
        "appcontext_pushed",
        "inside",
        "teardown_appcontext",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]
    assert log.of("appcontext_tearing_down")[0].kwargs == {"exc": None}


def test_app_context_left_by_an_exception(app, listen) -> None:
    log = listen(sender=app)

    with pytest.raises(KeyError), app.app_context():
        raise KeyError("x")
    (down,) = log.of("appcontext_tearing_down")
    assert isinstance(down.kwargs["exc"], KeyError)
    assert log.names()[-1] == "appcontext_popped"


def test_context_pushed_twice_tears_down_once(app, listen) -> None:
    log = listen(sender=app)
    ctx = app.app_context()

    with ctx, ctx:
        pass
    assert log.names() == [
        "appcontext_pushed",
        "appcontext_pushed",
        "appcontext_popped",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]


def test_pushed_receiver_sees_the_context(app, connect) -> None:
    """Flask's pattern: set up ``g`` from an appcontext_pushed receiver."""
    connect(tumbler_signals.appcontext_pushed, lambda sender: setattr(tumbler.g, "user", "ada"), app)
    app.get("/")(lambda: tumbler.g.user)

    assert Client(app).get("/").text == "ada"


def test_popped_receiver_no_longer_sees_the_context(app, connect) -> None:
    seen = []
    connect(tumbler_signals.appcontext_popped, lambda sender: seen.append(tumbler.has_app_context()), app)
    with app.app_context():
        pass
    assert seen == [False]


def test_test_request_context_tears_down_without_starting(app, listen) -> None:
    log = listen(sender=app)
    app.teardown_request(lambda exc: log.append("teardown_request"))

    with app.test_request_context("/"):
        log.append("inside")
    assert log.names() == [
        "appcontext_pushed",
        "inside",
        "teardown_request",
        "request_tearing_down",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]
    assert log.of("request_tearing_down")[0].kwargs == {"exc": None}


def test_tearing_down_receiver_sees_the_request(app, client, connect) -> None:
    seen = []
    connect(tumbler_signals.request_tearing_down, lambda sender, exc: seen.append(tumbler.request.path), app)
    app.get("/<path:p>")(lambda p: p)

    client.get("/a/b")
    assert seen == ["/a/b"]


def test_connected_to_with_a_positional_receiver(app, client) -> None:
    """Flask's own tests use ``connected_to`` with a receiver taking the app
    positionally; it is fully disconnected afterwards."""
    apps = []
    app.post("/")(lambda: "posted")

    with tumbler_signals.appcontext_popped.connected_to(apps.append, app):
        assert client.post("/", json={}).text == "posted"
    client.post("/")
    assert apps == [app]
