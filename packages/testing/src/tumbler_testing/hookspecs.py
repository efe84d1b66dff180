"""The testing plugin's hook specs, added to an app's plugin manager by
:mod:`tumbler_testing.plugin`."""

from __future__ import annotations

import typing as t

from tumbler.hookspecs import hookspec

if t.TYPE_CHECKING:
    from tumbler import App

    from .client import TestClient


@hookspec(firstresult=True)
def tumbler_test_client_class(app: App) -> type[TestClient] | None:
    """Choose the class that :func:`tumbler_testing.test_client` makes for ``app``.

    Called each time a test client is made, unless the app sets its own
    ``test_client_class`` attribute (which wins). Return a subclass of
    :class:`tumbler_testing.TestClient`, or ``None`` to pass; the first
    non-``None`` result wins.

    .. versionadded:: 0.1.0
    """
