"""The signed cookie's compiled format (``tumbler_sessions.cookie``) against the
general functions it stands in for: werkzeug's ``parse_cookie`` and
``dump_cookie``/``set_cookie``, itsdangerous's ``URLSafeTimedSerializer``,
:func:`hmac.digest` and zlib. Each comparison runs over many inputs, so a
fast path that reads, writes or signs differently fails here."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import random
import time
import typing as t
import warnings
import zlib
from datetime import datetime, timedelta, timezone

import pytest
import tumbler
from itsdangerous import URLSafeTimedSerializer
from tumbler_sessions import get_session_interface, session, session_json_serializer
from tumbler_sessions.cookie import (
    UNSURE,
    CookieCodec,
    SetCookie,
    _Hmac,
    _mac,
    _never_shorter_compressed,
    cookie_value,
)
from werkzeug.http import dump_cookie
from werkzeug.sansio.http import parse_cookie
from werkzeug.test import Client
from werkzeug.wrappers import Response

# -- reading the cookie header ----------------------------------------------

_PIECES = [
    "session",
    "sess",
    "sessionx",
    "s",
    "=",
    "==",
    ";",
    "; ",
    " ",
    "\t",
    "a",
    "b.c-d_e",
    '"',
    '"x"',
    "\\",
    "\\073",
    ",",
]


def _random_headers(count: int) -> t.Iterator[str]:
    rng = random.Random(21)
    for _ in range(count):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))


@pytest.mark.parametrize("name", ["session", "s", "sess", "a b", 'q"', ""])
def test_cookie_value_is_what_parse_cookie_reads(name: str) -> None:
    crafted = [
        "",
        "session=abc",
        " session = abc ",
        "session=a b",
        "session=a\tb; session=c",
        "session; session=x",
        "session junk; session=y",
        "sessionx=1; session=2",
        "other=1;session=2;session=3",
        "session=;",
        ";;session=v;;",
        'session="quoted;value"; session=z',
        "session==x",
        "\tsession\t=\tv\t",
        "session=v\r\n",
    ]
    for header in itertools.chain(crafted, _random_headers(20_000)):
        assert cookie_value(header, name) == parse_cookie(header).get(name), header
    assert cookie_value(None, name) is None


# -- writing the Set-Cookie header --------------------------------------------

_WHEN = datetime(2031, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
_SETTINGS = list(
    itertools.product(
        ["session", "Sess_1-x", "sëssion"],  # name (a non-ASCII one is sent as mojibake)
        [None, "", "example.com", ".example.com", "localhost:5000", "bücher.example"],  # domain
        ["/", "/app", "/a b;c/é", None],  # path
        [False, True],  # secure
        [False, True],  # httponly
        [None, "Lax", "Strict", "None"],  # samesite
        [False, True],  # partitioned
    )
)


@pytest.mark.parametrize("expires", [None, _WHEN, 1_900_000_000, 1_900_000_000.5, "Thu, 01 Jan 2032 00:00:00 GMT"])
def test_set_cookie_header_is_what_dump_cookie_writes(expires: t.Any) -> None:
    for name, domain, path, secure, httponly, samesite, partitioned in _SETTINGS:
        settings = dict(
            domain=domain, path=path, secure=secure, httponly=httponly, samesite=samesite, partitioned=partitioned
        )
        for value in ["", "eyJjb3VudCI6Mn0.aS5NPg.c2lnbmF0dXJl", ".eJyrVkrOL80rUbIy0lFKzs8tyCxLLUlN"]:
            expected = dump_cookie(name, value, expires=expires, max_size=0, **settings)  # type: ignore[arg-type]
            assert SetCookie(name, **settings).header(value, expires) == expected  # type: ignore[arg-type]


def test_set_cookie_on_a_response_is_what_set_cookie_adds() -> None:
    cookie = SetCookie(
        "session", domain="example.com", path="/", secure=True, httponly=True, samesite="Lax", partitioned=False
    )
    fast, general = Response("x"), Response("x")
    fast.headers["Set-Cookie"] = general.headers["Set-Cookie"] = "other=1"
    cookie.set(fast, "abc.def", _WHEN)
    general.set_cookie("session", "abc.def", expires=_WHEN, **{k: v for k, v in cookie.settings.items() if k != "key"})
    assert fast.headers.to_wsgi_list() == general.headers.to_wsgi_list()


def test_set_cookie_warns_like_werkzeug_when_too_large() -> None:
    cookie = SetCookie("session", domain=None, path="/", secure=False, httponly=True, samesite=None, partitioned=False)
    fast, general = Response("x"), Response("x")
    with pytest.warns(UserWarning, match="The 'session' cookie is too large") as caught:
        cookie.set(fast, "v" * 5000, None)
    with pytest.warns(UserWarning) as expected:
        general.set_cookie("session", "v" * 5000, httponly=True)
    assert [str(w.message) for w in caught] == [str(w.message) for w in expected]
    assert fast.headers.to_wsgi_list() == general.headers.to_wsgi_list()


def test_a_response_class_overriding_set_cookie_is_called() -> None:
    calls: list[tuple[str, str]] = []

    class Recording(Response):
        def set_cookie(self, key: str, value: str = "", *args: t.Any, **kwargs: t.Any) -> None:
            calls.append((key, value))
            super().set_cookie(key, value, *args, **kwargs)

    cookie = SetCookie("session", domain=None, path="/", secure=False, httponly=True, samesite=None, partitioned=False)
    response = Recording("x")
    cookie.set(response, "abc", None)
    assert calls == [("session", "abc")]
    assert response.headers["Set-Cookie"] == "session=abc; HttpOnly; Path=/"


# -- signing -----------------------------------------------------------------


@pytest.mark.parametrize("digest", [hashlib.sha1, hashlib.sha256, hashlib.sha512, hashlib.md5, "sha256"])
def test_mac_is_hmac_digest(digest: t.Any) -> None:
    rng = random.Random(7)
    for key_size in (0, 1, 20, 63, 64, 65, 128, 129, 300):
        key = rng.randbytes(key_size)
        mac = _mac(key, digest)
        assert isinstance(mac, _Hmac) == callable(digest)  # a name string takes hmac.digest
        for size in (0, 1, 55, 56, 64, 200):
            message = rng.randbytes(size)
            assert mac(message) == hmac.digest(key, message, digest)


def _payloads() -> t.Iterator[bytes]:
    rng = random.Random(3)
    alphabets = [b"a", b"ab", b'{}":,0123456789', b"abcdefghijklmnopqrstuvwxyz", bytes(range(256))]
    for size in range(0, 60):
        for alphabet in alphabets:
            for _ in range(8):
                yield bytes(rng.choice(alphabet) for _ in range(size))
    yield b'{"count":2}'
    yield b'{"count":12345,"user":"alice"}'


def test_compression_is_skipped_only_where_it_cannot_win() -> None:
    """itsdangerous keeps the payload compressed when zlib's output is shorter
    than ``len(raw) - 1``: the skip must never hide such a case."""
    skipped = 0
    for raw in _payloads():
        if _never_shorter_compressed(raw):
            skipped += 1
            assert len(zlib.compress(raw)) >= len(raw) - 1, raw
    assert skipped > 100  # the bound does apply to small sessions


def _serializer(*keys: str, digest: t.Any = hashlib.sha1) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        list(keys),
        salt="cookie-session",
        serializer=session_json_serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": digest},
    )


_SESSIONS: list[dict[str, t.Any]] = [
    {},
    {"count": 2},
    {"c": 1},
    {"user": "alice", "_permanent": True},
    {"t": (1, 2), "b": b"\x00\xff", "when": datetime(2020, 1, 2, tzinfo=timezone.utc)},
    {"notes": ["a long note, compressed in the cookie"] * 20},
    {"token": "0f" * 40, "flashes": [("message", "Saved")]},
    {"ü": "ünïcode", "n": None, "f": 1.5, "nested": {" t": "looks like a tag"}},
]


@pytest.mark.parametrize("digest", [hashlib.sha1, hashlib.sha256])
def test_codec_writes_and_reads_what_itsdangerous_does(digest: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = tumbler.App("codec", plugins=["sessions"])
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.25)
    serializer = _serializer("old key", "new key", digest=digest)
    codec = CookieCodec(serializer)
    with app.app_context():
        for data in _SESSIONS + [{"k": "x" * size} for size in range(40)]:
            written = codec.dumps(data)
            assert written == serializer.dumps(data)
            assert codec.loads(written, 3600) == serializer.loads(written, max_age=3600)
            older = _serializer("old key", digest=digest).dumps(data)
            assert codec.loads(older, 3600) == serializer.loads(older, max_age=3600)


def test_codec_leaves_every_damaged_cookie_to_itsdangerous(monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed character, a removed key or an expired stamp is never read
    by the fast path: itsdangerous decides (and rejects) it."""
    app = tumbler.App("codec", plugins=["sessions"])
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000)
    codec = CookieCodec(_serializer("new key"))
    rng = random.Random(5)
    with app.app_context():
        good = _serializer("new key").dumps({"user": "alice", "n": 1})
        assert codec.loads(good, 60) == {"user": "alice", "n": 1}
        for _ in range(500):
            i = rng.randrange(len(good))
            damaged = good[:i] + rng.choice("AZaz09-_.") + good[i + 1 :]
            if damaged != good:
                assert codec.loads(damaged, 60) is UNSURE, damaged
        assert codec.loads(_serializer("retired key").dumps({"user": "root"}), 60) is UNSURE
        monkeypatch.setattr(time, "time", lambda: 1_700_000_061)
        assert codec.loads(good, 60) is UNSURE


