"""The notes pages: list, search, read, create, edit, delete; only your own notes."""

from __future__ import annotations

import pytest
from notes import store
from notes.notes import excerpt, when


def test_welcome_page_for_visitors(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Create an account" in page.text
    assert "first note" not in page.text


def test_index_lists_only_your_notes(client, auth):
    auth.login("bob")
    page = client.get("/")
    assert "bob&#39;s first note" in page.text
    assert "ada&#39;s first note" not in page.text


def test_index_when_empty(app, client, auth):
    auth.login()
    client.post("/notes/1/delete")
    assert "No notes yet." in client.get("/").text


def test_newest_first(client, auth):
    auth.login()
    client.post("/notes/new", data={"title": "Second", "body": ""})
    page = client.get("/").text
    assert page.index("Second") < page.index("ada&#39;s first note")


def test_search(client, auth):
    auth.login()
    client.post("/notes/new", data={"title": "Groceries", "body": "eggs, MILK, bread"})
    client.post("/notes/new", data={"title": "Books", "body": "100% pure fiction"})
    page = client.get("/", query_string={"q": "milk"}).text
    assert "Groceries" in page
    assert "Books" not in page
    assert "1 note matching “milk”." in page
    page = client.get("/", query_string={"q": "100%"}).text  # % is literal, not a wildcard
    assert "Books" in page
    assert "Groceries" not in page
    page = client.get("/", query_string={"q": "%"}).text
    assert "Books" in page
    assert "Groceries" not in page
    page = client.get("/", query_string={"q": "nothing like this"}).text
    assert "No note contains “nothing like this”." in page


def test_search_never_shows_another_users_notes(client, auth):
    auth.login("bob")
    assert "ada&#39;s" not in client.get("/", query_string={"q": "ada"}).text


def test_detail(client, auth):
    auth.login()
    page = client.get("/notes/1")
    assert page.status_code == 200
    assert "<h1>ada&#39;s first note</h1>" in page.text
    assert "Written by ada." in page.text


def test_new_note_page(client, auth):
    auth.login()
    page = client.get("/notes/new")
    assert page.status_code == 200
    assert "<h1>New note</h1>" in page.text
    assert 'id="delete"' not in page.text


def test_create(app, client, auth):
    auth.login()
    response = client.post("/notes/new", data={"title": "  Groceries ", "body": "eggs\nmilk"})
    with app.app_context():
        [note] = store.list_notes(1, "Groceries")
    new_id = note["id"]
    assert note["title"] == "Groceries"  # stripped
    assert response.headers["Location"] == f"/notes/{new_id}"
    page = client.get(response.headers["Location"])
    assert "Note saved." in page.text
    assert "eggs\nmilk" in page.text


def test_edit_page_shows_the_note(client, auth):
    auth.login()
    page = client.get("/notes/1/edit")
    assert page.status_code == 200
    assert 'value="ada&#39;s first note"' in page.text
    assert ">Written by ada.</textarea>" in page.text
    assert 'action="/notes/1/delete"' in page.text


def test_edit(app, client, auth):
    auth.login()
    response = client.post("/notes/1/edit", data={"title": "Renamed", "body": "New text"}, follow_redirects=True)
    assert response.request.path == "/notes/1"
    assert "Note updated." in response.text
    with app.app_context():
        note = store.get_note(1, 1)
    assert (note["title"], note["body"]) == ("Renamed", "New text")


def test_delete(app, client, auth):
    auth.login()
    response = client.post("/notes/1/delete", follow_redirects=True)
    assert response.request.path == "/"
    assert "Deleted “ada&#39;s first note”." in response.text
    with app.app_context():
        assert store.get_note(1, 1) is None
    assert client.get("/notes/1").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "A note needs a title."),
        ({"title": "   ", "body": "text"}, "A note needs a title."),
        ({"title": "x" * 201}, "A title has at most 200 characters (this one has 201)."),
        ({"title": "Long", "body": "x" * 10_001}, "A note&#39;s text has at most 10000 characters"),
    ],
)
@pytest.mark.parametrize("path", ["/notes/new", "/notes/1/edit"])
def test_bad_note_is_a_400_with_a_message(app, client, auth, path, data, message):
    auth.login()
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert message in response.text
    assert 'class="flash flash-error"' in response.text
    assert '<form method="post"' in response.text  # the form again, to fix
    with app.app_context():
        assert len(store.list_notes(1)) == 1
        assert store.get_note(1, 1)["title"] == "ada's first note"


def test_bad_note_keeps_what_was_typed(client, auth):
    auth.login()
    page = client.post("/notes/new", data={"title": "", "body": "my precious text"})
    assert ">my precious text</textarea>" in page.text


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/notes/1"), ("GET", "/notes/1/edit"), ("POST", "/notes/1/edit"), ("POST", "/notes/1/delete")],
)
def test_another_users_note_is_a_404(app, client, auth, method, path):
    auth.login("bob")
    response = client.open(path, method=method, data={"title": "Taken over", "body": ""})
    assert response.status_code == 404
    assert "You have no note number 1." in response.text
    with app.app_context():
        assert store.get_note(1, 1)["title"] == "ada's first note"


@pytest.mark.parametrize("path", ["/notes/999", "/notes/999/edit", "/notes/abc"])
def test_missing_note_is_a_404(client, auth, path):
    auth.login()
    assert client.get(path).status_code == 404


def test_excerpt_filter():
    assert excerpt("short\n\ntext") == "short text"
    long = "word " * 50
    cut = excerpt(long, length=22)
    assert cut == "word word word word…"
    assert len(cut) <= 23


def test_when_filter():
    assert when("2025-03-01 14:05:09") == "1 Mar 2025, 14:05 UTC"


def test_filters_are_used_in_the_list(client, auth):
    auth.login()
    client.post("/notes/new", data={"title": "Long", "body": "lorem ipsum " * 40})
    page = client.get("/").text
    assert "lorem ipsum lorem" in page
    assert "…" in page
    assert " UTC" in page
