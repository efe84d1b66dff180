"""The ``notices`` plugin: a dashboard card, a nav entry, and (with the
``status`` plugin) a health check."""

from __future__ import annotations

from toolbox import Card, NavEntry
from tumbler import App, hookimpl


@hookimpl
def tumbler_configure(app: App) -> None:
    app.config.setdefault("NOTICES", [])


@hookimpl
def toolbox_dashboard_cards(app: App) -> list[Card]:
    notices = app.config["NOTICES"]
    return [Card("Notices", "" if notices else "No notices.", items=tuple(notices), order=20)]


@hookimpl
def toolbox_nav_entries(app: App) -> list[NavEntry]:
    return [NavEntry("Notices", "dashboard", order=20, anchor="card-notices")]


@hookimpl(optionalhook=True)  # declared by the status plugin, which may be absent
def toolbox_status_checks(app: App) -> dict[str, object]:
    def notices() -> str:
        value = app.config["NOTICES"]
        if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
            raise TypeError(f"NOTICES must be a list of strings, not {value!r}")
        return f"{len(value)} notices"

    return {"notices": notices}