# -- through an app: the response headers are what werkzeug would write --------------------


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"SESSION_COOKIE_DOMAIN": "example.com", "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_SAMESITE": "Lax"},
        {"SESSION_COOKIE_PATH": "/a b", "SESSION_COOKIE_HTTPONLY": False, "SESSION_COOKIE_PARTITIONED": True},
        {"SESSION_COOKIE_NAME": "sid", "SESSION_COOKIE_SAMESITE": "strict", "APPLICATION_ROOT": "/app"},
        {"SECRET_KEY_FALLBACKS": ["old"], "PERMANENT_SESSION_LIFETIME": 3600},
    ],
)
@pytest.mark.parametrize("permanent", [False, True])
def test_app_writes_the_header_werkzeug_would(
    config: dict[str, t.Any], permanent: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = tumbler.App("headers", plugins=["sessions"], config={"SECRET_KEY": "k", **config})

    @app.get("/")
    def write() -> str:
        session.permanent = permanent
        session["count"] = session.get("count", 0) + 1
        return "ok"

    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.5)
    interface = get_session_interface(app)
    client = Client(app, use_cookies=False)  # the cookie is sent as set, whatever its domain or path
    sent = ""
    for count in (1, 2):  # the second request sends the cookie the first one set
        rv = client.get("/", environ_overrides={"HTTP_COOKIE": sent})
        written = rv.headers["Set-Cookie"]
        sent = written.split(";")[0]
        with app.app_context():
            serializer = interface.get_signing_serializer(app)  # type: ignore[attr-defined]
            data = serializer.loads(sent.partition("=")[2])
            assert data == {"_permanent": permanent, "count": count}
            expected = dump_cookie(
                interface.get_cookie_name(app),
                serializer.dumps(data),
                domain=interface.get_cookie_domain(app),
                path=interface.get_cookie_path(app),
                secure=interface.get_cookie_secure(app),
                httponly=interface.get_cookie_httponly(app),
                samesite=interface.get_cookie_samesite(app),
                partitioned=interface.get_cookie_partitioned(app),
                max_size=0,
            )
        if permanent:  # "now + lifetime" from the real clock: the rest must match exactly
            expires = [part for part in written.split("; ") if part.startswith("Expires=")]
            assert len(expires) == 1
            assert "; ".join(part for part in written.split("; ") if part not in expires) == expected
        else:
            assert written == expected
        assert rv.headers["Vary"] == "Cookie"


