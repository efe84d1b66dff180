"""The session seen from views: reading, writing, the flags, and when the
cookie and ``Vary: Cookie`` are written."""

from __future__ import annotations

import re
import typing as t
from datetime import datetime, timedelta, timezone

import pytest
import tumbler
from tumbler_sessions import get_request_session, permanent_session_lifetime, session
from werkzeug.http import parse_date
from werkzeug.test import Client


def set_cookie(response: t.Any) -> str:
    """The response's one Set-Cookie header, lower-cased ("" when none)."""
    headers = response.headers.getlist("Set-Cookie")
    assert len(headers) <= 1, headers
    return headers[0].lower() if headers else ""


@pytest.fixture
def counter_app(app: tumbler.App) -> tumbler.App:
    @app.post("/")
    def bump() -> str:
        session["n"] = session.get("n", 0) + 1
        return str(session["n"])

    @app.get("/")
    def read() -> str:
        return str(session.get("n"))

    @app.get("/nothing")
    def nothing() -> str:
        return "nothing"

    return app


def test_values_survive_between_requests(counter_app: tumbler.App) -> None:
    client = Client(counter_app)
    assert client.post("/").text == "1"
    assert client.post("/").text == "2"
    assert client.get("/").text == "2"


def test_sessions_are_per_client(counter_app: tumbler.App) -> None:
    one, two = Client(counter_app), Client(counter_app)
    one.post("/")
    one.post("/")
    assert two.post("/").text == "1"
    assert one.get("/").text == "2"


def test_cookie_defaults(counter_app: tumbler.App) -> None:
    cookie = set_cookie(Client(counter_app).post("/"))
    assert cookie.startswith("session=")
    assert "httponly" in cookie
    assert "path=/" in cookie
    assert "expires" not in cookie  # not permanent: gone when the browser closes
    assert "secure" not in cookie
    assert "samesite" not in cookie
    assert "domain" not in cookie
    assert "partitioned" not in cookie


def test_untouched_request_writes_nothing(counter_app: tumbler.App) -> None:
    client = Client(counter_app)
    client.post("/")
    rv = client.get("/nothing")
    assert "Set-Cookie" not in rv.headers
    assert "Vary" not in rv.headers


def test_read_only_request_varies_but_does_not_set(counter_app: tumbler.App) -> None:
    client = Client(counter_app)
    client.post("/")
    rv = client.get("/")
    assert rv.text == "1"
    assert rv.headers.getlist("Vary") == ["Cookie"]
    assert "Set-Cookie" not in rv.headers


def test_flags_after_each_kind_of_request(counter_app: tumbler.App) -> None:
    """``accessed`` follows any use of the proxy, ``modified`` any change;
    the raw session (as Flask's ``request_ctx._session``) is not marked."""
    with counter_app.test_request_context("/nothing"):
        raw = get_request_session()
        assert raw is not None
        assert (raw.accessed, raw.modified, raw.new, raw.permanent) == (False, False, False, False)
        session.get("n")
        assert (raw.accessed, raw.modified) == (True, False)
        session["n"] = 1
        assert raw.modified


@pytest.mark.parametrize(
    "use",
    [
        lambda: session.get("x"),
        lambda: session["x"],
        lambda: session.setdefault("x", "y"),
        lambda: "x" in session,
        lambda: session.clear(),
        lambda: bool(session),
        lambda: session.permanent,
        lambda: session.modified,
    ],
    ids=["get", "getitem", "setdefault", "contains", "clear", "bool", "permanent", "flag"],
)
def test_any_use_adds_vary_cookie_once(app: tumbler.App, use: t.Callable[[], t.Any]) -> None:
    client = Client(app)

    @app.get("/set")
    def set_() -> str:
        session["x"] = "value"
        return ""

    @app.get("/use")
    def use_() -> str:
        try:
            use()
        except KeyError:
            pass
        return ""

    client.get("/set")
    assert client.get("/use").headers.getlist("Vary") == ["Cookie"]


def test_vary_merges_with_the_views_own(app: tumbler.App, client: Client) -> None:
    @app.get("/already")
    def already() -> tumbler.Response:
        rv = tumbler.Response()
        rv.vary.add("Cookie")
        session["x"] = 1
        return rv

    @app.get("/others")
    def others() -> tumbler.Response:
        rv = tumbler.Response()
        rv.vary.update(("Accept-Encoding", "Accept-Language"))
        session["x"] = 1
        return rv

    assert client.get("/already").headers.getlist("Vary") == ["Cookie"]
    assert client.get("/others").headers.getlist("Vary") == ["Accept-Encoding, Accept-Language, Cookie"]


