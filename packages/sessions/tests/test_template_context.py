"""Cooperation with the templating plugin, proven here with a stand-in that
declares ``tumbler_template_context`` exactly as docs/plugins.md states it
and calls it for each render the way tumbler-templating does. The real
plugin is exercised in ``test_with_templating.py`` where it is installed."""

from __future__ import annotations

import typing as t

import pluggy
import pytest
import tumbler
from tumbler import hookimpl
from tumbler_sessions import flash, get_flashed_messages, session
from werkzeug.test import Client

hookspec = pluggy.HookspecMarker("tumbler")


class TemplatingSpecs:
    @hookspec
    def tumbler_template_context(self, app: tumbler.App) -> dict[str, t.Any] | None:
        """Variables for every template's context."""


class FakeTemplating:
    """Declares the hook and renders "templates" (functions of the context)."""

    def __init__(self, name: str) -> None:
        self.tumbler_plugin_name = name

    @hookimpl
    def tumbler_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        pluginmanager.add_hookspecs(TemplatingSpecs)

    @staticmethod
    def render(template: t.Callable[[dict[str, t.Any]], str], **context: t.Any) -> str:
        app = tumbler.current_app
        full: dict[str, t.Any] = {}
        for extra in reversed(app.plugins.hook.tumbler_template_context(app=app)):
            if extra is not None:
                full.update(extra)
        full.update(context)
        return template(full)


@pytest.fixture(params=["aaa_templating", "zzz_templating"], ids=["templating-first", "templating-last"])
def templating(request: pytest.FixtureRequest) -> FakeTemplating:
    """Plugins register in name order: the spec is declared before or after
    the sessions plugin's implementation is registered."""
    return FakeTemplating(request.param)


@pytest.fixture
def app(templating: FakeTemplating) -> tumbler.App:
    return tumbler.App("tpl", plugins=["sessions", templating], config={"SECRET_KEY": "k"})


def test_session_and_flashes_in_templates(app: tumbler.App, templating: FakeTemplating) -> None:
    @app.get("/login")
    def login() -> str:
        session["user"] = "alice"
        flash("Welcome", "info")
        return ""

    @app.get("/")
    def index() -> str:
        return templating.render(
            lambda c: f"{c['session'].get('user')} {c['get_flashed_messages'](with_categories=True)}"
        )

    client = Client(app)
    client.get("/login")
    rv = client.get("/")
    assert rv.text == "alice [('info', 'Welcome')]"
    assert rv.headers["Vary"] == "Cookie"


def test_template_that_ignores_the_session_does_not_open_it(app: tumbler.App, templating: FakeTemplating) -> None:
    @app.get("/")
    def index() -> str:
        return templating.render(lambda c: "static")

    rv = Client(app).get("/")
    assert rv.text == "static"
    assert "Vary" not in rv.headers


def test_outside_a_request_only_the_flash_function(app: tumbler.App) -> None:
    with app.app_context():
        (contributed,) = [c for c in app.plugins.hook.tumbler_template_context(app=app) if c]
    assert contributed == {"get_flashed_messages": get_flashed_messages}


def test_without_templating_nothing_breaks() -> None:
    app = tumbler.App("alone", plugins=["sessions"], config={"SECRET_KEY": "k"})
    assert "tumbler_template_context" in app.plugins["sessions"].hooks
    assert not hasattr(app.plugins.hook, "tumbler_template_context") or not (
        app.plugins.hook.tumbler_template_context.has_spec()
    )

    @app.get("/")
    def index() -> str:
        session["x"] = 1
        return "ok"

    assert Client(app).get("/").text == "ok"
