"""``flask.cli``: Tumbler's CLI plugin in Flask's dialect (``FLASK_*``
variables, ``.flaskenv``, the ``flask`` command name)."""

from __future__ import annotations

import functools
import typing as t

import tumbler_cli
from tumbler import App
from tumbler_cli import (
    AppGroup,
    CertParamType,
    NoAppException,
    SeparatedPathType,
    pass_script_info,
    prepare_import,
    routes_command,
    run_command,
    shell_command,
    with_appcontext,
)

__all__ = [
    "AppGroup",
    "CertParamType",
    "FlaskGroup",
    "NoAppException",
    "ScriptInfo",
    "SeparatedPathType",
    "cli",
    "find_app_by_string",
    "find_best_app",
    "get_debug_flag",
    "get_load_dotenv",
    "get_version",
    "load_dotenv",
    "locate_app",
    "main",
    "pass_script_info",
    "prepare_import",
    "routes_command",
    "run_command",
    "shell_command",
    "show_server_banner",
    "with_appcontext",
]

#: Flask's names for Tumbler's command line.
FLASK = tumbler_cli.CliDialect(
    display_name="Flask",
    command_name="flask",
    env_prefix="FLASK",
    project_env_file=".flaskenv",
    app_class=App,
    version_dists=(("Flask", "flask"), ("Werkzeug", "werkzeug")),
    commands_entry_point="flask.commands",
)


class ScriptInfo(tumbler_cli.ScriptInfo):
    dialect = FLASK


class FlaskGroup(tumbler_cli.TumblerGroup):
    dialect = FLASK
    script_info_class = ScriptInfo


find_best_app = functools.partial(tumbler_cli.find_best_app, dialect=FLASK)
find_app_by_string = functools.partial(tumbler_cli.find_app_by_string, dialect=FLASK)
locate_app = functools.partial(tumbler_cli.locate_app, dialect=FLASK)
get_version = functools.partial(tumbler_cli.get_version, dialect=FLASK)
load_dotenv = functools.partial(tumbler_cli.load_dotenv, dialect=FLASK)
show_server_banner = functools.partial(tumbler_cli.show_server_banner, dialect=FLASK)
cli = tumbler_cli.make_main_group(FlaskGroup)


def get_debug_flag() -> bool:
    return tumbler_cli.get_debug_flag(FLASK)


def get_load_dotenv(default: bool = True) -> bool:
    return tumbler_cli.get_load_dotenv(default, FLASK)


def main() -> None:
    cli.main()


def __getattr__(name: str) -> t.Any:
    return getattr(tumbler_cli, name)
