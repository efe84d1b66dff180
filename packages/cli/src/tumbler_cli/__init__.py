"""The ``tumbler`` command line, a Tumbler plugin.

``tumbler --app module:app run`` serves an app on werkzeug's development
server; ``routes``, ``shell`` and ``plugins`` inspect it; ``cli(app)`` (Flask's
``app.cli``) holds an app's own commands, and blueprints and plugins add
theirs. :class:`TumblerGroup` builds a command line of your own around an app.

Importing the package imports nothing else: each name loads its module (and
click) at first use, so an app served by a WSGI server, which never runs its
command line, does not pay for click (the plugin itself needs none of it).
"""

from __future__ import annotations

import importlib
import typing as t

if t.TYPE_CHECKING:
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
    from .newplugin import new_plugin_command, plugin_project_files
    from .server import CertParamType, SeparatedPathType, run_command, show_server_banner

__version__ = "0.1.0"

#: The module of each public name.
_MODULES = {
    "cli": "appcli",
    "make_shell_context": "appcli",
    "shell_context_processor": "appcli",
    "shell_context_processors": "appcli",
    "AppGroup": "appgroup",
    "pass_script_info": "appgroup",
    "with_appcontext": "appgroup",
    "plugins_command": "commands",
    "routes_command": "commands",
    "shell_command": "commands",
    "TUMBLER": "dialect",
    "CliDialect": "dialect",
    "get_debug_flag": "dialect",
    "get_load_dotenv": "dialect",
    "AppLoadError": "discovery",
    "NoAppException": "discovery",
    "ScriptInfo": "discovery",
    "find_app_by_string": "discovery",
    "find_best_app": "discovery",
    "locate_app": "discovery",
    "prepare_import": "discovery",
    "load_dotenv": "envfiles",
    "new_plugin_command": "newplugin",
    "plugin_project_files": "newplugin",
    "TumblerGroup": "group",
    "get_version": "group",
    "main": "group",
    "main_group": "group",
    "make_main_group": "group",
    "CertParamType": "server",
    "SeparatedPathType": "server",
    "run_command": "server",
    "show_server_banner": "server",
}


def __getattr__(name: str) -> t.Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})


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
    "new_plugin_command",
    "pass_script_info",
    "plugin_project_files",
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