def test_emptied_session_deletes_the_cookie(counter_app: tumbler.App) -> None:
    @counter_app.get("/logout")
    def logout() -> str:
        session.pop("n", None)
        return ""

    client = Client(counter_app)
    client.post("/")
    rv = client.get("/logout")
    cookie = set_cookie(rv)
    assert cookie.startswith("session=;")
    assert "expires=thu, 01 jan 1970" in cookie
    assert rv.headers.getlist("Vary") == ["Cookie"]
    assert client.get_cookie("session") is None
    assert client.get("/").text == "None"


def test_empty_session_that_never_had_data_writes_nothing(app: tumbler.App, client: Client) -> None:
    @app.get("/")
    def index() -> str:
        session.pop("missing", None)
        return ""

    assert "Set-Cookie" not in client.get("/").headers


def test_changes_in_after_request_are_saved(app: tumbler.App, client: Client) -> None:
    @app.after_request
    def remember(response: tumbler.Response) -> tumbler.Response:
        session["seen"] = True
        return response

    @app.get("/")
    def index() -> str:
        return repr(session.get("seen"))

    assert client.get("/").text == "None"
    assert client.get("/").text == "True"


def test_changes_before_an_error_response_are_saved(app: tumbler.App, client: Client) -> None:
    @app.get("/")
    def index() -> str:
        session["tried"] = True
        raise ValueError("boom")

    @app.get("/read")
    def read() -> str:
        return repr(session.get("tried"))

    assert client.get("/").status_code == 500
    assert client.get("/read").text == "True"


def test_mutating_a_nested_value_needs_modified(app: tumbler.App, client: Client) -> None:
    @app.get("/start")
    def start() -> str:
        session["cart"] = []
        return ""

    @app.get("/add-unmarked")
    def add_unmarked() -> str:
        session["cart"].append(1)
        return ""

    @app.get("/add-marked")
    def add_marked() -> str:
        session["cart"].append(2)
        session.modified = True
        return ""

    @app.get("/cart")
    def cart() -> str:
        return repr(session["cart"])

    client.get("/start")
    assert "Set-Cookie" not in client.get("/add-unmarked").headers
    assert client.get("/cart").text == "[]"
    client.get("/add-marked")
    assert client.get("/cart").text == "[2]"


def test_permanent_session_expires_after_the_lifetime(app: tumbler.App, client: Client) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=3)

    @app.get("/login")
    def login() -> str:
        session["user"] = 1
        session.permanent = True
        return ""

    @app.get("/check")
    def check() -> str:
        return repr(session.permanent)

    cookie = set_cookie(client.get("/login"))
    match = re.search(r"expires=([^;]+)", cookie)
    assert match is not None
    expires = parse_date(match.group(1))
    assert expires is not None
    expected = datetime.now(timezone.utc) + timedelta(days=3)
    assert abs((expires - expected).total_seconds()) < 60
    assert client.get("/check").text == "True"


def test_lifetime_accepts_seconds(app: tumbler.App) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = 42
    assert permanent_session_lifetime(app) == timedelta(seconds=42)
    app.config["PERMANENT_SESSION_LIFETIME"] = "a week"
    with pytest.raises(TypeError, match="PERMANENT_SESSION_LIFETIME must be"):
        permanent_session_lifetime(app)


