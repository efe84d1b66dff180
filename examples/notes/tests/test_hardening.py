"""The example app's defences, one test per finding of the hostile-input review (issue 16):
the development key in production, sessions that outlive a log-out or a new
password, unlimited password guessing, timing that tells whether an account
exists, the cookie and the host in production.

The cross-origin (CSRF) and header findings are in ``test_cross_origin.py``.
"""

from __future__ import annotations

import time

import pytest
from conftest import PASSWORDS
from notes import create_app, store

KEY = "a-long-random-production-key-0123456789abcdef"


# -- the secret key ------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "dev"])
def test_refuses_to_start_in_production_without_a_real_key(tmp_path, monkeypatch, key):
    monkeypatch.delenv("NOTES_SECRET_KEY", raising=False)
    config = {} if key is None else {"SECRET_KEY": key}
    with pytest.raises(RuntimeError, match=r"^Tumbler Notes will not start without a secret key .*NOTES_SECRET_KEY"):
        create_app(config, instance_path=str(tmp_path))


# -- sessions end on the server ------------------------------------------------


def _copy_cookie(client, other):
    other.set_cookie("session", client.get_cookie("session").value)


def test_a_captured_cookie_stops_working_after_logout(app, client, auth):
    auth.login()
    thief = app.test_client()
    _copy_cookie(client, thief)
    assert thief.get("/api/notes").status_code == 200
    auth.logout()
    assert thief.get("/api/notes").status_code == 401
    assert "Create an account" in thief.get("/").text


def test_logout_ends_every_session_of_the_user(app, client, auth):
    auth.login()
    laptop = app.test_client()
    laptop.post("/auth/login", data={"username": "ada", "password": PASSWORDS["ada"]})
    other_user = app.test_client()
    other_user.post("/auth/login", data={"username": "bob", "password": PASSWORDS["bob"]})
    auth.logout()
    assert laptop.get("/api/notes").status_code == 401
    assert other_user.get("/api/notes").status_code == 200  # bob's session is his own


def test_password_change_page(client, auth):
    auth.login()
    page = client.get("/auth/password")
    assert page.status_code == 200
    assert 'name="current_password"' in page.text
    assert 'name="new_password"' in page.text
    assert 'href="/auth/password"' in page.text  # in the navigation


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, auth):
    auth.login()
    thief = app.test_client()
    _copy_cookie(client, thief)
    response = client.post(
        "/auth/password", data={"current_password": PASSWORDS["ada"], "new_password": "a-brand-new-password"}
    )
    assert response.status_code == 302
    assert "Password changed." in client.get("/").text
    assert client.get("/api/notes").status_code == 200
    assert thief.get("/api/notes").status_code == 401
    with app.app_context():
        assert store.authenticate("ada", "a-brand-new-password") is not None
        assert store.authenticate("ada", PASSWORDS["ada"]) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"current_password": "wrong-password", "new_password": "a-brand-new-password"}, "not that one"),
        ({"current_password": PASSWORDS["ada"], "new_password": "short"}, "at least 8 characters"),
    ],
)
def test_password_change_rejects_bad_input(app, client, auth, data, message):
    auth.login()
    response = client.post("/auth/password", data=data)
    assert response.status_code == 400
    assert message in response.text
    with app.app_context():
        assert store.authenticate("ada", PASSWORDS["ada"]) is not None


def test_guessing_the_current_password_is_throttled_too(app, client, auth):
    auth.login()
    data = {"current_password": "guess", "new_password": "a-brand-new-password"}
    for _ in range(app.config["LOGIN_LIMIT_PER_ACCOUNT"]):
        assert client.post("/auth/password", data=data).status_code == 400
    right = {**data, "current_password": PASSWORDS["ada"]}
    response = client.post("/auth/password", data=right)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    with app.app_context():
        assert store.authenticate("ada", PASSWORDS["ada"]) is not None


def test_password_change_needs_a_login(client):
    assert client.get("/auth/password").headers["Location"] == "/auth/login"


# -- login throttling -----------------------------------------------------------


def test_guessing_an_accounts_password_is_stopped(app, client, auth):
    limit = app.config["LOGIN_LIMIT_PER_ACCOUNT"]
    for _ in range(limit):
        assert auth.login("ada", "guess").status_code == 400
    response = auth.login("ada")  # the right password, too late
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= app.config["LOGIN_THROTTLE_WINDOW"]
    assert "Too many failed log-ins. Try again in 15 minutes." in response.text
    assert client.get("/api/notes").status_code == 401
    assert auth.login("bob").status_code == 302  # other accounts are not locked


def test_sixty_wrong_passwords_then_the_right_one_does_not_log_in(client, auth):
    for _ in range(60):
        auth.login("ada", "guess")
    assert auth.login("ada").status_code == 429


