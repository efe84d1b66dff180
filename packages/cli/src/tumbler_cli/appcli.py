"""The setup-time API: an app's or a blueprint's commands, and the shell's namespace.

Flask keeps these on the objects (``app.cli``, ``bp.cli``,
``app.shell_context_processor``); the kernel knows nothing of click, so here
they are functions that take the app or blueprint and keep their data in its
``stash``::

    from tumbler_cli import cli

    @cli(app).command()
    def seed():
        ...
"""

from __future__ import annotations

import typing as t
import weakref
from dataclasses import dataclass, field

import click
from tumbler import App, Blueprint, StashKey, g

from .appgroup import AppGroup

__all__ = [
    "cli",
    "make_shell_context",
    "merge_blueprint_commands",
    "shell_context_processor",
    "shell_context_processors",
]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


@dataclass
class _CliState:
    group: AppGroup
    shell_processors: list[t.Callable[[], dict[str, t.Any]]] = field(default_factory=list)


_STATE = StashKey[_CliState]("cli")


class _AppCommands(AppGroup):
    """An app's own group: the first time its commands are looked up, the
    plugins' ``tumbler_cli_commands`` hook adds theirs (the app's own commands
    win a name clash)."""

    def __init__(self, app: App) -> None:
        super().__init__(app.name)
        self._app = weakref.ref(app)
        self._plugins_asked = False

    def _ask_plugins(self) -> None:
        if self._plugins_asked:
            return
        self._plugins_asked = True
        app = self._app()
        hook = getattr(app.plugins.hook, "tumbler_cli_commands", None) if app is not None else None
        if hook is None or not hook.get_hookimpls():
            return
        contributed = AppGroup()
        hook(app=app, group=contributed)
        for name, command in contributed.commands.items():
            self.commands.setdefault(name, command)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._ask_plugins()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._ask_plugins()
        return super().list_commands(ctx)


def _state(obj: App | Blueprint) -> _CliState:
    state = obj.stash.get(_STATE, None)
    if state is None:
        group = AppGroup() if isinstance(obj, Blueprint) else _AppCommands(obj)
        state = obj.stash[_STATE] = _CliState(group)
    return state


def cli(obj: App | Blueprint) -> AppGroup:
    """The command group of an app (named after it; Flask's ``app.cli``) or of
    a blueprint (Flask's ``bp.cli``). Its commands run in an app context.

    A blueprint's commands join the app's group when the blueprint is
    registered: as a subgroup named by ``Blueprint(cli_group=...)`` or
    ``register_blueprint(bp, cli_group=...)``, named after the blueprint by
    default, or merged into the app's own commands with ``cli_group=None``.
    """
    return _state(obj).group


def merge_blueprint_commands(app: App, blueprint: Blueprint, name: str, options: t.Mapping[str, t.Any]) -> None:
    """Add ``blueprint``'s commands to ``app``'s group (called when it is registered
    as ``name``); an empty group adds nothing."""
    state = blueprint.stash.get(_STATE, None)
    if state is None or not state.group.commands:
        return
    target = options.get("cli_group", blueprint.cli_group)
    app_group = cli(app)
    if target is None:
        app_group.commands.update(state.group.commands)
    else:
        app_group.add_command(state.group, target if isinstance(target, str) else name)


def shell_context_processor(app: App) -> t.Callable[[F], F]:
    """Decorate a function returning a dict of names for ``tumbler shell``
    (Flask's ``app.shell_context_processor``)."""

    def decorator(f: F) -> F:
        _state(app).shell_processors.append(f)
        return f

    return decorator


def shell_context_processors(app: App) -> list[t.Callable[[], dict[str, t.Any]]]:
    """The app's shell context processors, in registration order (a mutable list)."""
    return _state(app).shell_processors


def make_shell_context(app: App) -> dict[str, t.Any]:
    """The shell's namespace: ``app``, ``g`` and every shell context processor's names."""
    namespace: dict[str, t.Any] = {"app": app, "g": g}
    for processor in _state(app).shell_processors:
        namespace.update(processor())
    return namespace
