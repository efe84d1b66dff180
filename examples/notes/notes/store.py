"""Users and notes: every query on them, and the rules their fields follow.

The HTML pages (``notes.py``, ``auth.py``) and the JSON API (``api.py``)
share these functions, so both check the same rules and a user can only ever
reach their own notes: every note query takes the owner's id.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, timezone

from tumbler import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from .db import Row, get_db

__all__ = [
    "InvalidInput",
    "add_user",
    "authenticate",
    "change_password",
    "check_new_account",
    "check_note",
    "create_note",
    "delete_note",
    "end_sessions",
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


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@functools.lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """A hash of no one's password, made with ``method``: checked when the user is unknown."""
    return generate_password_hash("no account has this password", method=method)


def add_user(username: str, password: str) -> int:
    """Create an account and return its id. Raises :class:`InvalidInput` when
    the name is taken or a rule is broken."""
    check_new_account(username, password)
    db = get_db()
    try:
        user_id = db.insert('INSERT INTO "user" (username, password_hash) VALUES (?, ?)', (username, _hash(password)))
    except db.IntegrityError:
        db.rollback()
        raise InvalidInput(f"The username {username!r} is taken; choose another.") from None
    db.commit()
    return user_id


def authenticate(username: str, password: str) -> Row | None:
    """The user with this name and password, or ``None``.

    An unknown name costs the same hashing time as a wrong password, so the
    answer's timing does not tell whether an account exists.
    """
    user = get_user_by_name(username)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    return user if check_password_hash(user["password_hash"], password) else None


def change_password(user_id: int, password: str) -> None:
    """Set a new password (checked like a new account's) and end every session of the user."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(f"A password needs at least {PASSWORD_MIN} characters.")
    db = get_db()
    db.execute(
        'UPDATE "user" SET password_hash = ?, session_version = session_version + 1 WHERE id = ?',
        (_hash(password), user_id),
    )
    db.commit()


def end_sessions(user_id: int) -> None:
    """End every session of the user, on every server: each one carries the old version."""
    db = get_db()
    db.execute('UPDATE "user" SET session_version = session_version + 1 WHERE id = ?', (user_id,))
    db.commit()


def get_user(user_id: int) -> Row | None:
    return get_db().one('SELECT * FROM "user" WHERE id = ?', (user_id,))


def get_user_by_name(username: str) -> Row | None:
    return get_db().one('SELECT * FROM "user" WHERE username = ?', (username,))


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


def _now() -> str:
    """The current UTC time as the tables store it: ``2025-03-01 14:05:00``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE ... ESCAPE '\\'``, with the wildcards in ``text`` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_notes(user_id: int, search: str = "") -> list[Row]:
    """The user's notes, most recently changed first; with ``search``, only
    those whose title or text contains it (case-insensitive for ASCII)."""
    db = get_db()
    sql = "SELECT * FROM note WHERE user_id = ?"
    args: list[object] = [user_id]
    if search:
        like = "ILIKE" if db.dialect == "postgresql" else "LIKE"  # SQLite's LIKE ignores case already
        sql += f" AND (title {like} ? ESCAPE '\\' OR body {like} ? ESCAPE '\\')"
        args += [_like_pattern(search)] * 2
    sql += " ORDER BY updated DESC, id DESC"
    return db.all(sql, args)


def get_note(note_id: int, user_id: int) -> Row | None:
    """The note, or ``None`` if it does not exist or belongs to someone else."""
    return get_db().one("SELECT * FROM note WHERE id = ? AND user_id = ?", (note_id, user_id))


def create_note(user_id: int, title: str, body: str) -> int:
    """Store a new note (checked with :func:`check_note`) and return its id."""
    title, body = check_note(title, body)
    db = get_db()
    note_id = db.insert("INSERT INTO note (user_id, title, body) VALUES (?, ?, ?)", (user_id, title, body))
    db.commit()
    return note_id


def update_note(note_id: int, user_id: int, title: str, body: str) -> None:
    """Change a note of the user (checked with :func:`check_note`)."""
    title, body = check_note(title, body)
    db = get_db()
    db.execute(
        "UPDATE note SET title = ?, body = ?, updated = ? WHERE id = ? AND user_id = ?",
        (title, body, _now(), note_id, user_id),
    )
    db.commit()


def delete_note(note_id: int, user_id: int) -> None:
    """Delete a note of the user (nothing happens for anyone else's)."""
    db = get_db()
    db.execute("DELETE FROM note WHERE id = ? AND user_id = ?", (note_id, user_id))
    db.commit()
