"""The click-based runner class; imported only when tumbler-cli is installed
(see :mod:`tumbler_testing.cli_runner`)."""

from __future__ import annotations

import shlex
import typing as t

import click
import tumbler_cli
from click.testing import CliRunner, Result

if t.TYPE_CHECKING:
    from tumbler import App

__all__ = ["TestCliRunner"]


class TestCliRunner(CliRunner):
    """click's ``CliRunner`` for one app's commands; make one with
    :func:`tumbler_testing.test_cli_runner`."""

    __test__ = False  # not a pytest test class, despite its name

    #: What ``invoke`` passes as ``obj``: built with ``create_app=`` returning the app.
    script_info_class: type[tumbler_cli.ScriptInfo] = tumbler_cli.ScriptInfo

    def __init__(self, app: App, **kwargs: t.Any) -> None:
        #: The app whose commands are invoked.
        self.app = app
        super().__init__(**kwargs)

    def invoke(  # type: ignore[override]
        self,
        cli: click.Command | str | None = None,
        args: str | t.Sequence[str] | None = None,
        **kwargs: t.Any,
    ) -> Result:
        """Invoke a command in-process, with isolated input and output, and
        return its result (``exit_code``, ``output``, ``exception``)::

            runner.invoke("routes")                 # a command by name
            runner.invoke(args=["greet", "Ada"])    # a command line
            runner.invoke(greet_command, ["Ada"])   # a command object

        :param cli: the command or group, or a command line as a string; by
            default every command ``tumbler`` offers for this app: the
            built-in ones (``routes``, ``plugins``, ``shell``, ``run``) and
            the app's, its blueprints' and its plugins' (these win a name clash).
        :param args: the command line, as a list of strings or one string.
        :param kwargs: as for click's ``CliRunner.invoke``; ``obj`` defaults to
            a :attr:`script_info_class` instance that loads this runner's app.
        """
        if isinstance(cli, str):
            rest = shlex.split(args) if isinstance(args, str) else list(args or ())
            cli, args = None, [*shlex.split(cli), *rest]
        if cli is None:
            cli = all_commands(self.app)
        if "obj" not in kwargs:
            app = self.app
            kwargs["obj"] = self.script_info_class(create_app=lambda: app)
        return super().invoke(cli, args, **kwargs)


def all_commands(app: App) -> click.Group:
    """The commands ``tumbler --app ...`` offers for ``app``, as one group."""
    builtins = click.Group(commands={c.name: c for c in tumbler_cli.TumblerGroup.default_commands if c.name})
    return click.CommandCollection(app.name, sources=[tumbler_cli.cli(app), builtins])
