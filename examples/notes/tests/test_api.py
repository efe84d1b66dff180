"""The JSON API: the same notes, the same rules, errors as JSON."""

from __future__ import annotations

import pytest
from notes import store


@pytest.fixture
def logged_in(auth):
    auth.login()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/notes"),
        ("POST", "/api/notes"),
        ("GET", "/api/notes/1"),
        ("PATCH", "/api/notes/1"),
        ("DELETE", "/api/notes/1"),
    ],
)
def test_every_endpoint_needs_a_login(app, client, method, path):
    response = client.open(path, method=method, json={"title": "x"})
    assert response.status_code == 401
    assert response.json["error"] == "Unauthorized"
    assert "Log in first" in response.json["message"]
    with app.app_context():
        assert store.get_note(1, 1)["title"] == "ada's first note"


@pytest.mark.usefixtures("logged_in")
def test_list(client):
    response = client.get("/api/notes")
    assert response.status_code == 200
    [note] = response.json["notes"]
    assert note["id"] == 1
    assert note["title"] == "ada's first note"
    assert note["body"] == "Written by ada."
    assert note["url"] == "/api/notes/1"
    assert set(note) == {"id", "title", "body", "created", "updated", "url"}


@pytest.mark.usefixtures("logged_in")
def test_search(client):
    client.post("/api/notes", json={"title": "Groceries", "body": "milk"})
    assert [n["title"] for n in client.get("/api/notes?q=MILK").json["notes"]] == ["Groceries"]
    assert client.get("/api/notes?q=absent").json == {"notes": []}


@pytest.mark.usefixtures("logged_in")
def test_create(client):
    response = client.post("/api/notes", json={"title": "Groceries", "body": "eggs"})
    assert response.status_code == 201
    assert response.json["title"] == "Groceries"
    assert response.headers["Location"] == response.json["url"]
    assert client.get(response.headers["Location"]).json["body"] == "eggs"


@pytest.mark.usefixtures("logged_in")
def test_create_without_body(client):
    assert client.post("/api/notes", json={"title": "Only a title"}).json["body"] == ""


@pytest.mark.usefixtures("logged_in")
def test_get(client):
    response = client.get("/api/notes/1")
    assert response.status_code == 200
    assert response.json["title"] == "ada's first note"


@pytest.mark.usefixtures("logged_in")
def test_patch_changes_only_the_given_fields(client):
    response = client.patch("/api/notes/1", json={"body": "Rewritten"})
    assert response.status_code == 200
    assert response.json["title"] == "ada's first note"
    assert response.json["body"] == "Rewritten"
    assert client.patch("/api/notes/1", json={"title": "New title"}).json["body"] == "Rewritten"


@pytest.mark.usefixtures("logged_in")
def test_delete(client):
    response = client.delete("/api/notes/1")
    assert response.status_code == 204
    assert response.data == b""
    assert client.get("/api/notes/1").status_code == 404
    assert client.delete("/api/notes/1").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/api/notes/1"), ("PATCH", "/api/notes/1"), ("DELETE", "/api/notes/1")]
)
def test_another_users_note_is_a_404(app, client, auth, method, path):
    auth.login("bob")
    response = client.open(path, method=method, json={"title": "Taken over"})
    assert response.status_code == 404
    assert response.json == {"error": "Not Found", "message": "You have no note number 1."}
    with app.app_context():
        assert store.get_note(1, 1)["title"] == "ada's first note"
    assert "ada" not in str(client.get("/api/notes").json)


SEND_AN_OBJECT = 'Send a JSON object with "Content-Type: application/json"'


@pytest.mark.usefixtures("logged_in")
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, SEND_AN_OBJECT),
        ({"data": "{not json", "content_type": "application/json"}, SEND_AN_OBJECT),
        ({"data": '{"title": "form-encoded?"}'}, SEND_AN_OBJECT),  # no JSON content type
        ({"data": {"title": "a form"}}, SEND_AN_OBJECT),
        ({"json": ["a", "list"]}, SEND_AN_OBJECT),
        ({"json": {"title": "x", "tags": ["a"]}}, "Unknown field(s): tags."),
        ({"json": {"title": 42}}, "'title' must be a string, not int."),
        ({"json": {"title": "x", "body": None}}, "'body' must be a string, not NoneType."),
        ({"json": {"title": ""}}, "A note needs a title."),
        ({"json": {"title": "x" * 201}}, "A title has at most 200 characters"),
    ],
)
@pytest.mark.parametrize(("method", "path"), [("POST", "/api/notes"), ("PATCH", "/api/notes/1")])
def test_bad_input_is_a_400_with_a_message(app, client, method, path, kwargs, message):
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == 400
    assert response.content_type == "application/json"
    assert response.json["error"] == "Bad Request"
    assert message in response.json["message"]
    with app.app_context():
        assert [n["title"] for n in store.list_notes(1)] == ["ada's first note"]


@pytest.mark.usefixtures("logged_in")
def test_unknown_url_is_a_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json["error"] == "Not Found"


@pytest.mark.usefixtures("logged_in")
def test_wrong_method_is_a_json_405_with_allow(client):
    response = client.put("/api/notes/1", json={"title": "x"})
    assert response.status_code == 405
    assert response.json["error"] == "Method Not Allowed"
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}
