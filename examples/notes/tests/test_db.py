"""The database connection and the init-db command."""

from __future__ import annotations

import pytest
import tumbler_testing
from notes import create_app, store
from notes.db import get_db, init_db


def test_one_connection_per_app_context_closed_at_the_end(app):
    with app.app_context():
        db = get_db()
        assert get_db() is db
    with pytest.raises(Exception, match="closed"):
        db.execute("SELECT 1")


def test_missing_database_says_how_to_create_it(tmp_path):
    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    with app.app_context(), pytest.raises(RuntimeError, match="tumbler --app notes init-db"):
        get_db()
    assert not (tmp_path / "notes.sqlite").exists()  # no empty file left behind


def test_init_db_command_creates_the_database(tmp_path, base_config):
    app = create_app(base_config, instance_path=str(tmp_path))
    result = tumbler_testing.test_cli_runner(app).invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Initialized the database" in result.output
    with app.app_context():
        assert all(get_db().has_table(name) for name in ("user", "note", "audit_log", "login_failure"))


def test_bad_database_url_fails_at_startup(tmp_path):
    with pytest.raises(RuntimeError, match="DATABASE_URL must start with sqlite:/// or postgresql://, not 'mysql'"):
        create_app({"TESTING": True, "DATABASE_URL": "mysql://localhost/notes"}, instance_path=str(tmp_path))


def test_init_db_adds_session_versions_to_an_older_database(tmp_path):
    import sqlite3

    old = sqlite3.connect(tmp_path / "notes.sqlite")
    old.execute("CREATE TABLE user (id INTEGER PRIMARY KEY, username TEXT, password_hash TEXT)")
    old.execute("INSERT INTO user (username, password_hash) VALUES ('old', 'x')")
    old.commit()
    old.close()
    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    with app.app_context():
        init_db()
        assert store.get_user_by_name("old")["session_version"] == 1


def test_init_db_keeps_data_unless_dropped(app, runner):
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with app.app_context():
        assert get_db().one('SELECT count(*) AS n FROM "user"')["n"] == 2

    result = runner.invoke(args=["init-db", "--drop"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert get_db().one('SELECT count(*) AS n FROM "user"')["n"] == 0


def test_init_db_is_listed_in_the_help(runner):
    result = runner.invoke(args=["--help"])
    assert "init-db" in result.output
    assert "demo" in result.output
