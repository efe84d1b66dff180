"""The audit log: signal receivers record account activity; the Activity page shows it."""

from __future__ import annotations

from notes import audit
from notes.db import get_db
from notes.signals import user_logged_in


def events(app, username):
    with app.app_context():
        rows = get_db().all("SELECT * FROM audit_log WHERE username = ? ORDER BY id", (username,))
    return [(row["event"], row["user_id"], row["remote_addr"]) for row in rows]


def test_login_and_logout_are_recorded(app, auth):
    auth.login()
    auth.logout()
    assert events(app, "ada") == [(audit.LOGGED_IN, 1, "127.0.0.1"), (audit.LOGGED_OUT, 1, "127.0.0.1")]


def test_registration_is_recorded(app, client):
    client.post("/auth/register", data={"username": "carol", "password": "carol-password"})
    assert [event for event, _, _ in events(app, "carol")] == [audit.REGISTERED, audit.LOGGED_IN]


def test_failed_login_is_recorded_for_the_targeted_account(app, auth):
    auth.login("ada", "guessing")
    auth.login("nobody", "guessing")
    assert events(app, "ada") == [(audit.LOGIN_FAILED, 1, "127.0.0.1")]
    assert events(app, "nobody") == [(audit.LOGIN_FAILED, None, "127.0.0.1")]


def test_activity_page(client, auth):
    auth.login("ada", "guessing")
    auth.login()
    page = client.get("/auth/activity")
    assert page.status_code == 200
    assert page.text.count("<tr class=") == 2
    assert "failed log-in attempt" in page.text
    assert "logged in" in page.text


def test_activity_page_shows_only_your_account(client, auth):
    auth.login("bob")
    auth.logout()
    auth.login()
    page = client.get("/auth/activity")
    assert page.text.count("<tr class=") == 1


def test_receivers_listen_to_their_own_app_only(app):
    with app.test_request_context():
        user = get_db().one('SELECT * FROM "user" WHERE id = 1')
        user_logged_in.send(object(), user=user)  # not sent by this app
        assert events(app, "ada") == []
        user_logged_in.send(app, user=user)
    assert [event for event, _, _ in events(app, "ada")] == [audit.LOGGED_IN]
