"""The testing plugin's hook implementations.

The test client and the CLI runner are plain functions that work on any app;
the plugin only declares :func:`~tumbler_testing.hookspecs.tumbler_test_client_class`,
so other plugins can offer their own client class.
"""

from __future__ import annotations

import pluggy
from tumbler import hookimpl

from . import hookspecs


@hookimpl
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)
