"""Two apps in one process: a receiver for one app never hears the other."""

from __future__ import annotations

import pytest
import tumbler
from fakes import FakeSessions, FakeTemplating
from werkzeug.test import Client


def make_app(name: str) -> tumbler.App:
    templating, sessions = FakeTemplating(), FakeSessions()
    app = tumbler.App(name, plugins=["signals", templating, sessions], config={"TESTING": False})

    @app.get("/")
    def index() -> str:
        sessions.flash(f"hi from {name}")
        return templating.render("page.html", "<p>{who}</p>", who=name)

    @app.get("/fail")
    def fail() -> str:
        raise ZeroDivisionError

    return app


@pytest.fixture
def apps() -> tuple[tumbler.App, tumbler.App]:
    return make_app("one"), make_app("two")


def visit(app: tumbler.App) -> None:
    client = Client(app)
    client.get("/")
    client.get("/fail")
    with app.app_context():
        pass


def test_receiver_for_one_app_hears_only_that_app(apps, listen) -> None:
    one, two = apps
    log = listen(sender=one)

    visit(two)
    assert log == []
    visit(one)
    assert sorted(set(log.names())) == [
        "appcontext_popped",
        "appcontext_pushed",
        "appcontext_tearing_down",
        "before_render_template",
        "got_request_exception",
        "message_flashed",
        "request_finished",
        "request_started",
        "request_tearing_down",
        "template_rendered",
    ]
    assert {e.sender for e in log} == {one}
    assert log.of("message_flashed")[0].kwargs == {"message": "hi from one", "category": "message"}


def test_receiver_for_all_apps_hears_each_as_sender(apps, listen) -> None:
    one, two = apps
    log = listen()

    visit(one)
    visit(two)
    senders = [e.sender for e in log]
    assert senders[: len(senders) // 2] == [one] * (len(senders) // 2)
    assert senders[len(senders) // 2 :] == [two] * (len(senders) // 2)
    assert [e.kwargs["context"]["who"] for e in log.of("template_rendered")] == ["one", "two"]


def test_apps_with_and_without_the_plugin(listen) -> None:
    with_plugin = tumbler.App("with", plugins=["signals"])
    without = tumbler.App("without", plugins=[])
    for app in (with_plugin, without):
        app.get("/")(lambda: "ok")
    log = listen()

    Client(without).get("/")
    Client(with_plugin).get("/")
    assert {e.sender for e in log} == {with_plugin}
