"""Login throttling: too many failed log-ins for one account, or from one address, and the form answers 429.

Failures are rows of the ``login_failure`` table, so every app server
behind a load balancer counts the same attempts. Within
``LOGIN_THROTTLE_WINDOW`` seconds, an account takes
``LOGIN_LIMIT_PER_ACCOUNT`` failures and a client address
``LOGIN_LIMIT_PER_ADDRESS``; then log-ins for it are refused, even with the
right password, until the oldest counted failure leaves the window (the
``Retry-After`` header says when). A successful log-in clears the account's
failures.
"""

from __future__ import annotations

import math
import time

from tumbler import current_app

from .db import get_db

__all__ = ["clear", "record_failure", "retry_after"]


def _wait(column: str, value: str, limit: int, window: float, now: float) -> int:
    """Seconds until ``value`` has fewer than ``limit`` failures in the window (0: it has already)."""
    rows = get_db().all(
        f"SELECT at FROM login_failure WHERE {column} = ? AND at > ? ORDER BY at DESC LIMIT ?",
        (value, now - window, limit),
    )
    if len(rows) < limit:
        return 0
    return max(1, math.ceil(rows[-1]["at"] + window - now))


def retry_after(username: str, address: str) -> int:
    """Seconds to wait before this account may try again from this address; 0 when it may now."""
    config, now = current_app.config, time.time()
    window = float(config["LOGIN_THROTTLE_WINDOW"])
    return max(
        _wait("username", username, int(config["LOGIN_LIMIT_PER_ACCOUNT"]), window, now),
        _wait("remote_addr", address, int(config["LOGIN_LIMIT_PER_ADDRESS"]), window, now),
    )


def record_failure(username: str, address: str) -> None:
    """Count a failed log-in, and forget failures older than the window."""
    now = time.time()
    db = get_db()
    db.execute("DELETE FROM login_failure WHERE at <= ?", (now - float(current_app.config["LOGIN_THROTTLE_WINDOW"]),))
    db.execute("INSERT INTO login_failure (username, remote_addr, at) VALUES (?, ?, ?)", (username, address, now))
    db.commit()


def clear(username: str) -> None:
    """Forget the account's failures (after its owner logged in)."""
    db = get_db()
    db.execute("DELETE FROM login_failure WHERE username = ?", (username,))
    db.commit()
