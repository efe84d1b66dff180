"""The names the command line answers to: Tumbler's, or another framework's.

Everything that would read differently under Flask's name (the environment
variable prefix, the project env file, the app class searched for, the
version line, the command's name) lives in one :class:`CliDialect`. The
classes of this package read it from a class attribute (``dialect``) and the
module functions take it as a keyword, so a compatibility layer subclasses
or passes a different one instead of patching code.
"""

from __future__ import annotations

import os
import typing as t
from dataclasses import dataclass

from tumbler import App

__all__ = ["TUMBLER", "CliDialect", "get_debug_flag", "get_load_dotenv"]

_FALSE = {"0", "false", "no"}


@dataclass(frozen=True)
class CliDialect:
    """The names of one flavour of the command line."""

    #: Used in messages: "Could not locate a Tumbler application".
    display_name: str = "Tumbler"
    #: The console command, e.g. in "Use 'tumbler --app'".
    command_name: str = "tumbler"
    #: Prefix of every environment variable: ``TUMBLER_APP``, ``TUMBLER_DEBUG``,
    #: ``TUMBLER_SKIP_DOTENV``, ``TUMBLER_RUN_FROM_CLI``, ``TUMBLER_ENV_FILE``
    #: and ``TUMBLER_RUN_PORT`` (click's automatic option variables).
    env_prefix: str = "TUMBLER"
    #: The project's own env file, loaded before (and overridden by) ``.env``.
    project_env_file: str = ".tumblerenv"
    #: The class whose instances discovery accepts as apps.
    app_class: type[t.Any] = App
    #: ``(label, distribution)`` pairs printed by ``--version`` after Python's.
    version_dists: tuple[tuple[str, str], ...] = (("Tumbler core", "tumbler-core"), ("Werkzeug", "werkzeug"))
    #: An entry-point group of extra click commands (Flask's ``flask.commands``);
    #: Tumbler's own plugins add commands through the ``tumbler_cli_commands`` hook.
    commands_entry_point: str | None = None

    def env(self, name: str) -> str:
        """The environment variable for ``name``: ``env("APP")`` is ``TUMBLER_APP``."""
        return f"{self.env_prefix}_{name}"


#: Tumbler's own dialect, the default everywhere.
TUMBLER = CliDialect()


def get_debug_flag(dialect: CliDialect = TUMBLER) -> bool:
    """Whether ``TUMBLER_DEBUG`` (``<prefix>_DEBUG``) asks for debug mode."""
    value = os.environ.get(dialect.env("DEBUG"))
    return bool(value) and value.lower() not in _FALSE  # type: ignore[union-attr]


def get_load_dotenv(default: bool = True, dialect: CliDialect = TUMBLER) -> bool:
    """Whether default env files should be loaded: ``default``, unless
    ``TUMBLER_SKIP_DOTENV`` is set to a true value."""
    value = os.environ.get(dialect.env("SKIP_DOTENV"))
    if not value:
        return default
    return value.lower() in _FALSE
