"""The ``tumbler`` command line, a Tumbler plugin.

``tumbler --app module:app run`` serves an app on werkzeug's development
server; ``routes``, ``shell`` and ``plugins`` inspect it; ``cli(app)`` (Flask's
``app.cli``) holds an app's own commands, and blueprints and plugins add
theirs. :class:`TumblerGroup` builds a command line of your own around an app.
"""

from __future__ import annotations

from .appcli import cli, make_shell_context, shell_context_processor, shell_context_processors
from .appgroup import AppGroup, pass_script_info, with_appcontext
from .commands import plugins_command, routes_command, shell_command
from .dialect import TUMBLER, CliDialect, get_debug_flag, get_load_dotenv
from .discovery import (
    AppLoadError,
    NoAppException,
    ScriptInfo,
    find_app_by_string,
    find_best_app,
    locate_app,
    prepare_import,
)
from .envfiles import load_dotenv
from .group import TumblerGroup, get_version, main, main_group, make_main_group
from .server import CertParamType, SeparatedPathType, run_command, show_server_banner

__version__ = "0.1.0"

__all__ = [
    "TUMBLER",
    "AppGroup",
    "AppLoadError",
    "CertParamType",
    "CliDialect",
    "NoAppException",
    "ScriptInfo",
    "SeparatedPathType",
    "TumblerGroup",
    "cli",
    "find_app_by_string",
    "find_best_app",
    "get_debug_flag",
    "get_load_dotenv",
    "get_version",
    "load_dotenv",
    "locate_app",
    "main",
    "main_group",
    "make_main_group",
    "make_shell_context",
    "pass_script_info",
    "plugins_command",
    "prepare_import",
    "routes_command",
    "run_command",
    "shell_command",
    "shell_context_processor",
    "shell_context_processors",
    "show_server_banner",
    "with_appcontext",
]
