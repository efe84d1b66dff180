"""Register, log in, log out, and the pages that need a login."""

from __future__ import annotations

import pytest
from notes import store
from tumbler_sessions import session


def test_register_page(client):
    response = client.get("/auth/register")
    assert response.status_code == 200
    assert '<form method="post"' in response.text
    assert 'name="username"' in response.text


def test_register_logs_in_and_greets(app, client):
    response = client.post("/auth/register", data={"username": "carol", "password": "carol-password"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/")
    assert "Welcome, carol! Your account is ready." in page.text
    assert "My notes" in page.text
    with app.app_context():
        user = store.get_user_by_name("carol")
        assert user["password_hash"] != "carol-password"  # stored hashed
        assert store.authenticate("carol", "carol-password")["id"] == user["id"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "A username is 3 to 32 letters"),
        ({"username": "", "password": "long enough"}, "A username is 3 to 32 letters"),
        ({"username": "no spaces please", "password": "long enough"}, "A username is 3 to 32 letters"),
        ({"username": "dave"}, "A password needs at least 8 characters."),
        ({"username": "dave", "password": "short"}, "A password needs at least 8 characters."),
        ({"username": "ada", "password": "another-password"}, "The username &#39;ada&#39; is taken"),
    ],
)
def test_register_rejects_bad_input_with_400_and_a_message(client, data, message):
    response = client.post("/auth/register", data=data)
    assert response.status_code == 400
    assert message in response.text
    assert 'class="flash flash-error"' in response.text


def test_register_keeps_the_typed_username(client):
    response = client.post("/auth/register", data={"username": "dave", "password": "short"})
    assert 'value="dave"' in response.text


def test_login_page(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert 'type="password"' in response.text


def test_login_remembers_the_user_in_the_session(client, auth):
    response = auth.login()
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    with client:
        page = client.get("/")
        assert session["user_id"] == 1
    assert "Welcome back, ada." in page.text
    assert "ada&#39;s first note" in page.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter your username and your password."),
        ({"username": "ada"}, "Enter your username and your password."),
        ({"username": "ada", "password": "wrong-password"}, "Unknown username or wrong password."),
        ({"username": "nobody", "password": "ada-password"}, "Unknown username or wrong password."),
    ],
)
def test_login_rejects_bad_input_with_400_and_a_message(client, data, message):
    response = client.post("/auth/login", data=data)
    assert response.status_code == 400
    assert message in response.text
    with client.session_transaction() as sess:
        assert "user_id" not in sess


def test_session_cookie_is_same_site_lax(auth):
    cookie = auth.login().headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie
    assert "HttpOnly" in cookie


def test_login_starts_a_fresh_session(client, auth):
    with client.session_transaction() as sess:
        sess["left_over"] = "from before"
    auth.login()
    with client.session_transaction() as sess:
        assert "left_over" not in sess
        assert sess["user_id"] == 1


def test_logout(client, auth):
    auth.login()
    response = auth.logout()
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    page = client.get("/auth/login")
    assert "You have been logged out." in page.text
    with client.session_transaction() as sess:
        assert "user_id" not in sess


def test_logout_needs_a_post(client, auth):
    auth.login()
    assert client.get("/auth/logout").status_code == 405
    with client.session_transaction() as sess:
        assert sess["user_id"] == 1


def test_user_deleted_while_logged_in_is_logged_out(app, client, auth):
    auth.login()
    with app.app_context():
        from notes.db import get_db

        get_db().execute("DELETE FROM \"user\" WHERE username = 'ada'")
        get_db().commit()
    assert "Create an account" in client.get("/").text  # the welcome page again


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/notes/new"),
        ("POST", "/notes/new"),
        ("GET", "/notes/1"),
        ("GET", "/notes/1/edit"),
        ("POST", "/notes/1/edit"),
        ("POST", "/notes/1/delete"),
        ("GET", "/auth/activity"),
    ],
)
def test_pages_need_a_login(app, client, method, path):
    response = client.open(path, method=method, data={"title": "x"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert "Please log in to see that page." in client.get("/auth/login").text
    with app.app_context():
        assert store.get_note(1, 1)["title"] == "ada's first note"  # nothing changed


def test_nav_shows_who_is_logged_in(client, auth):
    assert 'href="/auth/login"' in client.get("/").text
    auth.login()
    page = client.get("/")
    assert '<span class="user">ada</span>' in page.text
    assert 'action="/auth/logout"' in page.text
