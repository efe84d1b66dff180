"""Bad input and keys: a cookie that does not verify or load gives an empty
session and a normal response; key rotation; the digest; a missing key."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import typing as t
import warnings
from datetime import timedelta

import pytest
import tumbler
from itsdangerous import URLSafeTimedSerializer
from tumbler_sessions import (
    NullSession,
    SecureCookieSessionInterface,
    get_request_session,
    get_session_interface,
    session,
    session_json_serializer,
    set_session_interface,
)
from werkzeug.test import Client


@pytest.fixture
def app(app: tumbler.App) -> tumbler.App:
    app.config["TESTING"] = False  # an error would be a 500, not an exception here

    @app.get("/login")
    def login() -> str:
        session["user"] = "alice"
        return "ok"

    @app.get("/show")
    def show() -> dict[str, t.Any]:
        return dict(session)

    return app


def signer_for(secret: str, serializer: t.Any = None) -> URLSafeTimedSerializer:
    """Signs as the default session interface does, with any payload serializer."""
    return URLSafeTimedSerializer(
        secret,
        salt="cookie-session",
        serializer=serializer or json,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )


def show_with_cookie(app: tumbler.App, value: str) -> t.Any:
    client = Client(app)
    client.set_cookie("session", value)
    rv = client.get("/show")
    assert rv.status_code == 200
    return rv.json


def valid_cookie(app: tumbler.App) -> str:
    client = Client(app)
    client.get("/login")
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_valid_cookie_loads(app: tumbler.App) -> None:
    assert show_with_cookie(app, valid_cookie(app)) == {"user": "alice"}


@pytest.mark.parametrize(
    "data",
    [{"user": "alice"}, {"notes": ["a long note, compressed in the cookie"] * 20, "t": (1, 2)}],
    ids=["small", "compressed"],
)
def test_cookie_is_exactly_what_itsdangerous_writes(
    app: tumbler.App, data: dict[str, t.Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cookie format is itsdangerous's URLSafeTimedSerializer, byte for byte,
    and a cookie written by itsdangerous loads."""
    app.config.update(SECRET_KEY="new key", SECRET_KEY_FALLBACKS=["old key"])

    @app.get("/write")
    def write() -> str:
        session.update(data)
        return "ok"

    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.5)
    client = Client(app)
    client.get("/write")
    cookie = client.get_cookie("session")
    assert cookie is not None
    serializer = get_session_interface(app).get_signing_serializer(app)  # type: ignore[attr-defined]
    assert cookie.value == serializer.dumps(data)
    assert cookie.value.startswith(".") == (len(data) > 1)  # the big one is compressed
    for secret in ("new key", "old key"):
        written = URLSafeTimedSerializer(
            secret,
            salt="cookie-session",
            serializer=session_json_serializer,
            signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
        ).dumps(data)
        client.set_cookie("session", written)
        assert client.get("/show").json == json.loads(json.dumps(data))


def test_a_subclass_signing_serializer_reads_and_writes(app: tumbler.App) -> None:
    class OtherSalt(SecureCookieSessionInterface):
        def get_signing_serializer(self, app: tumbler.App) -> URLSafeTimedSerializer | None:
            return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="elsewhere")

    set_session_interface(app, OtherSalt())
    cookie = valid_cookie(app)
    assert URLSafeTimedSerializer("test key", salt="elsewhere").loads(cookie) == {"user": "alice"}
    assert show_with_cookie(app, cookie) == {"user": "alice"}
    assert show_with_cookie(app, signer_for("test key").dumps({"user": "bob"})) == {}


def test_tampered_payload_is_ignored(app: tumbler.App) -> None:
    payload, timestamp, signature = valid_cookie(app).split(".")
    forged = base64.urlsafe_b64encode(b'{"user":"mallory"}').rstrip(b"=").decode()
    assert show_with_cookie(app, f"{forged}.{timestamp}.{signature}") == {}


