"""Fixtures: an app on a fresh database in a temporary instance folder, with
two users (ada and bob) who each have a note, and ``auth`` to log in.

``client`` and ``runner`` come from tumbler-testing's pytest plugin, built
from the ``app`` fixture below.
"""

from __future__ import annotations

import pytest
from notes import create_app, store
from notes.db import init_db
from tumbler import App
from tumbler_testing import TestClient

PASSWORDS = {"ada": "ada-password", "bob": "bob-password"}


@pytest.fixture
def app(tmp_path) -> App:
    # A fast password hash: the default (scrypt) takes a tenth of a second by design.
    config = {"TESTING": True, "SECRET_KEY": "test", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
    app = create_app(config, instance_path=str(tmp_path))
    with app.app_context():
        init_db()
        for username, password in PASSWORDS.items():
            user_id = store.add_user(username, password)
            store.create_note(user_id, f"{username}'s first note", f"Written by {username}.")
    return app


class AuthActions:
    def __init__(self, client: TestClient) -> None:
        self.client = client

    def login(self, username: str = "ada", password: str | None = None):
        password = PASSWORDS[username] if password is None else password
        return self.client.post("/auth/login", data={"username": username, "password": password})

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client: TestClient) -> AuthActions:
    return AuthActions(client)
