"""Commands that run inside the app's context: :func:`with_appcontext` and :class:`AppGroup`."""

from __future__ import annotations

import typing as t
from functools import update_wrapper

import click
from tumbler import current_app

from .discovery import ScriptInfo

__all__ = ["AppGroup", "pass_script_info", "with_appcontext"]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: Pass the :class:`ScriptInfo` of the command line as the first argument.
pass_script_info = click.make_pass_decorator(ScriptInfo, ensure=True)


def with_appcontext(f: F) -> F:
    """Run the command ``f`` inside an app context, loading the app through the
    :class:`ScriptInfo` if no app context is active.

    Commands of an :class:`AppGroup` (so of ``cli(app)`` and ``cli(blueprint)``)
    get this automatically.
    """

    @click.pass_context
    def decorator(ctx: click.Context, /, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if not current_app:
            app = ctx.ensure_object(ScriptInfo).load_app()
            ctx.with_resource(app.app_context())
        return ctx.invoke(f, *args, **kwargs)

    return update_wrapper(decorator, f)  # type: ignore[return-value]


class AppGroup(click.Group):
    """A click group whose commands run in an app context.

    ``@group.command()`` wraps the callback in :func:`with_appcontext` unless
    given ``with_appcontext=False``; ``@group.group()`` makes a nested
    :class:`AppGroup`. Not to be confused with :class:`~tumbler_cli.TumblerGroup`,
    the command line that loads the app.
    """

    def command(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Like :meth:`click.Group.command`, with the app context pushed for the callback."""
        wrap = kwargs.pop("with_appcontext", True)
        if len(args) == 1 and callable(args[0]) and not kwargs:  # bare ``@group.command``
            return self.command()(args[0])

        def decorator(f: t.Callable[..., t.Any]) -> click.Command:
            if wrap:
                f = with_appcontext(f)
            return t.cast(click.Command, super(AppGroup, self).command(*args, **kwargs)(f))

        return decorator

    def group(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Like :meth:`click.Group.group`, making an :class:`AppGroup` by default."""
        kwargs.setdefault("cls", AppGroup)
        return super().group(*args, **kwargs)
