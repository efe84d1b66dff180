"""``flask.cli``: Tumbler's CLI plugin in Flask's dialect (``FLASK_*``
variables, ``.flaskenv``, the ``flask`` command name)."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import ast
import collections.abc as cabc
import functools
import importlib
import inspect
import os
import platform
import re
import sys
import traceback
import typing as t
from functools import update_wrapper
from operator import itemgetter
from types import ModuleType

import click
import tumbler_cli
from click.core import ParameterSource
from tumbler import App
from tumbler.globals import current_app
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
from tumbler_cli.discovery import _called_with_wrong_args
from tumbler_cli.server import _set_debug, _validate_key, debug_option
from werkzeug import run_simple
from werkzeug.serving import is_running_from_reloader
from werkzeug.utils import import_string

from tumbler_flask_compat._incidental import _path_is_ancestor

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

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
# The main group's own options and their callbacks, under Flask's names.
_app_option = cli._app_option
_set_app = cli._app_option.callback
_env_file_option = cli._env_file_option
_env_file_callback = cli._env_file_option.callback
_debug_option = debug_option()
version_option = next(p for p in cli.params if p.name == "version")


def get_debug_flag() -> bool:
    return tumbler_cli.get_debug_flag(FLASK)


def get_load_dotenv(default: bool = True) -> bool:
    return tumbler_cli.get_load_dotenv(default, FLASK)


def main() -> None:
    cli.main()


def __getattr__(name: str) -> t.Any:
    return getattr(tumbler_cli, name)
