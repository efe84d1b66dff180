"""The CLI plugin's hook: other plugins contribute commands to ``tumbler``."""

from __future__ import annotations

import typing as t

import pluggy

if t.TYPE_CHECKING:
    import click
    from tumbler import App

hookspec = pluggy.HookspecMarker("tumbler")


@hookspec
def tumbler_cli_commands(app: App, group: click.Group) -> None:
    """Add click commands to ``group`` (``group.add_command(cmd)`` or
    ``@group.command()``); they join the app's commands under ``tumbler``.

    Called once per app, the first time the command line looks up the app's
    commands, and only when some plugin implements it. ``group`` is an
    ``AppGroup``: its commands run inside an app context. Where a name
    clashes, the app's own command wins. Import click inside the
    implementation (mark it ``@hookimpl(optionalhook=True)``) so the plugin
    works without the CLI installed. Return value ignored.

    .. versionadded:: 0.1.0
    """
