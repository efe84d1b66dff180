"""The notes pages: list and search, read, write, edit, delete.

Every page but the welcome page needs a login, and each query is limited to
the logged-in user's notes, so someone else's note is a 404: a stranger
cannot even learn which note ids exist.
"""

from __future__ import annotations

import typing as t
from datetime import datetime

from tumbler import Blueprint, abort, g, redirect, request, url_for
from tumbler_sessions import flash
from tumbler_templating import render_template, template_filter

from . import store
from .auth import login_required
from .db import Row

__all__ = ["bp", "excerpt", "when"]

bp = Blueprint("notes", __name__)


# A filter registered on a blueprint is available in every template.
@template_filter(bp)
def excerpt(text: str, length: int = 140) -> str:
    """The start of ``text``, cut at a word boundary: ``{{ note.body|excerpt }}``."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


@template_filter(bp)
def when(timestamp: str) -> str:
    """A stored UTC time (``2025-03-01 14:05:00``) for people: ``1 Mar 2025, 14:05 UTC``."""
    moment = datetime.fromisoformat(timestamp)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def _own_note(note_id: int) -> Row:
    """The logged-in user's note ``note_id``, or a 404."""
    note = store.get_note(note_id, g.user["id"])
    if note is None:
        abort(404, f"You have no note number {note_id}.")
    return note


@bp.get("/")
def index() -> t.Any:
    """The logged-in user's notes (searchable with ``?q=``); a welcome page for visitors."""
    if g.user is None:
        return render_template("notes/welcome.html")
    search = request.args.get("q", "").strip()
    notes = store.list_notes(g.user["id"], search)
    return render_template("notes/index.html", notes=notes, search=search)


@bp.route("/notes/new", methods=["GET", "POST"])
@login_required
def create() -> t.Any:
    if request.method == "POST":
        title = request.form.get("title", "")
        body = request.form.get("body", "")
        try:
            note_id = store.create_note(g.user["id"], title, body)
        except store.InvalidInput as error:
            flash(str(error), "error")
            return render_template("notes/form.html", note=None, title=title, body=body), 400
        flash("Note saved.", "success")
        return redirect(url_for("notes.detail", note_id=note_id))
    return render_template("notes/form.html", note=None, title="", body="")


@bp.get("/notes/<int:note_id>")
@login_required
def detail(note_id: int) -> t.Any:
    return render_template("notes/detail.html", note=_own_note(note_id))


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@login_required
def edit(note_id: int) -> t.Any:
    note = _own_note(note_id)
    if request.method == "POST":
        title = request.form.get("title", "")
        body = request.form.get("body", "")
        try:
            store.update_note(note_id, g.user["id"], title, body)
        except store.InvalidInput as error:
            flash(str(error), "error")
            return render_template("notes/form.html", note=note, title=title, body=body), 400
        flash("Note updated.", "success")
        return redirect(url_for("notes.detail", note_id=note_id))
    return render_template("notes/form.html", note=note, title=note["title"], body=note["body"])


@bp.post("/notes/<int:note_id>/delete")
@login_required
def delete(note_id: int) -> t.Any:
    note = _own_note(note_id)
    store.delete_note(note_id, g.user["id"])
    flash(f"Deleted “{note['title']}”.", "info")
    return redirect(url_for("notes.index"))
