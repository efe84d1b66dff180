"""The SQLite database: one connection per app context, and ``tumbler init-db``.

The file is ``DATABASE`` in the config (``instance/notes.sqlite`` by default).
"""

from __future__ import annotations

import os
import sqlite3

import click
from tumbler import App, current_app, g
from tumbler_cli import cli, with_appcontext

__all__ = ["close_db", "database_exists", "get_db", "init_app", "init_db"]

#: Dropped by ``init-db --drop``, children first.
TABLES = ("audit_log", "note", "user")


def _connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row  # rows read like dicts: row["title"]
    db.execute("PRAGMA foreign_keys = ON")
    return db


def database_exists() -> bool:
    """Whether the database file exists (``init_db`` creates it)."""
    return os.path.exists(current_app.config["DATABASE"])


def get_db() -> sqlite3.Connection:
    """The connection of this app context, opened on first use."""
    if "db" not in g:
        path = current_app.config["DATABASE"]
        if not os.path.exists(path):
            # sqlite3 would create an empty file; say how to make a real one.
            raise RuntimeError(f"There is no database at {path}. Create it with: tumbler --app notes init-db")
        g.db = _connect(path)
    return g.db  # type: ignore[no-any-return]


def close_db(exc: BaseException | None = None) -> None:
    """Close the connection, if this app context opened one."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_db(drop: bool = False) -> None:
    """Create the database file and its tables (kept if they exist, unless ``drop``)."""
    close_db()
    path = current_app.config["DATABASE"]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    db = g.db = _connect(path)
    if drop:
        for table in TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
    with current_app.open_resource("schema.sql") as f:
        db.executescript(f.read().decode("utf-8"))


@click.command("init-db")
@click.option("--drop", is_flag=True, help="Delete every table first (all data is lost).")
@with_appcontext
def init_db_command(drop: bool) -> None:
    """Create the database and its tables."""
    init_db(drop=drop)
    click.echo(f"Initialized the database at {current_app.config['DATABASE']}.")


def init_app(app: App) -> None:
    """Close connections when app contexts end, and add ``init-db`` to the app's commands."""
    app.teardown_appcontext(close_db)
    cli(app).add_command(init_db_command)
