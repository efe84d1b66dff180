"""Accounts: register, log in, log out, change the password, and the ``login_required`` decorator.

Login lives in the session: ``session["user_id"]`` and the user's
``session_version`` at log-in time. Before every request ``g.user`` is set
to the logged-in user's row, or ``None`` when there is no login or the
version changed since: logging out and a new password raise the version, so
they end every session of the user, on every server, even one whose cookie
someone copied. Failed log-ins are throttled (``throttle.py``).

Each step sends a signal (``signals.py``), with the app as sender;
``audit.py`` records them.
"""

from __future__ import annotations

import functools
import math
import typing as t

from tumbler import Blueprint, app_ctx, g, redirect, request, url_for
from tumbler_sessions import flash, regenerate_session, session
from tumbler_templating import render_template

from . import audit, store, throttle
from .signals import login_failed, user_logged_in, user_logged_out, user_registered

__all__ = ["bp", "login_required"]

bp = Blueprint("auth", __name__, url_prefix="/auth")

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


@bp.before_app_request
def load_logged_in_user() -> None:
    """Set ``g.user`` for every request: the logged-in user's row, or ``None``."""
    user_id = session.get("user_id")
    user = store.get_user(user_id) if user_id is not None else None
    if user is not None and session.get("session_version") != user["session_version"]:
        session.clear()  # ended by a log-out or a new password, perhaps elsewhere
        user = None
    g.user = user


def login_required(view: F) -> F:
    """Send visitors who are not logged in to the log-in page."""

    @functools.wraps(view)
    def wrapped_view(**kwargs: t.Any) -> t.Any:
        if g.user is None:
            flash("Please log in to see that page.", "info")
            return redirect(url_for("auth.login"))
        return view(**kwargs)

    return t.cast(F, wrapped_view)


def _log_in(user: t.Any) -> None:
    session.clear()  # a fresh session for the new login,
    regenerate_session()  # under a new id (Redis) or a freshly signed cookie
    session["user_id"] = user["id"]
    session["session_version"] = user["session_version"]


@bp.route("/register", methods=["GET", "POST"])
def register() -> t.Any:
    """Create an account and log in with it."""
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        try:
            user_id = store.add_user(username, password)
        except store.InvalidInput as error:
            flash(str(error), "error")
            return render_template("auth/register.html", username=username), 400
        user = store.get_user(user_id)
        user_registered.send(app_ctx.app, user=user)
        _log_in(user)
        user_logged_in.send(app_ctx.app, user=user)
        flash(f"Welcome, {username}! Your account is ready.", "success")
        return redirect(url_for("notes.index"))
    return render_template("auth/register.html", username="")


@bp.route("/login", methods=["GET", "POST"])
def login() -> t.Any:
    """Check a username and password; on success, remember the user in the session."""
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        if not username or not password:
            flash("Enter your username and your password.", "error")
            return render_template("auth/login.html", username=username), 400
        address = request.remote_addr or "unknown"
        wait = throttle.retry_after(username, address)
        if wait:
            flash(f"Too many failed log-ins. Try again in {_duration(wait)}.", "error")
            return render_template("auth/login.html", username=username), 429, {"Retry-After": str(wait)}
        user = store.authenticate(username, password)
        if user is None:
            throttle.record_failure(username, address)
            login_failed.send(app_ctx.app, username=username)
            flash("Unknown username or wrong password.", "error")
            return render_template("auth/login.html", username=username), 400
        throttle.clear(username)
        _log_in(user)
        user_logged_in.send(app_ctx.app, user=user)
        flash(f"Welcome back, {user['username']}.", "success")
        return redirect(url_for("notes.index"))
    return render_template("auth/login.html", username="")


def _duration(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return f"{seconds} seconds" if seconds < 60 else f"{minutes} minute{'s' if minutes > 1 else ''}"


@bp.post("/logout")
def logout() -> t.Any:
    """End the login, in this browser and every other session of the user.

    A POST, so that a link or an image elsewhere cannot log you out.
    """
    if g.user is not None:
        store.end_sessions(g.user["id"])
        user_logged_out.send(app_ctx.app, user=g.user)
    session.clear()
    flash("You have been logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> t.Any:
    """A new password: needs the current one; every other session of the user ends."""
    if request.method == "POST":
        current = request.form.get("current_password", "")
        new = request.form.get("new_password", "")
        username, address = g.user["username"], request.remote_addr or "unknown"
        # Guesses at the current password count like failed log-ins.
        if wait := throttle.retry_after(username, address):
            flash(f"Too many wrong passwords. Try again in {_duration(wait)}.", "error")
            return render_template("auth/password.html"), 429, {"Retry-After": str(wait)}
        if store.authenticate(username, current) is None:
            throttle.record_failure(username, address)
            flash("Your current password is not that one.", "error")
            return render_template("auth/password.html"), 400
        try:
            store.change_password(g.user["id"], new)
        except store.InvalidInput as error:
            flash(str(error), "error")
            return render_template("auth/password.html"), 400
        _log_in(store.get_user(g.user["id"]))  # this session goes on, with the new version
        flash("Password changed. You were logged out everywhere else.", "success")
        return redirect(url_for("notes.index"))
    return render_template("auth/password.html")


@bp.get("/activity")
@login_required
def activity() -> t.Any:
    """The account's recent log-ins, log-outs and failed attempts (from the audit log)."""
    return render_template("auth/activity.html", events=audit.recent_events(g.user["id"]))
