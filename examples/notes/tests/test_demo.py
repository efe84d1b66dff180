"""The demo command: database and demo account on first run, then the development server."""

from __future__ import annotations

import pytest
import tumbler_testing
from notes import create_app, store
from notes.db import database_exists
from notes.demo import DEMO_PASSWORD, DEMO_USERNAME
from werkzeug import serving


@pytest.fixture
def served(monkeypatch):
    """Replace the development server: record its arguments instead of serving."""
    calls = []
    monkeypatch.setattr(serving, "run_simple", lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


@pytest.fixture
def fresh_app(tmp_path, base_config):
    return create_app(base_config, instance_path=str(tmp_path))


def test_first_run_creates_the_database_with_a_demo_account(fresh_app, served, tmp_path):
    result = tumbler_testing.test_cli_runner(fresh_app).invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with fresh_app.app_context():
        assert database_exists()
    assert "Created the database" in result.output
    assert f"Log in as {DEMO_USERNAME!r} with the password {DEMO_PASSWORD!r}" in result.output
    with fresh_app.app_context():
        user = store.authenticate(DEMO_USERNAME, DEMO_PASSWORD)
        assert user is not None
        assert len(store.list_notes(user["id"])) == 2


def test_serves_on_loopback_port_5000(fresh_app, served):
    tumbler_testing.test_cli_runner(fresh_app).invoke(args=["demo"])
    (args, kwargs) = served[0]
    assert args[:2] == ("127.0.0.1", 5000)
    assert args[2] is fresh_app
    assert kwargs["threaded"] is True


def test_development_mode_turns_on_reloader_and_debugger(fresh_app, served, monkeypatch):
    monkeypatch.setenv("TUMBLER_DEBUG", "1")
    tumbler_testing.test_cli_runner(fresh_app).invoke(args=["demo", "--port", "5123"])
    (args, kwargs) = served[0]
    assert args[1] == 5123
    assert kwargs["use_reloader"] is True
    assert kwargs["use_debugger"] is True


def test_later_runs_keep_the_data(fresh_app, served):
    runner = tumbler_testing.test_cli_runner(fresh_app)
    runner.invoke(args=["demo"])
    with fresh_app.app_context():
        store.create_note(store.get_user_by_name(DEMO_USERNAME)["id"], "Kept", "")
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Created the database" not in result.output
    assert "Log in as 'demo'" in result.output
    with fresh_app.app_context():
        assert len(store.list_notes(store.get_user_by_name(DEMO_USERNAME)["id"])) == 3
    assert len(served) == 2


def test_a_database_from_before_the_hardening_is_upgraded(tmp_path, served):
    # The demo database of an earlier checkout: no session versions, no throttle table.
    import sqlite3

    old = sqlite3.connect(tmp_path / "notes.sqlite")
    old.executescript(
        "CREATE TABLE user (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT UNIQUE NOT NULL,"
        " password_hash TEXT NOT NULL, created TEXT NOT NULL DEFAULT (datetime('now')));"
        "CREATE TABLE note (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL, title TEXT NOT NULL,"
        " body TEXT NOT NULL DEFAULT '', created TEXT NOT NULL DEFAULT (datetime('now')),"
        " updated TEXT NOT NULL DEFAULT (datetime('now')));"
    )
    old.close()
    app = create_app({"TESTING": True, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}, instance_path=str(tmp_path))
    with app.app_context():
        store.add_user(DEMO_USERNAME, DEMO_PASSWORD)
    tumbler_testing.test_cli_runner(app).invoke(args=["demo"])
    client = app.test_client()
    response = client.post("/auth/login", data={"username": DEMO_USERNAME, "password": DEMO_PASSWORD})
    assert response.status_code == 302
