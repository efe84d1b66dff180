"""create_app: config from defaults, the instance folder's config.py, NOTES_* variables and test_config."""

from __future__ import annotations

import logging

import pytest
from notes import create_app


def test_defaults(tmp_path):
    app = create_app(instance_path=str(tmp_path / "instance"))
    assert not app.testing
    assert app.config["DATABASE"] == str(tmp_path / "instance" / "notes.sqlite")
    assert (tmp_path / "instance").is_dir()  # made for the database


def test_test_config_wins(tmp_path):
    assert create_app({"TESTING": True}, instance_path=str(tmp_path)).testing


def test_config_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-file'\nDATABASE = '/srv/notes.sqlite'\n")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["DATABASE"] == "/srv/notes.sqlite"

    monkeypatch.setenv("NOTES_SECRET_KEY", "from-env")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["DATABASE"] == "/srv/notes.sqlite"

    app = create_app({"SECRET_KEY": "from-test"}, instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-test"


def test_warns_about_the_development_secret_key(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        create_app(instance_path=str(tmp_path))
    assert "SECRET_KEY is the development default" in caplog.text

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app({"SECRET_KEY": "a real one"}, instance_path=str(tmp_path))
    assert "SECRET_KEY" not in caplog.text


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