def test_tampered_signature_is_ignored(app: tumbler.App) -> None:
    value = valid_cookie(app)
    # not the last character: some of its bits are padding, which decoding drops
    cut = len(value) - 5
    flipped = value[:cut] + ("A" if value[cut] != "A" else "B") + value[cut + 1 :]
    assert show_with_cookie(app, flipped) == {}


@pytest.mark.parametrize("cut", [1, 10, 30])
def test_truncated_cookie_is_ignored(app: tumbler.App, cut: int) -> None:
    assert show_with_cookie(app, valid_cookie(app)[:-cut]) == {}


def test_expired_cookie_is_ignored(app: tumbler.App, monkeypatch: pytest.MonkeyPatch) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=5)
    with monkeypatch.context() as m:
        an_hour_ago = time.time() - 3600
        m.setattr(time, "time", lambda: an_hour_ago)
        old = signer_for("test key").dumps({"user": "alice"})
    assert show_with_cookie(app, old) == {}
    fresh = signer_for("test key").dumps({"user": "alice"})
    assert show_with_cookie(app, fresh) == {"user": "alice"}


@pytest.mark.parametrize(
    "value",
    ["garbage", "%%%!!!", "a.b.c", "..", ".eJw.AAAA.BBBB", "é€ü", "eyJ1c2VyIjoiYSJ9"],
    ids=["word", "symbols", "dots", "empty-parts", "fake-compressed", "non-ascii", "payload-only"],
)
def test_wrongly_encoded_cookie_is_ignored(app: tumbler.App, value: str) -> None:
    assert show_with_cookie(app, value) == {}


@pytest.mark.parametrize(
    "header",
    ['session="unterminated', "session=\\x00\\377", "session=\xff\xfe\xfd", "session=a; session=b", "session"],
    ids=["open-quote", "escapes", "latin-1-bytes", "twice", "no-value"],
)
def test_malformed_cookie_header_is_ignored(app: tumbler.App, header: str) -> None:
    rv = Client(app).get("/show", environ_overrides={"HTTP_COOKIE": header})
    assert (rv.status_code, rv.json) == (200, {})


def test_cookie_signed_with_another_key_is_ignored(app: tumbler.App) -> None:
    assert show_with_cookie(app, signer_for("someone else's key").dumps({"user": "root"})) == {}


class _NotJSON:
    @staticmethod
    def dumps(obj: t.Any) -> str:
        return "{not json"


@pytest.mark.parametrize(
    ("serializer", "data"),
    [(_NotJSON, {}), (json, ["a", "list"]), (json, "a string"), (json, {"x": {" b": "%%% not base64"}})],
    ids=["not-json", "list", "string", "broken-tag"],
)
def test_signed_but_unreadable_payload_is_ignored(app: tumbler.App, serializer: t.Any, data: t.Any) -> None:
    """Even with a valid signature (an old format, another program sharing
    the key), a payload that is not a session dict gives an empty session."""
    assert show_with_cookie(app, signer_for("test key", serializer).dumps(data)) == {}


@pytest.mark.filterwarnings("ignore:The 'session' cookie is too large")  # the test client warns too
def test_oversize_cookie_is_ignored(app: tumbler.App) -> None:
    assert show_with_cookie(app, "x" * 5000) == {}
    # over the browser limit, even a correctly signed cookie is not read
    big = signer_for("test key").dumps({"user": "alice", "pad": secrets.token_urlsafe(4000)})
    assert len(big) > 4093
    assert show_with_cookie(app, big) == {}
    app.config["MAX_COOKIE_SIZE"] = 0  # no limit
    assert show_with_cookie(app, big)["user"] == "alice"


def test_bad_cookie_is_replaced_on_the_next_write(app: tumbler.App) -> None:
    client = Client(app)
    client.set_cookie("session", "garbage")
    client.get("/login")
    assert client.get("/show").json == {"user": "alice"}


