"""Loading ``.tumblerenv``, ``.env`` and ``--env-file`` files with python-dotenv."""

from __future__ import annotations

import os

import click

from .dialect import TUMBLER, CliDialect

__all__ = ["load_dotenv"]


def load_dotenv(
    path: str | os.PathLike[str] | None = None,
    load_defaults: bool = True,
    *,
    dialect: CliDialect = TUMBLER,
) -> bool:
    """Set environment variables from env files, never overriding one that is
    already set.

    Precedence, highest first: the process environment, the file at ``path``,
    ``.env``, ``.tumblerenv`` (the nearest of each, searched upwards from the
    current directory when ``load_defaults`` is true). The working directory
    is not changed.

    Without python-dotenv installed this loads nothing (and says so on stderr
    when env files are present).

    :return: whether at least one variable was read from a file.
    """
    try:
        import dotenv
    except ImportError:
        if path or os.path.isfile(".env") or os.path.isfile(dialect.project_env_file):
            click.secho(
                f" * Tip: There are .env files present. Install python-dotenv to use them"
                f" (pip install 'tumbler-cli[dotenv]'), or set {dialect.env('SKIP_DOTENV')}=1 to silence this.",
                fg="yellow",
                err=True,
            )
        return False
    data: dict[str, str | None] = {}
    if load_defaults:
        for name in (dialect.project_env_file, ".env"):
            found = dotenv.find_dotenv(name, usecwd=True)
            if found:
                data.update(dotenv.dotenv_values(found, encoding="utf-8"))
    if path is not None and os.path.isfile(path):
        data.update(dotenv.dotenv_values(path, encoding="utf-8"))
    for key, value in data.items():
        if value is not None and key not in os.environ:
            os.environ[key] = value
    return bool(data)