@pytest.mark.parametrize(
    ("permanent", "refresh", "refreshed"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_refresh_each_request(app: tumbler.App, permanent: bool, refresh: bool, refreshed: bool) -> None:
    """A permanent session's cookie is rewritten (new expiry) by every request
    that uses it, when SESSION_REFRESH_EACH_REQUEST is on."""
    app.config["SESSION_REFRESH_EACH_REQUEST"] = refresh

    @app.get("/bump")
    def bump() -> str:
        session["n"] = session.get("n", 0) + 1
        session.permanent = permanent
        return str(session["n"])

    @app.get("/read")
    def read() -> str:
        return str(session.get("n", 0))

    client = Client(app)
    assert [client.get("/bump").text for _ in range(3)] == ["1", "2", "3"]
    rv = client.get("/read")
    assert rv.text == "3"
    assert ("Set-Cookie" in rv.headers) is refreshed


def test_cookie_settings_from_config(app: tumbler.App, client: Client) -> None:
    app.config.update(
        SERVER_NAME="www.example.com:8080",
        APPLICATION_ROOT="/test",
        SESSION_COOKIE_NAME="sid",
        SESSION_COOKIE_DOMAIN=".example.com",
        SESSION_COOKIE_HTTPONLY=False,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_PARTITIONED=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/",
    )

    @app.get("/")
    def index() -> str:
        session["x"] = 1
        return ""

    @app.get("/clear")
    def clear() -> str:
        session.clear()
        return ""

    for path in ("/", "/clear"):
        cookie = set_cookie(client.get(path, "http://www.example.com:8080/test/"))
        assert cookie.startswith("sid=")
        assert "domain=example.com" in cookie
        assert "path=/;" in cookie or cookie.endswith("path=/")
        assert "secure" in cookie
        assert "samesite=lax" in cookie
        assert "partitioned" in cookie
        assert "httponly" not in cookie
    assert cookie.startswith("sid=;")


def test_cookie_path_follows_application_root(app: tumbler.App, client: Client) -> None:
    app.config["APPLICATION_ROOT"] = "/foo"

    @app.get("/")
    def index() -> str:
        session["x"] = 1
        return ""

    assert "path=/foo" in set_cookie(client.get("/", "http://example.com:8080/foo"))


@pytest.mark.parametrize(("value", "expected"), [("Strict", "samesite=strict"), ("lax", "samesite=lax"), (None, None)])
def test_samesite(app: tumbler.App, client: Client, value: str | None, expected: str | None) -> None:
    app.config["SESSION_COOKIE_SAMESITE"] = value

    @app.get("/")
    def index() -> str:
        session["x"] = 1
        return ""

    cookie = set_cookie(client.get("/"))
    if expected is None:
        assert "samesite" not in cookie
    else:
        assert expected in cookie


def test_invalid_samesite_says_what_to_fix(app: tumbler.App, client: Client) -> None:
    app.config.update(SESSION_COOKIE_SAMESITE="sometimes", TESTING=True)

    @app.get("/")
    def index() -> str:
        session["x"] = 1
        return ""

    with pytest.raises(ValueError, match="SESSION_COOKIE_SAMESITE must be 'Strict', 'Lax', 'None' or None"):
        client.get("/")


def test_session_outside_a_request(app: tumbler.App) -> None:
    assert not session  # a proxy with nothing behind it is falsy, like Flask's
    with pytest.raises(RuntimeError, match="Working outside of request context"):
        session["x"] = 1
    with app.app_context(), pytest.raises(RuntimeError, match="Working outside of request context"):
        session.get("x")


def test_session_in_a_test_request_context(app: tumbler.App) -> None:
    with app.test_request_context():
        session["x"] = 1
        assert session["x"] == 1
        assert session.modified


def test_streamed_response_reads_the_session(app: tumbler.App, client: Client) -> None:
    @app.get("/")
    def index() -> tumbler.Response:
        session["word"] = "flask"

        @tumbler.stream_with_context
        def generate() -> t.Iterator[str]:
            yield session["word"]

        return tumbler.Response(generate())

    assert client.get("/").text == "flask"


def test_copied_context_shares_the_session(app: tumbler.App, client: Client) -> None:
    later: list[t.Callable[[], t.Any]] = []

    @app.get("/")
    def index() -> str:
        session["fizz"] = "buzz"

        @tumbler.copy_current_request_context
        def job() -> t.Any:
            return session.get("fizz")

        later.append(job)
        return ""

    client.get("/")
    assert later[0]() == "buzz"


def test_two_apps_keep_their_own_sessions() -> None:
    one = tumbler.App("one", plugins=["sessions"], config={"SECRET_KEY": "one"})
    two = tumbler.App("two", plugins=["sessions"], config={"SECRET_KEY": "two", "SESSION_COOKIE_NAME": "two"})
    for app in (one, two):

        @app.get("/")
        def index() -> str:
            session["app"] = tumbler.current_app.name
            return ""

        @app.get("/who")
        def who() -> str:
            return str(session.get("app"))

    a, b = Client(one), Client(two)
    a.get("/")
    b.get("/")
    assert (a.get("/who").text, b.get("/who").text) == ("one", "two")
    # a cookie signed by one app's key means nothing to the other
    b.set_cookie("two", a.get_cookie("session").value)  # type: ignore[union-attr]
    assert b.get("/who").text == "None"