def test_tampered_expired_and_retired_cookies_give_an_empty_session(monkeypatch: pytest.MonkeyPatch) -> None:
    app = tumbler.App("bad", plugins=["sessions"], config={"SECRET_KEY": "new", "SECRET_KEY_FALLBACKS": ["old"]})
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=60)

    @app.get("/")
    def show() -> dict[str, t.Any]:
        return dict(session)

    def read(value: str) -> t.Any:
        client = Client(app)
        client.set_cookie("session", value)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return client.get("/").json

    monkeypatch.setattr(time, "time", lambda: 1_700_000_000)
    with app.app_context():
        by_old = _serializer("old").dumps({"user": "a"})
        by_retired = _serializer("retired").dumps({"user": "a"})
    assert read(by_old) == {"user": "a"}  # a fallback key still verifies
    assert read(by_retired) == {}
    assert read(by_old[:-2] + ("AA" if not by_old.endswith("AA") else "BB")) == {}
    monkeypatch.setattr(time, "time", lambda: 1_700_000_061)
    assert read(by_old) == {}  # expired


def test_settings_changed_between_requests_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys and cookie settings compiled for one request are not kept when the
    app's config changes afterwards (Flask reads them for every request)."""
    app = tumbler.App("changing", plugins=["sessions"], config={"SECRET_KEY": "first"})

    @app.get("/")
    def write() -> str:
        session["n"] = session.get("n", 0) + 1
        return str(session["n"])

    client = Client(app, use_cookies=False)
    first = client.get("/").headers["Set-Cookie"]
    assert first.endswith("; HttpOnly; Path=/")
    app.config.update(SECRET_KEY="second", SESSION_COOKIE_DOMAIN="example.com", SESSION_COOKIE_SAMESITE="Lax")
    rv = client.get("/", environ_overrides={"HTTP_COOKIE": first.split(";")[0]})
    assert rv.text == "1"  # signed with a key the app no longer has: an empty session
    assert rv.headers["Set-Cookie"].endswith("; Domain=example.com; HttpOnly; Path=/; SameSite=Lax")
    with app.app_context():
        assert _serializer("second").loads(rv.headers["Set-Cookie"].split(";")[0].partition("=")[2]) == {"n": 1}
    app.config["SECRET_KEY_FALLBACKS"] = ["first"]
    assert client.get("/", environ_overrides={"HTTP_COOKIE": first.split(";")[0]}).text == "2"
