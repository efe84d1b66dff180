"""The hook this plugin declares, so other plugins can add health checks."""

from __future__ import annotations

import typing as t

from tumbler import hookspec

if t.TYPE_CHECKING:
    from tumbler import App

#: A check: returns a short detail when healthy, raises when not.
Check = t.Callable[[], str]


@hookspec
def toolbox_status_checks(app: App) -> dict[str, Check] | None:
    """Health checks by name. Called once per app, at its first status request;
    each check runs on every status request. Return ``None`` for none."""
