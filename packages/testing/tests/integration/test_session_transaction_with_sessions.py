"""session_transaction() with the real tumbler-sessions plugin.

Collected only when ``tumbler_sessions`` is importable (see ../conftest.py).
"""

from __future__ import annotations

import pytest
from tumbler import App, redirect, request
from tumbler_sessions import session
from tumbler_testing import test_client


@pytest.fixture
def app() -> App:
    return App("sessapp", plugins=["testing", "sessions"], config={"TESTING": True, "SECRET_KEY": "test key"})


def test_transaction_and_requests_share_the_signed_cookie(app):
    @app.get("/")
    def index():
        session["seen"] = session.get("seen", 0) + 1
        return str(session["foo"])

    client = test_client(app)
    with client.session_transaction() as sess:
        assert len(sess) == 0
        sess["foo"] = [42]
    assert client.get("/").text == "[42]"
    with client.session_transaction() as sess:
        assert sess == {"foo": [42], "seen": 1}


def test_session_inspected_after_redirects(app):
    @app.get("/redirect")
    def start():
        session["redirect"] = True
        return redirect("/target")

    @app.get("/target")
    def target():
        session["target"] = True
        return ""

    client = test_client(app)
    with client:
        client.get("/redirect", follow_redirects=True)
        assert request.path == "/target"
        assert session["redirect"] is True
        assert session["target"] is True


def test_without_secret_key(app):
    app.config["SECRET_KEY"] = None
    with pytest.raises(RuntimeError, match="Session backend did not open a session"):
        with test_client(app).session_transaction():
            pass


def test_sessions_plugin_disabled_names_it():
    app = App("sessapp", plugins=["testing", "sessions"], config={"DISABLE_PLUGINS": "sessions"})
    with pytest.raises(RuntimeError, match="tumbler-sessions"):
        with test_client(app).session_transaction():
            pass
