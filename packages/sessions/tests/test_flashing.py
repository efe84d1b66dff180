"""Message flashing: stored in the session for the next request, with
categories and filters, and the hook other plugins use to hear about it."""

from __future__ import annotations

import typing as t

import pluggy
import pytest
import tumbler
from markupsafe import Markup
from tumbler import hookimpl
from tumbler_sessions import flash, get_flashed_messages, session
from werkzeug.test import Client


@pytest.fixture
def flashing_app(app: tumbler.App) -> tumbler.App:
    app.config["TESTING"] = True

    @app.get("/")
    def index() -> str:
        flash("Hello World")
        flash("Hello World", "error")
        flash(Markup("<em>Testing</em>"), "warning")
        return ""

    return app


def read(app: tumbler.App, **kwargs: t.Any) -> list[t.Any]:
    """Flash on one request, then read with ``kwargs`` in the next."""
    client = Client(app)
    client.get("/")
    cookie = client.get_cookie("session")
    assert cookie is not None
    with app.test_request_context(headers={"Cookie": f"session={cookie.value}"}):
        return get_flashed_messages(**kwargs)


def test_messages_in_order(flashing_app: tumbler.App) -> None:
    assert read(flashing_app) == ["Hello World", "Hello World", Markup("<em>Testing</em>")]


def test_with_categories(flashing_app: tumbler.App) -> None:
    assert read(flashing_app, with_categories=True) == [
        ("message", "Hello World"),
        ("error", "Hello World"),
        ("warning", Markup("<em>Testing</em>")),
    ]


def test_category_filter(flashing_app: tumbler.App) -> None:
    assert read(flashing_app, category_filter=["message"], with_categories=True) == [("message", "Hello World")]
    assert read(flashing_app, category_filter=["message", "warning"]) == ["Hello World", Markup("<em>Testing</em>")]
    assert read(flashing_app, category_filter="error") == ["Hello World"]  # one category, given bare


def test_markup_stays_markup(flashing_app: tumbler.App) -> None:
    assert type(read(flashing_app)[2]) is Markup


def test_taken_once_but_stable_within_a_request(app: tumbler.App) -> None:
    @app.get("/flash")
    def do_flash() -> str:
        flash("Zap")
        return ""

    @app.get("/show")
    def show() -> str:
        first = get_flashed_messages()
        second = get_flashed_messages()
        return f"{first}|{second}|{'_flashes' in session}"

    client = Client(app)
    client.get("/flash")
    assert client.get("/show").text == "['Zap']|['Zap']|False"
    assert client.get("/show").text == "[]|[]|False"


def test_flash_marks_the_session_modified(app: tumbler.App) -> None:
    with app.test_request_context():
        assert not session.modified
        flash("Zap")
        session.modified = False
        flash("Zip")
        assert session.modified
        assert get_flashed_messages() == ["Zap", "Zip"]


def test_flash_without_secret_key(app: tumbler.App) -> None:
    app.config["SECRET_KEY"] = None
    with app.test_request_context():
        assert get_flashed_messages() == []
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            flash("lost")


def test_outside_a_request(app: tumbler.App) -> None:
    with pytest.raises(RuntimeError, match="Working outside of request context"):
        flash("x")
    with app.app_context(), pytest.raises(RuntimeError, match="Working outside of request context"):
        get_flashed_messages()


class Listener:
    """A plugin implementing the flash hook, as the signals plugin does."""

    tumbler_plugin_name = "listener"

    def __init__(self) -> None:
        self.heard: list[tuple[t.Any, t.Any, str]] = []

    @hookimpl
    def tumbler_message_flashed(self, app: tumbler.App, message: t.Any, category: str) -> None:
        self.heard.append((app, message, category))
        assert session["_flashes"][-1] == (category, message)  # already stored


def test_flash_hook_tells_other_plugins() -> None:
    listener = Listener()
    app = tumbler.App("heard", plugins=["sessions", listener], config={"SECRET_KEY": "k"})

    @app.get("/")
    def index() -> str:
        flash("This is a flash message", category="notice")
        return ""

    assert Client(app).get("/").status_code == 200
    assert listener.heard == [(app, "This is a flash message", "notice")]


def test_flash_hook_spec_is_declared() -> None:
    app = tumbler.App("spec", plugins=["sessions"])
    caller = app.plugins.hook.tumbler_message_flashed
    assert caller.spec is not None
    assert caller.spec.argnames == ("app", "message", "category")
    with pytest.raises(pluggy.PluginValidationError):
        # an implementation asking for an argument the hook does not have is refused
        class Wrong:
            @hookimpl
            def tumbler_message_flashed(self, app: tumbler.App, level: int) -> None: ...

        app.plugins.manager.register(Wrong())
