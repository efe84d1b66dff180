"""The ``toolbox`` plugin: the platform's hooks and its navigation bar.

``create_app`` always loads it (it is required), so feature plugins can rely
on the hooks of :mod:`toolbox.hookspecs` being declared.
"""

from __future__ import annotations

import typing as t

import pluggy
from tumbler import App, hookimpl

from . import hookspecs

if t.TYPE_CHECKING:
    import jinja2


@hookimpl
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


@hookimpl
def tumbler_jinja_environment(app: App, env: jinja2.Environment) -> None:
    """The nav bar is the same on every page: ask the plugins once."""
    entries = [e for answer in app.plugins.hook.toolbox_nav_entries(app=app) for e in answer or ()]
    env.globals["nav_entries"] = sorted(entries, key=lambda e: (e.order, e.title))
    env.globals["platform_title"] = app.config["TOOLBOX_TITLE"]
