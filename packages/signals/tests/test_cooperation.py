"""The template and flash signals, with the templating and sessions plugins
present (stand-ins from ``fakes.py`` that declare and call the exact hooks)
and absent."""

from __future__ import annotations

import pluggy
import pytest
import tumbler
import tumbler_signals
from conftest import COOPERATIVE
from fakes import FakeSessions, FakeTemplating
from tumbler import PluginError, hookimpl
from werkzeug.test import Client


@pytest.fixture(params=["aaa", "zzz"], ids=["siblings-load-first", "siblings-load-last"])
def siblings(request: pytest.FixtureRequest) -> tuple[FakeTemplating, FakeSessions]:
    """Plugins register in name order: the hook specs are declared before or
    after the signals plugin's implementations are registered."""
    return FakeTemplating(f"{request.param}_templating"), FakeSessions(f"{request.param}_sessions")


@pytest.fixture
def full_app(siblings) -> tumbler.App:
    templating, sessions = siblings
    app = tumbler.App("full", plugins=["signals", templating, sessions])

    @app.get("/")
    def index() -> str:
        sessions.flash("Saved", "notice")
        return templating.render("page.html", "<h1>{whiskey}</h1>", whiskey=42)

    return app


def test_full_request_order_with_siblings(full_app, listen, connect) -> None:
    log = listen(sender=full_app)
    cookies = []
    connect(
        tumbler_signals.request_finished,
        lambda sender, response: cookies.append(response.headers.get("Set-Cookie")),
        full_app,
    )

    rv = Client(full_app).get("/")
    assert rv.text == "<h1>42</h1>"
    assert log.names() == [
        "appcontext_pushed",
        "request_started",
        "message_flashed",
        "before_render_template",
        "template_rendered",
        "request_finished",
        "request_tearing_down",
        "appcontext_tearing_down",
        "appcontext_popped",
    ]
    assert log.of("message_flashed")[0].kwargs == {"message": "Saved", "category": "notice"}
    for name in ("before_render_template", "template_rendered"):
        (event,) = log.of(name)
        assert event.sender is full_app
        assert set(event.kwargs) == {"template", "context"}
        assert event.kwargs["template"].name == "page.html"
        assert event.kwargs["context"]["whiskey"] == 42
    # the session, saved by a processor registered in the view, is already in the response
    assert cookies == ["session=1; Path=/"]


def test_before_render_template_can_change_the_context(full_app, connect) -> None:
    def change(sender: tumbler.App, template: object, context: dict[str, object]) -> None:
        context["whiskey"] = 43

    connect(tumbler_signals.before_render_template, change, full_app)
    assert Client(full_app).get("/").text == "<h1>43</h1>"


def test_async_template_and_flash_receivers(full_app, connect) -> None:
    seen = []

    async def rendered(sender: tumbler.App, template: object, context: dict[str, object]) -> None:
        seen.append(("rendered", tumbler.request.path))

    async def flashed(sender: tumbler.App, message: str, category: str) -> None:
        seen.append(("flashed", message))

    connect(tumbler_signals.template_rendered, rendered, full_app)
    connect(tumbler_signals.message_flashed, flashed, full_app)
    Client(full_app).get("/")
    assert seen == [("flashed", "Saved"), ("rendered", "/")]


def test_siblings_without_receivers(full_app) -> None:
    assert Client(full_app).get("/").text == "<h1>42</h1>"


@pytest.mark.parametrize("present", ["templating", "sessions"])
def test_one_sibling_present(present, listen) -> None:
    templating, sessions = FakeTemplating(), FakeSessions()
    plugins = ["signals", templating if present == "templating" else sessions]
    app = tumbler.App("one_sibling", plugins=plugins)

    @app.get("/")
    def index() -> str:
        if present == "sessions":
            sessions.flash("hello")
            return "flashed"
        return templating.render("t.html", "{x}", x=1)

    log = listen(COOPERATIVE, app)
    Client(app).get("/")
    expected = ["before_render_template", "template_rendered"] if present == "templating" else ["message_flashed"]
    assert log.names() == expected


def test_siblings_absent(app, client, listen) -> None:
    """The optional hooks do not stop the app from starting, nothing calls
    them, and the request signals are unaffected."""
    log = listen(COOPERATIVE, app)
    finished = listen([tumbler_signals.request_finished], app)
    app.get("/")(lambda: "plain")

    assert client.get("/").text == "plain"
    assert len(finished) == 1
    assert log == []
    assert not app.plugins.hook.tumbler_template_rendered.has_spec()


def test_signature_mismatch_with_a_sibling_spec_is_caught_at_startup() -> None:
    """The stand-ins hold the signals plugin to the contract: a spec without
    ``context`` would reject its implementation."""

    class NarrowSpecs:
        @pluggy.HookspecMarker("tumbler")
        def tumbler_template_rendered(self, app: tumbler.App, template: object) -> None: ...

    class Narrow:
        tumbler_plugin_name = "narrow"

        @hookimpl
        def tumbler_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
            pluginmanager.add_hookspecs(NarrowSpecs)

    with pytest.raises(PluginError, match=r"(?s)'signals'.*\{'context'\}"):
        tumbler.App("narrow", plugins=["signals", Narrow()])