def test_oversize_session_warns_when_written(app: tumbler.App) -> None:
    @app.get("/big")
    def big() -> str:
        session["blob"] = secrets.token_urlsafe(4000)  # random: does not compress
        return ""

    with pytest.warns(UserWarning, match="cookie is too large"):
        Client(app).get("/big")
    app.config["MAX_COOKIE_SIZE"] = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Client(app).get("/big")


def test_key_rotation_with_fallbacks(app: tumbler.App) -> None:
    app.config.update(SECRET_KEY="0 key", SECRET_KEY_FALLBACKS=["-1 key", "-2 key"])
    client = Client(app)
    client.get("/login")
    assert client.get("/show").json == {"user": "alice"}
    # a new key that does not list the old one: the session is gone
    app.config.update(SECRET_KEY="? key", SECRET_KEY_FALLBACKS=None)
    assert client.get("/show").json == {}
    # the old key as a fallback: the session is back
    app.config.update(SECRET_KEY="+1 key", SECRET_KEY_FALLBACKS=["0 key", "-1 key"])
    assert client.get("/show").json == {"user": "alice"}


def test_newest_key_signs(app: tumbler.App) -> None:
    app.config.update(SECRET_KEY="new", SECRET_KEY_FALLBACKS="old")  # a bare string is one key
    cookie = signer_for("old").dumps({"user": "alice"})
    client = Client(app)
    client.set_cookie("session", cookie)
    assert client.get("/show").json == {"user": "alice"}
    client.get("/login")  # rewrites the cookie
    app.config["SECRET_KEY_FALLBACKS"] = None  # the old key retired
    assert client.get("/show").json == {"user": "alice"}


def test_digest_is_configurable(app: tumbler.App) -> None:
    sha1_cookie = valid_cookie(app)
    set_session_interface(app, SecureCookieSessionInterface(digest_method=hashlib.sha256))
    sha256_cookie = valid_cookie(app)
    assert len(sha256_cookie.split(".")[2]) == 43  # 32 bytes of signature, base64
    assert len(sha1_cookie.split(".")[2]) == 27  # 20 bytes
    assert show_with_cookie(app, sha256_cookie) == {"user": "alice"}
    assert show_with_cookie(app, sha1_cookie) == {}


def test_default_is_hmac_sha1_like_flask(app: tumbler.App) -> None:
    interface = get_session_interface(app)
    assert isinstance(interface, SecureCookieSessionInterface)
    assert (interface.salt, interface.key_derivation) == ("cookie-session", "hmac")
    assert interface.digest_method().name == "sha1"
    assert show_with_cookie(app, signer_for("test key").dumps({"user": "bob"})) == {"user": "bob"}


class TestWithoutSecretKey:
    @pytest.fixture
    def app(self, app: tumbler.App) -> tumbler.App:
        app.config["SECRET_KEY"] = None
        return app

    def test_reading_gives_an_empty_null_session(self, app: tumbler.App) -> None:
        rv = Client(app).get("/show")
        assert (rv.status_code, rv.json) == (200, {})
        assert "Set-Cookie" not in rv.headers
        with app.test_request_context():
            assert session.get("missing") is None
            assert isinstance(get_request_session(), NullSession)

    @pytest.mark.parametrize(
        "write",
        [
            lambda: session.__setitem__("x", 1),
            lambda: session.pop("x"),
            lambda: session.setdefault("x", 1),
            lambda: session.update(x=1),
            lambda: session.clear(),
            lambda: setattr(session, "permanent", True),
        ],
        ids=["setitem", "pop", "setdefault", "update", "clear", "permanent"],
    )
    def test_writing_says_to_set_the_secret_key(self, app: tumbler.App, write: t.Callable[[], t.Any]) -> None:
        with app.test_request_context(), pytest.raises(RuntimeError) as e:
            write()
        assert "session is unavailable" in str(e.value)
        assert "SECRET_KEY" in str(e.value)

    def test_a_view_that_writes_fails_loudly(self, app: tumbler.App) -> None:
        app.config["TESTING"] = True
        with pytest.raises(RuntimeError, match="Set SECRET_KEY"):
            Client(app).get("/login")
