"""Users and notes: every query on them, and the rules their fields follow.

The HTML pages (``notes.py``, ``auth.py``) and the JSON API (``api.py``)
share these functions, so both check the same rules and a user can only ever
reach their own notes: every note query takes the owner's id.
"""

from __future__ import annotations

import re
import sqlite3

from tumbler import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from .db import get_db

__all__ = [
    "InvalidInput",
    "add_user",
    "authenticate",
    "check_new_account",
    "check_note",
    "create_note",
    "delete_note",
    "get_note",
    "get_user",
    "get_user_by_name",
    "list_notes",
    "update_note",
]

TITLE_MAX = 200
BODY_MAX = 10_000
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{3,32}")
PASSWORD_MIN = 8


class InvalidInput(ValueError):
    """Input that breaks a rule; the message says what to change."""


# -- users -------------------------------------------------------------------


def check_new_account(username: str, password: str) -> None:
    """Raise :class:`InvalidInput` unless the pair is acceptable for a new account."""
    if not USERNAME_PATTERN.fullmatch(username):
        raise InvalidInput("A username is 3 to 32 letters, digits, dots, dashes or underscores.")
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(f"A password needs at least {PASSWORD_MIN} characters.")


def add_user(username: str, password: str) -> int:
    """Create an account and return its id. Raises :class:`InvalidInput` when
    the name is taken or a rule is broken."""
    check_new_account(username, password)
    db = get_db()
    try:
        cursor = db.execute(
            "INSERT INTO user (username, password_hash) VALUES (?, ?)",
            (username, generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])),
        )
    except sqlite3.IntegrityError:
        raise InvalidInput(f"The username {username!r} is taken; choose another.") from None
    db.commit()
    assert cursor.lastrowid is not None  # an INSERT always sets it
    return cursor.lastrowid


def authenticate(username: str, password: str) -> sqlite3.Row | None:
    """The user with this name and password, or ``None``."""
    user = get_user_by_name(username)
    if user is None or not check_password_hash(user["password_hash"], password):
        return None
    return user


def get_user(user_id: int) -> sqlite3.Row | None:
    user: sqlite3.Row | None = get_db().execute("SELECT * FROM user WHERE id = ?", (user_id,)).fetchone()
    return user


def get_user_by_name(username: str) -> sqlite3.Row | None:
    user: sqlite3.Row | None = get_db().execute("SELECT * FROM user WHERE username = ?", (username,)).fetchone()
    return user


# -- notes -------------------------------------------------------------------


def check_note(title: str, body: str) -> tuple[str, str]:
    """The note's title and body, cleaned; :class:`InvalidInput` if they break a rule."""
    title = title.strip()
    if not title:
        raise InvalidInput("A note needs a title.")
    if len(title) > TITLE_MAX:
        raise InvalidInput(f"A title has at most {TITLE_MAX} characters (this one has {len(title)}).")
    if len(body) > BODY_MAX:
        raise InvalidInput(f"A note's text has at most {BODY_MAX} characters (this one has {len(body)}).")
    return title, body


def _like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE ... ESCAPE '\\'``, with the wildcards in ``text`` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_notes(user_id: int, search: str = "") -> list[sqlite3.Row]:
    """The user's notes, most recently changed first; with ``search``, only
    those whose title or text contains it (case-insensitive for ASCII)."""
    sql = "SELECT * FROM note WHERE user_id = ?"
    args: list[object] = [user_id]
    if search:
        sql += " AND (title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')"
        args += [_like_pattern(search)] * 2
    sql += " ORDER BY updated DESC, id DESC"
    return get_db().execute(sql, args).fetchall()


def get_note(note_id: int, user_id: int) -> sqlite3.Row | None:
    """The note, or ``None`` if it does not exist or belongs to someone else."""
    note: sqlite3.Row | None = (
        get_db().execute("SELECT * FROM note WHERE id = ? AND user_id = ?", (note_id, user_id)).fetchone()
    )
    return note


def create_note(user_id: int, title: str, body: str) -> int:
    """Store a new note (checked with :func:`check_note`) and return its id."""
    title, body = check_note(title, body)
    db = get_db()
    cursor = db.execute("INSERT INTO note (user_id, title, body) VALUES (?, ?, ?)", (user_id, title, body))
    db.commit()
    assert cursor.lastrowid is not None  # an INSERT always sets it
    return cursor.lastrowid


def update_note(note_id: int, user_id: int, title: str, body: str) -> None:
    """Change a note of the user (checked with :func:`check_note`)."""
    title, body = check_note(title, body)
    db = get_db()
    db.execute(
        "UPDATE note SET title = ?, body = ?, updated = datetime('now') WHERE id = ? AND user_id = ?",
        (title, body, note_id, user_id),
    )
    db.commit()


def delete_note(note_id: int, user_id: int) -> None:
    """Delete a note of the user (nothing happens for anyone else's)."""
    db = get_db()
    db.execute("DELETE FROM note WHERE id = ? AND user_id = ?", (note_id, user_id))
    db.commit()
