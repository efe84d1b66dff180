"""Cross-site request forgery and framing, the findings tumbler-security answers: a form post
from another site (with the victim's cookie) must change nothing, login and
logout included, and no page may be framed.
"""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORDS
from notes import create_app, store

EVIL = {"Origin": "https://evil.example"}
CROSS_SITE = {"Sec-Fetch-Site": "cross-site"}


def _titles(app, user_id=1):
    with app.app_context():
        return [note["title"] for note in store.list_notes(user_id)]


@pytest.mark.parametrize("headers", [EVIL, CROSS_SITE], ids=["origin", "sec-fetch-site"])
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/notes/new", {"title": "planted", "body": "by evil.example"}),
        ("/notes/1/edit", {"title": "defaced", "body": ""}),
        ("/notes/1/delete", {}),
    ],
)
def test_a_cross_site_form_post_changes_no_note(app, client, auth, headers, path, data):
    auth.login()
    before = _titles(app)
    response = client.post(path, data=data, headers=headers)
    assert response.status_code == 403
    assert "which this site does not trust" in response.text
    assert _titles(app) == before


@pytest.mark.parametrize("headers", [EVIL, CROSS_SITE], ids=["origin", "sec-fetch-site"])
def test_the_api_refuses_cross_site_writes(app, client, auth, headers):
    auth.login()
    response = client.post("/api/notes", json={"title": "planted"}, headers=headers)
    assert response.status_code == 403
    assert response.json["error"] == "Forbidden"
    assert _titles(app) == ["ada's first note"]


def test_login_csrf_is_refused(client, auth):
    # Logging the victim into the attacker's account, to read what they then write.
    response = auth.login("bob", headers=EVIL)
    assert response.status_code == 403
    with client.session_transaction() as sess:
        assert "user_id" not in sess


def test_logout_csrf_is_refused(client, auth):
    auth.login()
    assert auth.logout(headers=EVIL).status_code == 403
    assert client.get("/api/notes").status_code == 200  # still logged in


def test_register_and_password_change_csrf_are_refused(app, client, auth):
    assert (
        client.post("/auth/register", data={"username": "mallory", "password": "long-enough"}, headers=EVIL).status_code
        == 403
    )
    auth.login()
    data = {"current_password": PASSWORDS["ada"], "new_password": "chosen-by-evil"}
    assert client.post("/auth/password", data=data, headers=EVIL).status_code == 403
    with app.app_context():
        assert store.get_user_by_name("mallory") is None
        assert store.authenticate("ada", PASSWORDS["ada"]) is not None


def test_same_origin_posts_work(app, client, auth):
    assert auth.login(headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}).status_code == 302
    response = client.post("/notes/new", data={"title": "mine"}, headers={"Origin": "http://localhost"})
    assert response.status_code == 302


@pytest.mark.parametrize("path", ["/", "/auth/login", "/api/notes", "/no-such-page"])
def test_pages_cannot_be_framed_and_carry_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_every_form_that_posts_carries_a_token(client, auth):
    pages = [client.get("/auth/login"), client.get("/auth/register")]
    auth.login()
    pages += [client.get(path) for path in ("/", "/notes/new", "/notes/1/edit", "/auth/password")]
    for page in pages:
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", page.text, re.S)
        assert forms, page.request.path
        assert all('name="csrf_token"' in form for form in forms), page.request.path


@pytest.fixture
def token_app(tmp_path, base_config):
    app = create_app({**base_config, "SECURITY_FORM_TOKENS": True}, instance_path=str(tmp_path))
    with app.app_context():
        from notes.db import init_db

        init_db()
        store.add_user("ada", PASSWORDS["ada"])
    return app


def _token(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_with_form_tokens_on_the_forms_still_work(token_app):
    client = token_app.test_client()
    data = {"username": "ada", "password": PASSWORDS["ada"]}
    assert client.post("/auth/login", data=data).status_code == 403  # neither header nor token
    token = _token(client.get("/auth/login"))
    assert client.post("/auth/login", data={**data, "csrf_token": token}).status_code == 302
    token = _token(client.get("/notes/new"))
    assert client.post("/notes/new", data={"title": "with a token", "csrf_token": token}).status_code == 302
    assert client.post("/auth/logout", data={"csrf_token": _token(client.get("/"))}).status_code == 302
