"""The ``status`` plugin's hooks: its blueprint, its hook spec, and its
contributions to the platform (a nav entry and a dashboard card)."""

from __future__ import annotations

import pluggy
from toolbox import Card, NavEntry
from tumbler import App, hookimpl

from . import hookspecs
from .checks import run_checks, summary
from .views import blueprint


@hookimpl
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


@hookimpl
def tumbler_configure(app: App) -> None:
    app.register_blueprint(blueprint)


@hookimpl
def toolbox_nav_entries(app: App) -> list[NavEntry]:
    return [NavEntry("Status", "status.index", order=10)]


@hookimpl
def toolbox_dashboard_cards(app: App) -> list[Card]:
    results = run_checks(app)
    failing = [r.name for r in results if not r.ok]
    text = summary(results) + (f"; failing: {', '.join(failing)}" if failing else "")
    return [Card("Health", text, endpoint="status.index", order=10, level="error" if failing else "ok")]