def test_one_address_guessing_many_accounts_is_stopped(app, client, auth):
    for number in range(app.config["LOGIN_LIMIT_PER_ADDRESS"]):
        auth.login(f"user{number}", "guess")
    assert auth.login("bob").status_code == 429
    other_address = auth.login("bob", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other_address.status_code == 302


def test_failures_expire_with_the_window(app, client, auth, monkeypatch):
    for _ in range(app.config["LOGIN_LIMIT_PER_ACCOUNT"]):
        auth.login("ada", "guess")
    assert auth.login("ada").status_code == 429
    later = time.time() + app.config["LOGIN_THROTTLE_WINDOW"] + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert auth.login("ada").status_code == 302


def test_a_successful_login_clears_the_accounts_failures(app, auth):
    for _ in range(app.config["LOGIN_LIMIT_PER_ACCOUNT"] - 1):
        auth.login("ada", "guess")
    assert auth.login("ada").status_code == 302
    auth.logout()
    assert auth.login("ada", "guess").status_code == 400  # counting starts again


def test_the_throttle_is_in_the_database_shared_by_every_server(app, tmp_path, base_config, auth):
    for _ in range(app.config["LOGIN_LIMIT_PER_ACCOUNT"]):
        auth.login("ada", "guess")
    other_server = create_app({**base_config, "DATABASE": app.config["DATABASE"]}, instance_path=str(tmp_path))
    response = other_server.test_client().post("/auth/login", data={"username": "ada", "password": PASSWORDS["ada"]})
    assert response.status_code == 429


# -- timing ---------------------------------------------------------------------


def _login_time(client, username: str) -> float:
    start = time.perf_counter()
    client.post("/auth/login", data={"username": username, "password": "wrong-password"})
    return time.perf_counter() - start


def test_an_unknown_user_costs_the_same_hashing_time_as_a_known_one(tmp_path, base_config):
    # A deliberately slow hash (~50 ms here), so that hashing dominates the request.
    app = create_app({**base_config, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:200000"}, instance_path=str(tmp_path))
    with app.app_context():
        from notes.db import init_db

        init_db()
        store.add_user("ada", PASSWORDS["ada"])
    client = app.test_client()
    client.post("/auth/login", data={"username": "warm-up", "password": "x"})  # the dummy hash is made once
    # Interleaved, best of four each: the machine's load hits both alike.
    known, unknown = float("inf"), float("inf")
    for _ in range(4):
        known = min(known, _login_time(client, "ada"))
        unknown = min(unknown, _login_time(client, "nobody-at-all"))
    # Without the dummy hash an unknown user answers in a few percent of the time.
    assert unknown > 0.5 * known, f"unknown user {unknown * 1000:.1f} ms, known user {known * 1000:.1f} ms"


# -- production cookie and hosts --------------------------------------------------


@pytest.fixture
def production(tmp_path, monkeypatch, base_config):
    """An app as a server runs it: not debug, not testing, a real key."""

    def make(**env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        app = create_app({**base_config, "TESTING": False, "SECRET_KEY": KEY}, instance_path=str(tmp_path))
        with app.app_context():
            from notes.db import init_db

            init_db(drop=True)
            store.add_user("ada", PASSWORDS["ada"])
        return app

    return make


def _login_cookie(app, **kwargs) -> str:
    response = app.test_client().post(
        "/auth/login", data={"username": "ada", "password": PASSWORDS["ada"]}, base_url="https://localhost", **kwargs
    )
    assert response.status_code == 302, response.text
    return response.headers["Set-Cookie"]


def test_the_session_cookie_is_secure_in_production(production):
    assert "; Secure" in _login_cookie(production())


def test_session_cookie_secure_can_be_turned_off_from_the_environment(production):
    assert "; Secure" not in _login_cookie(production(SESSION_COOKIE_SECURE="0"))


def test_a_bad_session_cookie_secure_value_fails_at_startup(production):
    with pytest.raises(
        RuntimeError, match="SESSION_COOKIE_SECURE must be 1/true/yes/on or 0/false/no/off, not 'maybe'"
    ):
        production(SESSION_COOKIE_SECURE="maybe")


def test_trusted_hosts_from_the_environment(production):
    app = production(TRUSTED_HOSTS="notes.example.com, www.notes.example.com")
    assert app.config["TRUSTED_HOSTS"] == ["notes.example.com", "www.notes.example.com"]
    client = app.test_client()
    assert client.get("/", base_url="https://notes.example.com").status_code == 200
    assert client.get("/", base_url="https://www.notes.example.com").status_code == 200
    assert client.get("/", base_url="https://evil.example").status_code == 400


def test_instance_header_only_when_asked(production):
    assert "X-Notes-Instance" not in production().test_client().get("/").headers
    app = production(NOTES_INSTANCE_ID="web-2")
    assert app.test_client().get("/").headers["X-Notes-Instance"] == "web-2"


def test_behind_a_proxy_the_throttle_counts_the_real_client(production):
    app = production(NOTES_TRUSTED_PROXIES="1")
    client = app.test_client()
    for number in range(app.config["LOGIN_LIMIT_PER_ADDRESS"]):
        client.post(
            "/auth/login", data={"username": f"u{number}", "password": "x"}, headers={"X-Forwarded-For": "198.51.100.1"}
        )
    blocked = client.post(
        "/auth/login",
        data={"username": "ada", "password": PASSWORDS["ada"]},
        headers={"X-Forwarded-For": "198.51.100.1"},
    )
    assert blocked.status_code == 429
    assert "; Secure" in _login_cookie(app, headers={"X-Forwarded-For": "198.51.100.2"})
