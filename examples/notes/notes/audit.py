"""An audit log of account activity, written by signal receivers.

``auth.py`` only sends signals (``signals.py``); the receivers here turn them
into rows of the ``audit_log`` table, which the "Activity" page shows. The
receivers are connected for one app at a time (``connect(receiver, app)``),
so two apps in one process (tests make many) keep separate logs.
"""

from __future__ import annotations

import typing as t

from tumbler import App, request

from . import store
from .db import Row, get_db
from .signals import login_failed, user_logged_in, user_logged_out, user_registered

__all__ = ["init_app", "recent_events", "record"]

#: The events, as the Activity page names them.
REGISTERED = "account created"
LOGGED_IN = "logged in"
LOGGED_OUT = "logged out"
LOGIN_FAILED = "failed log-in attempt"


def record(event: str, username: str, user_id: int | None) -> None:
    """Add a row to the audit log, with the client's address."""
    db = get_db()
    db.execute(
        "INSERT INTO audit_log (user_id, username, event, remote_addr) VALUES (?, ?, ?, ?)",
        (user_id, username, event, request.remote_addr),
    )
    db.commit()


def recent_events(user_id: int, limit: int = 20) -> list[Row]:
    """The user's latest audit rows, newest first."""
    return get_db().all("SELECT * FROM audit_log WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit))


def on_registered(sender: App, user: Row, **extra: t.Any) -> None:
    record(REGISTERED, user["username"], user["id"])


def on_logged_in(sender: App, user: Row, **extra: t.Any) -> None:
    record(LOGGED_IN, user["username"], user["id"])


def on_logged_out(sender: App, user: Row, **extra: t.Any) -> None:
    record(LOGGED_OUT, user["username"], user["id"])


def on_login_failed(sender: App, username: str, **extra: t.Any) -> None:
    # Attach the attempt to the account it targeted, so its owner sees it.
    user = store.get_user_by_name(username)
    record(LOGIN_FAILED, username, user["id"] if user is not None else None)


def init_app(app: App) -> None:
    """Record the account signals that ``app`` sends."""
    user_registered.connect(on_registered, app)
    user_logged_in.connect(on_logged_in, app)
    user_logged_out.connect(on_logged_out, app)
    login_failed.connect(on_login_failed, app)
