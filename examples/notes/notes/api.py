"""The JSON API for the same notes, under ``/api``.

It uses the session cookie of the pages: log in through ``/auth/login``
first (a browser, or ``curl -c cookies -b cookies``). Errors are JSON too,
``{"error": "Not Found", "message": "..."}`` (see ``errors.py``).

- ``GET /api/notes``: your notes, newest first; ``?q=`` searches them.
- ``POST /api/notes`` with ``{"title": ..., "body": ...}``: 201 and the note.
- ``GET /api/notes/<id>``: one note.
- ``PATCH /api/notes/<id>`` with ``title`` and/or ``body``: the changed note.
- ``DELETE /api/notes/<id>``: 204.
"""

from __future__ import annotations

import functools
import typing as t

from tumbler import Blueprint, abort, g, request, url_for

from . import store
from .db import Row

__all__ = ["bp", "note_json"]

bp = Blueprint("api", __name__, url_prefix="/api")

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def api_login_required(view: F) -> F:
    """Answer 401 (as JSON) to requests without a login; pages redirect instead."""

    @functools.wraps(view)
    def wrapped_view(**kwargs: t.Any) -> t.Any:
        if g.user is None:
            abort(401, "Log in first: POST your username and password to /auth/login and send its session cookie.")
        return view(**kwargs)

    return t.cast(F, wrapped_view)


def note_json(note: Row) -> dict[str, t.Any]:
    """A note as the API shows it."""
    return {
        "id": note["id"],
        "title": note["title"],
        "body": note["body"],
        "created": note["created"],
        "updated": note["updated"],
        "url": url_for("api.get_note", note_id=note["id"]),
    }


def _note_fields(title: str = "", body: str = "") -> tuple[str, str]:
    """The ``title`` and ``body`` of the request's JSON object; a field left out
    keeps the value given here.

    Anything else (no JSON, invalid JSON, not an object, an unknown field, a
    field that is not a string) is a 400 that says what to send.
    """
    data = request.get_json(silent=True)  # None for invalid JSON or another content type
    if not isinstance(data, dict):
        abort(
            400,
            'Send a JSON object with "Content-Type: application/json",'
            ' for example {"title": "Groceries", "body": "eggs, milk"}.',
        )
    unknown = sorted(set(data) - {"title", "body"})
    if unknown:
        abort(400, f"Unknown field(s): {', '.join(unknown)}. A note has a 'title' and a 'body'.")
    fields = {"title": data.get("title", title), "body": data.get("body", body)}
    for name, value in fields.items():
        if not isinstance(value, str):
            abort(400, f"'{name}' must be a string, not {type(value).__name__}.")
    return fields["title"], fields["body"]


def _own_note(note_id: int) -> Row:
    note = store.get_note(note_id, g.user["id"])
    if note is None:
        abort(404, f"You have no note number {note_id}.")
    return note


@bp.get("/notes")
@api_login_required
def list_notes() -> t.Any:
    notes = store.list_notes(g.user["id"], request.args.get("q", "").strip())
    return {"notes": [note_json(note) for note in notes]}


@bp.post("/notes")
@api_login_required
def create_note() -> t.Any:
    title, body = _note_fields()
    try:
        note_id = store.create_note(g.user["id"], title, body)
    except store.InvalidInput as error:
        abort(400, str(error))
    note = _own_note(note_id)
    return note_json(note), 201, {"Location": url_for("api.get_note", note_id=note_id)}


@bp.get("/notes/<int:note_id>")
@api_login_required
def get_note(note_id: int) -> t.Any:
    return note_json(_own_note(note_id))


@bp.patch("/notes/<int:note_id>")
@api_login_required
def update_note(note_id: int) -> t.Any:
    note = _own_note(note_id)
    title, body = _note_fields(note["title"], note["body"])
    try:
        store.update_note(note_id, g.user["id"], title, body)
    except store.InvalidInput as error:
        abort(400, str(error))
    return note_json(_own_note(note_id))


@bp.delete("/notes/<int:note_id>")
@api_login_required
def delete_note(note_id: int) -> t.Any:
    _own_note(note_id)
    store.delete_note(note_id, g.user["id"])
    return "", 204
