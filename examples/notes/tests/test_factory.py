"""create_app: config from defaults, the instance folder's config.py, NOTES_* variables and test_config."""

from __future__ import annotations

import pytest
from notes import create_app

KEY = "a-long-random-production-key-0123456789abcdef"


def test_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTES_SECRET_KEY", KEY)
    app = create_app(instance_path=str(tmp_path / "instance"))
    assert not app.testing
    assert app.config["DATABASE"] == str(tmp_path / "instance" / "notes.sqlite")
    assert (tmp_path / "instance").is_dir()  # made for the database


def test_test_config_wins(tmp_path):
    assert create_app({"TESTING": True}, instance_path=str(tmp_path)).testing


def test_config_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        "SECRET_KEY = 'from-file-0123456789abcdef0123456789abcdef'\nDATABASE = '/srv/notes.sqlite'\n"
    )
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-file-0123456789abcdef0123456789abcdef"
    assert app.config["DATABASE"] == "/srv/notes.sqlite"

    monkeypatch.setenv("NOTES_SECRET_KEY", "from-env-0123456789abcdef0123456789abcdef")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-env-0123456789abcdef0123456789abcdef"
    assert app.config["DATABASE"] == "/srv/notes.sqlite"

    app = create_app({"SECRET_KEY": "from-test-0123456789abcdef0123456789abcdef"}, instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-test-0123456789abcdef0123456789abcdef"


def test_debug_mode_and_tests_run_with_the_development_key(tmp_path, monkeypatch):
    # python3 dev.py demo sets TUMBLER_DEBUG=1 and nothing else.
    monkeypatch.setenv("TUMBLER_DEBUG", "1")
    assert create_app(instance_path=str(tmp_path)).config["SECRET_KEY"] == "dev"
    monkeypatch.delenv("TUMBLER_DEBUG")
    assert create_app({"TESTING": True}, instance_path=str(tmp_path)).config["SECRET_KEY"] == "dev"


def test_plugins_are_loaded(app):
    names = {plugin.name for plugin in app.plugins.list()}
    assert {"templating", "sessions", "signals", "cli"} <= names


@pytest.mark.parametrize(
    ("endpoint", "rule"),
    [
        ("notes.index", "/"),
        ("auth.login", "/auth/login"),
        ("api.list_notes", "/api/notes"),
        ("static", "/static/<path:filename>"),
    ],
)
def test_blueprints_registered(app, endpoint, rule):
    assert rule in {r.rule for r in app.url_map.iter_rules(endpoint)}


def test_redis_url_keeps_sessions_in_redis(tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/2")
    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    assert app.config["SESSION_BACKEND"] == "redis"
    assert app.config["SESSION_REDIS_URL"] == "redis://127.0.0.1:6390/2"


def test_database_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://notes@db.internal/notes")
    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    assert app.config["DATABASE_URL"] == "postgresql://notes@db.internal/notes"
