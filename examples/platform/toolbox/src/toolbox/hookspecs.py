"""The platform's own hooks, declared by the ``toolbox`` plugin.

A feature plugin implements them with ``tumbler.hookimpl``; mark an
implementation ``@hookimpl(optionalhook=True)`` if the plugin should also
load on a plain Tumbler app, where these hooks are not declared.
"""

from __future__ import annotations

import typing as t

from tumbler import hookspec

if t.TYPE_CHECKING:
    from tumbler import App

    from .cards import Card, NavEntry


@hookspec
def toolbox_dashboard_cards(app: App) -> list[Card] | None:
    """Cards for the dashboard (``/``).

    Called each time the dashboard is shown (in the request context), so a
    card can show live numbers. Return a list of :class:`toolbox.Card`, or
    ``None`` for none. Cards are shown by ``order``, then title.
    """


@hookspec
def toolbox_nav_entries(app: App) -> list[NavEntry] | None:
    """Entries of the navigation bar on every page.

    Called once per app, when its templates are first rendered. Return a list
    of :class:`toolbox.NavEntry` (an endpoint to link to), or ``None``.
    Entries are shown by ``order``, then title, after "Dashboard".
    """
