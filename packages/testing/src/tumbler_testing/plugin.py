"""The testing plugin's hook implementations.

The test client and the CLI runner are plain functions that work on any app;
the plugin declares :func:`~tumbler_testing.hookspecs.tumbler_test_client_class`,
so other plugins can offer their own client class, and answers the kernel's
``tumbler_test_tool`` hook, so ``app.test_client()`` and
``app.test_cli_runner()`` work as in Flask.
"""

from __future__ import annotations

import typing as t

import pluggy
from tumbler import hookimpl

from . import hookspecs

if t.TYPE_CHECKING:
    from tumbler import App


@hookimpl
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


@hookimpl
def tumbler_test_tool(app: App, kind: str, kwargs: dict[str, t.Any]) -> t.Any:
    """``app.test_client(**kwargs)`` and ``app.test_cli_runner(**kwargs)``."""
    if kind == "client":
        from .client import test_client

        return test_client(app, **kwargs)
    if kind == "cli_runner":
        from .cli_runner import test_cli_runner

        return test_cli_runner(app, **kwargs)
    return None
