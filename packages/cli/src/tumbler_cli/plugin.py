"""The CLI plugin's hook implementations (entry point ``cli``)."""

from __future__ import annotations

import typing as t

import pluggy
from tumbler import App, Blueprint, hookimpl

from . import hookspecs
from .appcli import merge_blueprint_commands


@hookimpl
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


@hookimpl
def tumbler_blueprint_registered(app: App, blueprint: Blueprint, name: str, options: dict[str, t.Any]) -> None:
    merge_blueprint_commands(app, blueprint, name, options)
