"""Stand-ins for tumbler-templating and tumbler-sessions.

They declare those plugins' hook specs exactly as docs/plugins.md states
them and call them the way the real plugins do, so the signals plugin's
optional hook implementations are checked against the contract (pluggy
rejects an implementation whose arguments the spec lacks). The real plugins
are not installed here, since a plugin never depends on a sibling; they are
exercised together in the integration session.
"""

from __future__ import annotations

import typing as t

import pluggy
import tumbler
from tumbler import hookimpl, request_ctx

hookspec = pluggy.HookspecMarker("tumbler")


class TemplatingSpecs:
    """tumbler-templating's rendering hooks, as docs/plugins.md states them."""

    @hookspec
    def tumbler_before_render_template(self, app: tumbler.App, template: t.Any, context: dict[str, t.Any]) -> None:
        """About to render ``template``; implementations may change ``context``."""

    @hookspec
    def tumbler_template_rendered(self, app: tumbler.App, template: t.Any, context: dict[str, t.Any]) -> None:
        """``template`` was rendered with ``context``."""


class SessionsSpecs:
    """tumbler-sessions' flash hook, as docs/plugins.md states it."""

    @hookspec
    def tumbler_message_flashed(self, app: tumbler.App, message: t.Any, category: str) -> None:
        """``message`` was flashed under ``category``."""


class FakeTemplate:
    def __init__(self, name: str, source: str) -> None:
        self.name = name
        self.source = source

    def render(self, context: dict[str, t.Any]) -> str:
        return self.source.format(**context)


class FakeTemplating:
    """Declares the templating hooks and calls them around each render."""

    def __init__(self, name: str = "templating") -> None:
        self.tumbler_plugin_name = name

    @hookimpl
    def tumbler_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        pluginmanager.add_hookspecs(TemplatingSpecs)

    def render(self, name: str, source: str, **context: t.Any) -> str:
        app = tumbler.current_app._get_current_object()  # type: ignore[attr-defined]
        template = FakeTemplate(name, source)
        hook = app.plugins.hook
        hook.tumbler_before_render_template(app=app, template=template, context=context)
        rv = template.render(context)
        hook.tumbler_template_rendered(app=app, template=template, context=context)
        return rv


class FakeSessions:
    """Declares the flash hook; ``flash`` saves a session cookie lazily, as a
    real session would, and calls the hook."""

    def __init__(self, name: str = "sessions") -> None:
        self.tumbler_plugin_name = name

    @hookimpl
    def tumbler_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        pluginmanager.add_hookspecs(SessionsSpecs)

    def flash(self, message: str, category: str = "message") -> None:
        app = tumbler.current_app._get_current_object()  # type: ignore[attr-defined]
        flashes = request_ctx.stash.setdefault(FLASHES, [])
        if not flashes:
            request_ctx.add_response_processor(_save_session)
        flashes.append((category, message))
        app.plugins.hook.tumbler_message_flashed(app=app, message=message, category=category)


FLASHES = tumbler.StashKey[list[tuple[str, str]]]("fake_sessions.flashes")


def _save_session(response: tumbler.Response) -> None:
    response.set_cookie("session", str(len(request_ctx.stash[FLASHES])))
