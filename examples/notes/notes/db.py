"""The database: SQLite or PostgreSQL, one connection per app context, and ``tumbler init-db``.

``DATABASE_URL`` picks the database: unset (the default), SQLite in the file
``DATABASE`` (``instance/notes.sqlite``); ``postgresql://user:pass@host/name``,
PostgreSQL through psycopg 3 (``pip install 'tumbler-example-notes[postgres]'``).
The rest of the app writes its SQL once, with ``?`` placeholders, and calls
:class:`Database`; the few differences between the two live here and in the
two schema files.
"""

from __future__ import annotations

import os
import sqlite3
import typing as t

import click
from tumbler import App, current_app, g
from tumbler_cli import cli, with_appcontext

__all__ = ["Database", "close_db", "database_exists", "get_db", "init_app", "init_db"]

#: Dropped by ``init-db --drop``, children first.
TABLES = ("login_failure", "audit_log", "note", '"user"')

#: A row reads like a dict (``row["title"]``) on both databases.
Row = t.Mapping[str, t.Any]


class Database:
    """One connection to SQLite or PostgreSQL, behind the same few methods.

    :param url: ``sqlite:///path`` or ``postgresql://...``.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        #: ``"sqlite"`` or ``"postgresql"``: for the rare query that differs.
        self.dialect = "postgresql" if url.startswith(("postgresql://", "postgres://")) else "sqlite"
        if self.dialect == "sqlite":
            self.connection: t.Any = sqlite3.connect(_sqlite_path(url))
            self.connection.row_factory = sqlite3.Row  # rows read like dicts: row["title"]
            self.connection.execute("PRAGMA foreign_keys = ON")
            self.IntegrityError: type[Exception] = sqlite3.IntegrityError
        else:
            psycopg = _import_psycopg()
            self.connection = psycopg.connect(url, row_factory=psycopg.rows.dict_row)
            self.IntegrityError = psycopg.IntegrityError

    def execute(self, sql: str, args: t.Sequence[t.Any] = ()) -> t.Any:
        """Run one statement with ``?`` placeholders; return the cursor."""
        if self.dialect == "postgresql":
            sql = sql.replace("?", "%s")
        return self.connection.execute(sql, tuple(args))

    def one(self, sql: str, args: t.Sequence[t.Any] = ()) -> Row | None:
        """The first row of a query, or ``None``."""
        row: Row | None = self.execute(sql, args).fetchone()
        return row

    def all(self, sql: str, args: t.Sequence[t.Any] = ()) -> list[Row]:
        """Every row of a query."""
        return list(self.execute(sql, args).fetchall())

    def insert(self, sql: str, args: t.Sequence[t.Any] = ()) -> int:
        """Run an ``INSERT`` and return the new row's ``id`` (both databases know ``RETURNING``)."""
        row = self.execute(sql + " RETURNING id", args).fetchone()
        return int(row["id"])

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()

    def close(self) -> None:
        self.connection.close()

    def has_table(self, name: str) -> bool:
        if self.dialect == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?"
        return self.one(sql, (name,)) is not None

    def script(self, sql: str) -> None:
        """Run several statements (a schema file) and commit."""
        if self.dialect == "sqlite":
            self.connection.executescript(sql)
        else:
            self.connection.execute(sql)
        self.commit()


def _sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url.removeprefix("sqlite://")


def _import_psycopg() -> t.Any:
    try:
        import psycopg
        import psycopg.rows
    except ImportError:
        raise RuntimeError(
            "DATABASE_URL names PostgreSQL, but psycopg is not installed:"
            " pip install 'tumbler-example-notes[postgres]' (or psycopg[binary])."
        ) from None
    return psycopg


def database_url(app: App) -> str:
    """``DATABASE_URL``, or SQLite in the file ``DATABASE`` when it is unset."""
    url: str | None = app.config.get("DATABASE_URL")
    if url and not url.startswith(("sqlite:", "postgresql://", "postgres://")):
        raise RuntimeError(f"DATABASE_URL must start with sqlite:/// or postgresql://, not {url.split(':')[0]!r}.")
    return url or f"sqlite:///{app.config['DATABASE']}"


def database_exists() -> bool:
    """Whether the database has its tables (``init_db`` creates them)."""
    url = database_url(current_app)
    if url.startswith("sqlite:") and not os.path.exists(_sqlite_path(url)):
        return False
    return get_db().has_table("note")


def get_db() -> Database:
    """The connection of this app context, opened on first use."""
    if "db" not in g:
        url = database_url(current_app)
        if url.startswith("sqlite:") and not os.path.exists(path := _sqlite_path(url)):
            # sqlite3 would create an empty file; say how to make a real one.
            raise RuntimeError(f"There is no database at {path}. Create it with: tumbler --app notes init-db")
        g.db = Database(url)
    return g.db  # type: ignore[no-any-return]


def close_db(exc: BaseException | None = None) -> None:
    """Close the connection, if this app context opened one."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_db(drop: bool = False) -> None:
    """Create the tables (kept if they exist, unless ``drop``), and add what an older database lacks."""
    close_db()
    url = database_url(current_app)
    if url.startswith("sqlite:"):
        os.makedirs(os.path.dirname(os.path.abspath(_sqlite_path(url))), exist_ok=True)
    db = g.db = Database(url)
    if drop:
        for table in TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}" + (" CASCADE" if db.dialect == "postgresql" else ""))
        db.commit()
    with current_app.open_resource(f"schema-{db.dialect}.sql") as f:
        db.script(f.read().decode("utf-8"))
    _upgrade(db)


def _upgrade(db: Database) -> None:
    # A database made before session versions existed (the demo's, say) gets the column.
    try:
        db.execute('SELECT session_version FROM "user" LIMIT 1')
    except Exception:
        db.rollback()
        db.execute('ALTER TABLE "user" ADD COLUMN session_version INTEGER NOT NULL DEFAULT 1')
        db.commit()


@click.command("init-db")
@click.option("--drop", is_flag=True, help="Delete every table first (all data is lost).")
@with_appcontext
def init_db_command(drop: bool) -> None:
    """Create the database and its tables."""
    init_db(drop=drop)
    click.echo(f"Initialized the database at {_safe_url(database_url(current_app))}.")


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    if url.startswith("sqlite:"):
        return _sqlite_path(url)
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':')[0]}{at}{host}" if at else url


def init_app(app: App) -> None:
    """Close connections when app contexts end, and add ``init-db`` to the app's commands."""
    database_url(app)  # a bad DATABASE_URL fails here, at startup
    app.teardown_appcontext(close_db)
    cli(app).add_command(init_db_command)
