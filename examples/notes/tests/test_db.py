"""The database connection and the init-db command."""

from __future__ import annotations

import sqlite3

import pytest
import tumbler_testing
from notes import create_app
from notes.db import get_db


def test_one_connection_per_app_context_closed_at_the_end(app):
    with app.app_context():
        db = get_db()
        assert get_db() is db
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        db.execute("SELECT 1")


def test_missing_database_says_how_to_create_it(tmp_path):
    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    with app.app_context(), pytest.raises(RuntimeError, match="tumbler --app notes init-db"):
        get_db()
    assert not (tmp_path / "notes.sqlite").exists()  # no empty file left behind


def test_init_db_command_creates_the_database(tmp_path):
    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    result = tumbler_testing.test_cli_runner(app).invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Initialized the database" in result.output
    with app.app_context():
        tables = {row["name"] for row in get_db().execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"user", "note", "audit_log"} <= tables


def test_init_db_keeps_data_unless_dropped(app, runner):
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM user").fetchone()[0] == 2

    result = runner.invoke(args=["init-db", "--drop"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM user").fetchone()[0] == 0


def test_init_db_is_listed_in_the_help(runner):
    result = runner.invoke(args=["--help"])
    assert "init-db" in result.output
    assert "demo" in result.output
