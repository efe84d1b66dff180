"""The audit log: one SQLite table, one row per response."""

from __future__ import annotations

import os
import sqlite3
import typing as t
from contextlib import closing
from dataclasses import dataclass

if t.TYPE_CHECKING:
    from tumbler import App

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    request_id TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    duration_ms REAL NOT NULL
)
"""


@dataclass(frozen=True)
class Entry:
    at: float
    request_id: str
    method: str
    path: str
    status: int
    duration_ms: float


def connect(app: App) -> sqlite3.Connection:
    # a connection per write: cheap for SQLite, and safe with threads and worker processes
    path = app.config["AUDIT_DATABASE"]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    db = sqlite3.connect(path, timeout=10)
    db.execute(_SCHEMA)
    return db


def write(app: App, entry: Entry) -> None:
    with closing(connect(app)) as db, db:
        db.execute(
            "INSERT INTO audit_log (at, request_id, method, path, status, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
            (entry.at, entry.request_id, entry.method, entry.path, entry.status, entry.duration_ms),
        )


def recent(app: App, limit: int = 20) -> list[Entry]:
    """The newest ``limit`` entries of ``app``'s audit log, newest first."""
    with closing(connect(app)) as db:
        rows = db.execute(
            "SELECT at, request_id, method, path, status, duration_ms FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
    return [Entry(*row) for row in rows]
