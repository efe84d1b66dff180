"""The Redis session backend against a real redis-server.

Collected only when ``TUMBLER_TEST_REDIS_URL`` names a running server (the
``sessions_redis`` nox session starts one on a free loopback port and sets it);
see ``conftest.py``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
import typing as t

import pytest
import redis
import tumbler
from itsdangerous import Signer
from tumbler_sessions import (
    RedisSessionInterface,
    SecureCookieSessionInterface,
    get_session_interface,
    regenerate_session,
    session,
    set_session_interface,
)
from werkzeug.test import Client

REDIS_URL = os.environ["TUMBLER_TEST_REDIS_URL"]


@pytest.fixture
def store() -> t.Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.close()


def make_app(url: str = REDIS_URL, **config: t.Any) -> tumbler.App:
    app = tumbler.App(
        "redis_sessions_app",
        plugins=["sessions"],
        config={"SECRET_KEY": "test key", "SESSION_BACKEND": "redis", "SESSION_REDIS_URL": url, **config},
    )

    @app.post("/login/<user>")
    def login(user: str) -> str:
        regenerate_session()
        session["user"] = user
        session.permanent = True
        return "ok"

    @app.get("/")
    def whoami() -> str:
        return str(session.get("user"))

    @app.post("/logout")
    def logout() -> str:
        session.clear()
        return "bye"

    @app.get("/nothing")
    def nothing() -> str:
        return "nothing"

    return app


@pytest.fixture
def app(store: redis.Redis) -> tumbler.App:
    return make_app()


def cookie_of(client: Client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def sid_of(client: Client) -> str:
    return sha256_signer("test key").unsign(cookie_of(client)).decode()


def sha256_signer(key: str) -> Signer:
    return Signer(key, salt=RedisSessionInterface.salt, digest_method=hashlib.sha256)


def test_config_selects_redis(app: tumbler.App) -> None:
    assert isinstance(get_session_interface(app), RedisSessionInterface)


def test_data_lives_in_redis_and_the_cookie_holds_a_signed_id(app: tumbler.App, store: redis.Redis) -> None:
    client = Client(app)
    assert client.post("/login/alice").text == "ok"
    assert client.get("/").text == "alice"
    cookie = cookie_of(client)
    assert "alice" not in cookie
    sid = sha256_signer("test key").unsign(cookie).decode()
    assert len(sid) >= 40  # 256 random bits, url-safe base64
    assert b"alice" in store.get(f"session:{sid}")
    ttl = store.ttl(f"session:{sid}")
    assert 31 * 86400 - 10 <= ttl <= 31 * 86400  # PERMANENT_SESSION_LIFETIME


def test_lifetime_is_the_ttl(store: redis.Redis) -> None:
    client = Client(make_app(PERMANENT_SESSION_LIFETIME=120))
    client.post("/login/alice")
    assert 110 <= store.ttl(f"session:{sid_of(client)}") <= 120


def test_prefix_is_configurable(store: redis.Redis) -> None:
    client = Client(make_app(SESSION_REDIS_PREFIX="myapp:s:"))
    client.post("/login/alice")
    assert store.exists(f"myapp:s:{sid_of(client)}")


def test_sessions_are_per_client(app: tumbler.App) -> None:
    alice, bob, anon = Client(app), Client(app), Client(app)
    alice.post("/login/alice")
    bob.post("/login/bob")
    assert (alice.get("/").text, bob.get("/").text, anon.get("/").text) == ("alice", "bob", "None")


def test_untouched_request_sets_no_cookie(app: tumbler.App, store: redis.Redis) -> None:
    client = Client(app)
    rv = client.get("/nothing")
    assert "Set-Cookie" not in rv.headers
    assert client.get("/").text == "None"  # reading an empty session stores nothing
    assert store.dbsize() == 0


def test_a_forged_or_tampered_id_is_not_honoured(app: tumbler.App, store: redis.Redis) -> None:
    victim = Client(app)
    victim.post("/login/alice")
    sid = sid_of(victim)
    for value in (sid, sha256_signer("other key").sign(sid).decode(), cookie_of(victim)[:-2] + "xx"):
        attacker = Client(app)
        attacker.set_cookie("session", value)
        assert attacker.get("/").text == "None"


def test_the_server_never_adopts_an_id_it_did_not_issue(app: tumbler.App, store: redis.Redis) -> None:
    """A validly signed id whose data is gone (expired, ended) gets a new id
    when the session is written again: a planted id is never brought back."""
    client = Client(app)
    client.post("/login/alice")
    old = sid_of(client)
    store.delete(f"session:{old}")
    assert client.get("/").text == "None"
    client.post("/login/bob")
    assert sid_of(client) != old
    assert not store.exists(f"session:{old}")


def test_deleting_the_key_ends_the_session_everywhere(store: redis.Redis) -> None:
    one, two = make_app(), make_app()  # two servers sharing the store
    client = Client(one)
    client.post("/login/alice")
    other = Client(two)
    other.set_cookie("session", cookie_of(client))
    assert other.get("/").text == "alice"  # the login is honoured by the other server
    get_session_interface(one).end_session(sid_of(client))  # type: ignore[attr-defined]
    assert client.get("/").text == "None"
    assert other.get("/").text == "None"


def test_logout_deletes_the_key_and_the_cookie(app: tumbler.App, store: redis.Redis) -> None:
    client = Client(app)
    client.post("/login/alice")
    sid, cookie = sid_of(client), cookie_of(client)
    rv = client.post("/logout")
    assert "session=;" in rv.headers["Set-Cookie"]
    assert not store.exists(f"session:{sid}")
    replay = Client(app)
    replay.set_cookie("session", cookie)
    assert replay.get("/").text == "None"


def test_regenerate_gives_a_new_id_and_retires_the_old(app: tumbler.App, store: redis.Redis) -> None:
    client = Client(app)
    client.post("/login/alice")
    before, old_cookie = sid_of(client), cookie_of(client)
    client.post("/login/alice")  # logging in again: a new id, the data kept
    after = sid_of(client)
    assert after != before
    assert client.get("/").text == "alice"
    assert not store.exists(f"session:{before}")
    stale = Client(app)
    stale.set_cookie("session", old_cookie)
    assert stale.get("/").text == "None"


def test_an_id_fixed_before_login_is_worthless_after_it(app: tumbler.App, store: redis.Redis) -> None:
    @app.post("/visit")
    def visit() -> str:
        session["visited"] = True
        return "ok"

    victim = Client(app)
    victim.post("/visit")
    planted = cookie_of(victim)  # what an attacker who fixed the session knows
    victim.post("/login/alice")
    attacker = Client(app)
    attacker.set_cookie("session", planted)
    assert attacker.get("/").text == "None"


def test_old_keys_still_verify_after_rotation(store: redis.Redis) -> None:
    client = Client(make_app())
    client.post("/login/alice")
    cookie = cookie_of(client)
    rotated = Client(make_app(SECRET_KEY="new key", SECRET_KEY_FALLBACKS=["test key"]))
    rotated.set_cookie("session", cookie)
    assert rotated.get("/").text == "alice"
    dropped = Client(make_app(SECRET_KEY="new key"))
    dropped.set_cookie("session", cookie)
    assert dropped.get("/").text == "None"


def test_values_round_trip_with_tags(app: tumbler.App) -> None:
    value = {"t": (1, 2), "b": b"\x00\xff", "nested": {"x": [1, "two"]}}

    @app.post("/put")
    def put() -> str:
        session["data"] = value
        return "ok"

    @app.get("/get")
    def get() -> str:
        return "same" if session["data"] == value and type(session["data"]["t"]) is tuple else repr(session["data"])

    client = Client(app)
    client.post("/put")
    assert client.get("/get").text == "same"


def test_an_override_wins_over_the_config(store: redis.Redis) -> None:
    app = make_app()
    set_session_interface(app, SecureCookieSessionInterface())
    client = Client(app)
    client.post("/login/alice")
    assert client.get("/").text == "alice"
    assert store.dbsize() == 0  # the signed cookie holds it


def test_redis_down_at_open_answers_503_and_logs(
    store: redis.Redis, caplog: pytest.LogCaptureFixture, unused_port: int
) -> None:
    good = Client(make_app())
    good.post("/login/alice")
    down = make_app(f"redis://127.0.0.1:{unused_port}/0", SESSION_REDIS_TIMEOUT=0.5)
    client = Client(down)
    client.set_cookie("session", cookie_of(good))
    with caplog.at_level(logging.ERROR):
        rv = client.get("/")
    assert rv.status_code == 503
    assert "session store is unavailable" in rv.text
    assert "alice" not in rv.text and "None" not in rv.text
    assert "Set-Cookie" not in rv.headers
    assert any("Could not read the session in Redis" in r.getMessage() for r in caplog.records)
    assert Client(down).get("/nothing").text == "nothing"  # requests without the session still work


def test_redis_too_slow_at_save_answers_503(store: redis.Redis, caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(SESSION_REDIS_TIMEOUT=0.3)
    client = Client(app)
    client.post("/login/alice")
    store.execute_command("CLIENT", "PAUSE", "1500", "WRITE")  # reads answer, writes hang
    try:
        with caplog.at_level(logging.ERROR):
            rv = client.post("/login/bob")
    finally:
        store.execute_command("CLIENT", "UNPAUSE")
    assert rv.status_code == 503
    assert "Set-Cookie" not in rv.headers
    assert "ok" not in rv.text
    assert any("Could not save the session in Redis" in r.getMessage() for r in caplog.records)
    time.sleep(0.1)
    assert client.get("/").text == "alice"  # the old session is intact


def test_concurrent_clients_only_see_their_own_session(app: tumbler.App) -> None:
    @app.post("/slow/<user>")
    def slow(user: str) -> str:
        session["user"] = user
        time.sleep(0.002)
        return str(session["user"])

    crossed: list[str] = []

    def run(n: int) -> None:
        client = Client(app)
        for i in range(20):
            name = f"user{n}-{i % 3}"
            if client.post(f"/slow/{name}").text != name or client.get("/").text != name:
                crossed.append(name)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert crossed == []


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
