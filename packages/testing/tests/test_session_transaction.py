"""``session_transaction()`` with a session plugin (a stand-in for
tumbler-sessions, see cookie_sessions.py) and without one."""

from __future__ import annotations

import cookie_sessions
import pytest
from cookie_sessions import session
from tumbler import App, redirect, request
from tumbler_testing import test_client


@pytest.fixture
def app() -> App:
    return App(
        "tumbler_testing_tests",
        plugins=["testing", cookie_sessions.plugin],
        config={"TESTING": True, "SECRET_KEY": "test key"},
    )


@pytest.fixture
def client(app):
    return test_client(app)


def test_written_session_is_seen_by_the_next_request(app, client):
    @app.get("/")
    def index():
        return str(session()["foo"])

    with client.session_transaction() as sess:
        assert len(sess) == 0
        sess["foo"] = [42]
    assert client.get("/").text == "[42]"


def test_session_written_by_a_request_is_read(app, client):
    @app.get("/login")
    def login():
        session()["user"] = "ada"
        return ""

    client.get("/login")
    with client.session_transaction() as sess:
        assert sess["user"] == "ada"
        sess["user"] = "grace"
    with client.session_transaction() as sess:
        assert sess["user"] == "grace"


def test_error_in_block_does_not_save(client):
    with pytest.raises(KeyError):
        with client.session_transaction() as sess:
            sess["foo"] = 1
            raise KeyError("stop")
    with client.session_transaction() as sess:
        assert "foo" not in sess


def test_inside_with_block(app, client):
    @app.get("/")
    def index():
        return str(session()["foo"])

    with client:
        with client.session_transaction() as sess:
            sess["foo"] = [42]
        assert client.get("/").text == "[42]"
        assert request.path == "/"
        with client.session_transaction() as sess:
            assert sess["foo"] == [42]


def test_keeps_the_current_request_context(app, client):
    client.get("/")
    with app.test_request_context("/outer"):
        with client.session_transaction():
            assert request.path == "/outer"
        assert request.path == "/outer"


def test_arguments_go_to_the_request_context(app, client):
    @app.get("/")
    def index():
        return str(session().get("foo"))

    with client.session_transaction(base_url="http://example.com") as sess:
        sess["foo"] = "for example.com"
    assert client.get("/").text == "None"
    assert client.get("http://example.com/").text == "for example.com"


def test_redirected_requests_share_the_session(app, client):
    @app.get("/redirect")
    def start():
        session()["redirect"] = True
        return redirect("/target")

    @app.get("/target")
    def target():
        session()["target"] = True
        return ""

    with client:
        client.get("/redirect", follow_redirects=True)
        assert session() == {"redirect": True, "target": True}


@pytest.mark.parametrize("without_key", ["none", "null"])
def test_no_session_opened(app, client, monkeypatch, without_key):
    app.config["SECRET_KEY"] = None
    monkeypatch.setattr(cookie_sessions.CookieSessionInterface, "without_key", without_key)
    with pytest.raises(RuntimeError, match="Session backend did not open a session. Check the configuration"):
        with client.session_transaction():
            pass


def test_needs_cookies(app):
    client = test_client(app, use_cookies=False)
    with pytest.raises(TypeError, match="Cookies are disabled. Create a client with 'use_cookies=True'."):
        with client.session_transaction():
            pass


def test_without_a_session_plugin_names_tumbler_sessions():
    client = test_client(App("tumbler_testing_tests", plugins=["testing"]))
    with pytest.raises(RuntimeError, match=r"Install tumbler-sessions") as e:
        with client.session_transaction():
            pass
    assert "no plugin on this app provides one" in str(e.value)


def test_session_plugin_disabled_names_tumbler_sessions():
    app = App(
        "tumbler_testing_tests",
        plugins=["testing", cookie_sessions.plugin],
        config={"DISABLE_PLUGINS": ["cookie_sessions"]},
    )
    with pytest.raises(RuntimeError, match="tumbler-sessions"):
        with test_client(app).session_transaction():
            pass
