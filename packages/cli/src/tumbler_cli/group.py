"""The ``tumbler`` command line: :class:`TumblerGroup`, a click group that loads the app.

Its own options (``--env-file``, ``--app``, ``--debug``, ``--version``) are
processed first, as eager options, so the app (and the commands it brings) is
known before a subcommand or ``--help`` is looked at.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import platform
import typing as t

import click
from tumbler import App, current_app

from .appcli import cli as app_cli
from .appgroup import AppGroup
from .commands import plugins_command, routes_command, shell_command
from .dialect import TUMBLER, CliDialect
from .discovery import AppLoadError, NoAppException, ScriptInfo, user_traceback
from .envfiles import load_dotenv
from .newplugin import new_plugin_command
from .server import debug_option, run_command

__all__ = ["TumblerGroup", "get_version", "main", "main_group", "make_main_group"]


def get_version(
    ctx: click.Context, param: click.Parameter | None, value: t.Any, *, dialect: CliDialect = TUMBLER
) -> None:
    """The ``--version`` callback: print the Python, framework and werkzeug versions, then exit."""
    if not value or ctx.resilient_parsing:
        return
    lines = [f"Python {platform.python_version()}"]
    for label, dist in dialect.version_dists:
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = "(not installed)"
        lines.append(f"{label} {version}")
    click.echo("\n".join(lines), color=ctx.color)
    ctx.exit()


class TumblerGroup(AppGroup):
    """A click group that finds and loads the app, for ``tumbler`` itself or for
    a command line of your own built around an app (Flask's ``FlaskGroup``).

    Besides its own commands it offers the app's (``cli(app)``: the app's,
    its blueprints' and its plugins'), each run inside an app context.

    :param add_default_commands: add ``run``, ``shell``, ``routes`` and ``plugins``.
    :param create_app: a function returning the app, instead of ``--app`` discovery.
    :param add_version_option: add ``--version``.
    :param load_dotenv: load ``.tumblerenv`` and ``.env`` (needs python-dotenv).
    :param set_debug_flag: set ``app.debug`` from ``--debug`` / ``TUMBLER_DEBUG``.
    """

    #: The names this command line answers to (env prefix, files, messages).
    dialect: CliDialect = TUMBLER
    #: The class of the context object that loads the app.
    script_info_class: type[ScriptInfo] = ScriptInfo
    #: Added by ``add_default_commands``.
    default_commands: tuple[click.Command, ...] = (run_command, shell_command, routes_command, plugins_command)

    def __init__(
        self,
        add_default_commands: bool = True,
        create_app: t.Callable[..., App] | None = None,
        add_version_option: bool = True,
        load_dotenv: bool = True,
        set_debug_flag: bool = True,
        **extra: t.Any,
    ) -> None:
        self._env_file_option = self._make_env_file_option()
        self._app_option = self._make_app_option()
        params: list[click.Parameter] = list(extra.pop("params", None) or ())
        # --env-file first: it may set TUMBLER_APP for --app
        params.extend((self._env_file_option, self._app_option, debug_option()))
        if add_version_option:
            params.append(
                click.Option(
                    ["--version"],
                    help="Show the Python, framework and werkzeug versions.",
                    expose_value=False,
                    is_flag=True,
                    is_eager=True,
                    callback=functools.partial(get_version, dialect=self.dialect),
                )
            )
        extra.setdefault("context_settings", {}).setdefault("auto_envvar_prefix", self.dialect.env_prefix)
        super().__init__(params=params, **extra)
        self.create_app = create_app
        self.load_dotenv = load_dotenv
        self.set_debug_flag = set_debug_flag
        if add_default_commands:
            for command in self.default_commands:
                self.add_command(command)
        self._entry_point_commands_loaded = False

    # -- the group's own options -------------------------------------------------

    def _make_app_option(self) -> click.Option:
        def set_app(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
            if value is not None:
                ctx.ensure_object(self.script_info_class).app_import_path = value
            return value

        return click.Option(
            ["-A", "--app"],
            metavar="IMPORT",
            help=(
                "The application or factory to load: 'module:name', where module is a dotted"
                " name or a file path. Without a name, 'app', 'application', 'create_app' or"
                " 'make_app' is found; 'name(args)' passes arguments to a factory."
            ),
            is_eager=True,
            expose_value=False,
            callback=set_app,
        )

    def _make_env_file_option(self) -> click.Option:
        dialect = self.dialect

        def load(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
            try:
                import dotenv  # noqa: F401
            except ImportError:
                if value is not None:
                    raise click.BadParameter(
                        "python-dotenv must be installed to load an env file:"
                        " pip install 'tumbler-cli[dotenv]' (or python-dotenv).",
                        ctx=ctx,
                        param=param,
                    ) from None
            defaults = ctx.ensure_object(self.script_info_class).load_dotenv_defaults
            if value is not None or defaults:
                load_dotenv(value, load_defaults=defaults, dialect=dialect)
            return value

        return click.Option(
            ["-e", "--env-file"],
            type=click.Path(exists=True, dir_okay=False),
            help=(
                "Load environment variables from this file, over those of '.env' and"
                f" '{dialect.project_env_file}'; variables already set in the environment win."
                " Needs python-dotenv."
            ),
            is_eager=True,
            expose_value=False,
            callback=load,
        )

    # -- contexts and parsing ----------------------------------------------------

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: t.Any
    ) -> click.Context:
        # app.run() called at import time must not block the command line
        os.environ[self.dialect.env("RUN_FROM_CLI")] = "true"
        if "obj" not in extra and "obj" not in self.context_settings:
            extra["obj"] = self.script_info_class(
                create_app=self.create_app, set_debug_flag=self.set_debug_flag, load_dotenv_defaults=self.load_dotenv
            )
        return super().make_context(info_name, args, parent=parent, **extra)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (not args and self.no_args_is_help) or (len(args) == 1 and args[0] in self.get_help_option_names(ctx)):
            # Help is shown before the eager options run: read the env file
            # and TUMBLER_APP now, so the help lists the app's commands.
            self._env_file_option.handle_parse_result(ctx, {}, [])
            self._app_option.handle_parse_result(ctx, {}, [])
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> t.Any:
        try:
            return super().invoke(ctx)
        except Exception as e:
            info = ctx.find_object(ScriptInfo)
            if info is None or info.load_error is not e:
                raise  # not from loading the app: the command's own error
            info.load_error = None
            raise AppLoadError(e) from e

    # -- commands ----------------------------------------------------------------

    def _load_entry_point_commands(self) -> None:
        group = self.dialect.commands_entry_point
        if self._entry_point_commands_loaded or group is None:
            return
        self._entry_point_commands_loaded = True
        for ep in importlib.metadata.entry_points(group=group):
            self.add_command(ep.load(), ep.name)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load_entry_point_commands()
        # Built-in commands work even when the app cannot be loaded.
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        info = ctx.ensure_object(self.script_info_class)
        try:
            app = info.load_app()
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
            return None
        # Parameter callbacks of the app's commands see the app context too.
        if not current_app or current_app._get_current_object() is not app:  # type: ignore[attr-defined]
            ctx.with_resource(app.app_context())
        return app_cli(app).get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_entry_point_commands()
        names = set(super().list_commands(ctx))
        info = ctx.ensure_object(self.script_info_class)
        try:
            names.update(app_cli(info.load_app()).list_commands(ctx))
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
        except Exception as e:
            # help still works; show what went wrong while loading the app
            click.secho(f"{user_traceback(e)}\n", err=True, fg="red")
        return sorted(names)


def make_main_group(group_class: type[TumblerGroup] = TumblerGroup) -> TumblerGroup:
    """The top-level command line (``tumbler``; Flask's ``flask.cli.cli``) of a group class."""
    dialect = group_class.dialect
    return group_class(
        name=dialect.command_name,
        help=(
            f"A general utility script for {dialect.display_name} applications.\n\n"
            f"An application to load must be given with the '--app' option, the"
            f" '{dialect.env('APP')}' environment variable, or with a 'wsgi.py' or"
            " 'app.py' file in the current directory."
        ),
    )


#: The ``tumbler`` command.
main_group = make_main_group()
# needs no app, and belongs to Tumbler's own command only (not to a group made for one app)
main_group.add_command(new_plugin_command)


def main() -> None:
    """Run the ``tumbler`` command (the console script)."""
    main_group.main()
