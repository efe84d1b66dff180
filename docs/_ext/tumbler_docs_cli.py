"""The whole ``tumbler`` command line of an app with every plugin, for sphinx-click.

``command_line`` is ``tumbler_cli.main_group`` (``run``, ``shell``, ``routes``,
``plugins`` and the group's options) plus the commands the installed plugins
add through the ``tumbler_cli_commands`` hook, so one reference lists every
command a user with ``tumbler-framework`` sees.
"""

from __future__ import annotations

import click
from tumbler import App
from tumbler_cli import AppGroup, main_group


def plugin_commands() -> dict[str, click.Command]:
    """The commands the installed plugins give an app (name -> command)."""
    app = App("tumbler_docs_cli")
    group = AppGroup("plugin-commands")
    app.plugins.hook.tumbler_cli_commands(app=app, group=group)
    return dict(group.commands)


def _command_line() -> click.Group:
    # The group's own table: listing through the group would try to load an app.
    commands = dict(main_group.commands)
    commands.update(plugin_commands())
    return click.Group(
        "tumbler",
        commands={name: cmd for name, cmd in sorted(commands.items()) if cmd is not None},
        params=list(main_group.params),
        help=main_group.help,
        epilog=main_group.epilog,
    )


command_line = _command_line()
