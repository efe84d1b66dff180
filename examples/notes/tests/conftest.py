"""Fixtures: an app on a fresh database with two users (ada and bob) who each
have a note, and ``auth`` to log in.

The database is SQLite in a temporary instance folder, or the PostgreSQL
database named by ``NOTES_TEST_DATABASE_URL`` (``nox -s example`` runs the
tests once on each): its tables are dropped before every test. With
``NOTES_TEST_REDIS_URL`` the sessions live in that Redis (``REDIS_URL``).

``client`` and ``runner`` come from tumbler-testing's pytest plugin, built
from the ``app`` fixture below.
"""

from __future__ import annotations

import os

import pytest
from notes import create_app, store
from notes.db import TABLES, Database, init_db
from tumbler import App
from tumbler_testing import TestClient

PASSWORDS = {"ada": "ada-password", "bob": "bob-password"}

#: A PostgreSQL URL to run the tests on instead of SQLite.
POSTGRES_URL = os.environ.get("NOTES_TEST_DATABASE_URL")
#: A Redis URL to keep the sessions in instead of the signed cookie.
REDIS_URL = os.environ.get("NOTES_TEST_REDIS_URL")


def pytest_report_header() -> str:
    database = f"PostgreSQL {POSTGRES_URL}" if POSTGRES_URL else "SQLite"
    return f"notes database: {database}; sessions: {f'Redis {REDIS_URL}' if REDIS_URL else 'signed cookie'}"


@pytest.fixture
def base_config() -> dict:
    """Test config on the database under test, with an empty PostgreSQL database if that is the one."""
    # A fast password hash: the default (scrypt) takes a tenth of a second by design.
    config = {"TESTING": True, "SECRET_KEY": "test", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
    if REDIS_URL:
        config["REDIS_URL"] = REDIS_URL
    if POSTGRES_URL:
        config["DATABASE_URL"] = POSTGRES_URL
        db = Database(POSTGRES_URL)
        for table in TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
        db.commit()
        db.close()
    return config


@pytest.fixture
def app(tmp_path, base_config) -> App:
    app = create_app(base_config, instance_path=str(tmp_path))
    with app.app_context():
        init_db()
        for username, password in PASSWORDS.items():
            user_id = store.add_user(username, password)
            store.create_note(user_id, f"{username}'s first note", f"Written by {username}.")
    return app


class AuthActions:
    def __init__(self, client: TestClient) -> None:
        self.client = client

    def login(self, username: str = "ada", password: str | None = None, **kwargs):
        password = PASSWORDS[username] if password is None else password
        return self.client.post("/auth/login", data={"username": username, "password": password}, **kwargs)

    def logout(self, **kwargs):
        return self.client.post("/auth/logout", **kwargs)


@pytest.fixture
def auth(client: TestClient) -> AuthActions:
    return AuthActions(client)
