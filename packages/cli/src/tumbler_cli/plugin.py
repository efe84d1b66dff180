"""The CLI plugin's hook implementations (entry point ``cli``).

Loading the plugin imports neither click nor the command-line modules.
"""

from __future__ import annotations

import sys
import typing as t

import pluggy
from tumbler import App, Blueprint, hookimpl

from . import hookspecs


@hookimpl
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


@hookimpl
def tumbler_blueprint_registered(app: App, blueprint: Blueprint, name: str, options: dict[str, t.Any]) -> None:
    if "tumbler_cli.appcli" not in sys.modules:
        return  # cli(blueprint) was never called: no blueprint has commands
    from .appcli import merge_blueprint_commands

    merge_blueprint_commands(app, blueprint, name, options)
