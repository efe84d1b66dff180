"""Choosing the backend (``SESSION_BACKEND``) and ``regenerate_session`` with
the signed cookie; these need no redis-server (``test_redis.py`` does)."""

from __future__ import annotations

import subprocess
import sys
import typing as t

import pytest
import tumbler
from itsdangerous import URLSafeTimedSerializer
from tumbler_sessions import SecureCookieSessionInterface, get_session_interface, regenerate_session, session
from werkzeug.test import Client


def test_cookie_is_the_default(app: tumbler.App) -> None:
    assert app.config["SESSION_BACKEND"] == "cookie"
    assert type(get_session_interface(app)) is SecureCookieSessionInterface


def test_an_unknown_backend_fails_at_startup() -> None:
    with pytest.raises(RuntimeError, match=r"SESSION_BACKEND is 'memcached'; set it to one of 'cookie', 'redis'"):
        tumbler.App("x", plugins=["sessions"], config={"SESSION_BACKEND": "memcached"})


def test_redis_without_a_url_fails_at_startup() -> None:
    with pytest.raises(RuntimeError, match="SESSION_REDIS_URL is not set"):
        tumbler.App("x", plugins=["sessions"], config={"SESSION_BACKEND": "redis"})


def test_a_backend_set_after_startup_fails_at_first_use(app: tumbler.App) -> None:
    app.config["SESSION_BACKEND"] = "redis"

    @app.get("/")
    def index() -> str:
        return str(session.get("x"))

    app.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(RuntimeError, match="SESSION_REDIS_URL is not set"):
        Client(app).get("/")


def test_redis_without_the_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # what an environment without redis-py gives
    with pytest.raises(RuntimeError, match=r"pip install 'tumbler-sessions\[redis\]'"):
        tumbler.App(
            "x", plugins=["sessions"], config={"SESSION_BACKEND": "redis", "SESSION_REDIS_URL": "redis://127.0.0.1/0"}
        )


def test_the_cookie_backend_does_not_import_redis() -> None:
    code = (
        "import sys, tumbler, tumbler_sessions\n"
        "from werkzeug.test import Client\n"
        "app = tumbler.App('x', plugins=['sessions'], config={'SECRET_KEY': 'k'})\n"
        "app.post('/')(lambda: tumbler_sessions.session.setdefault('a', 'b'))\n"
        "assert Client(app).post('/').text == 'b'\n"
        "print('redis' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def cookie_app(**config: t.Any) -> tumbler.App:
    app = tumbler.App("x", plugins=["sessions"], config={"SECRET_KEY": "old key", **config})

    @app.post("/login")
    def login() -> str:
        regenerate_session()
        return "ok"

    @app.post("/visit")
    def visit() -> str:
        session["user"] = "alice"
        return "ok"

    @app.get("/")
    def index() -> str:
        return str(session.get("user"))

    return app


def test_regenerate_with_the_cookie_re_signs_with_the_newest_key() -> None:
    client = Client(cookie_app())
    client.post("/visit")
    rotated = cookie_app(SECRET_KEY="new key", SECRET_KEY_FALLBACKS=["old key"])
    again = Client(rotated)
    again.set_cookie("session", client.get_cookie("session").value)  # type: ignore[union-attr]
    assert "Set-Cookie" not in again.get("/").headers  # reading alone does not rewrite it
    rv = again.post("/login")
    assert "session=" in rv.headers["Set-Cookie"]  # regenerate writes it although nothing changed
    value = again.get_cookie("session").value  # type: ignore[union-attr]
    signer = URLSafeTimedSerializer("new key", salt="cookie-session", signer_kwargs={"key_derivation": "hmac"})
    assert signer.loads(value) == {"user": "alice"}  # signed by the new key alone
    assert again.get("/").text == "alice"


def test_regenerate_without_a_secret_key_is_harmless() -> None:
    app = tumbler.App("x", plugins=["sessions"])

    @app.post("/login")
    def login() -> str:
        regenerate_session()
        return str(session.get("user"))

    rv = Client(app).post("/login")
    assert rv.text == "None"
    assert "Set-Cookie" not in rv.headers


def test_regenerate_outside_a_request_says_so() -> None:
    with pytest.raises(RuntimeError, match="outside of request context"):
        regenerate_session()
