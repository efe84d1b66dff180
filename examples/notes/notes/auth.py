"""Accounts: register, log in, log out, and the ``login_required`` decorator.

Login lives in the session (a signed cookie): ``session["user_id"]``. Before
every request ``g.user`` is set to the logged-in user's row, or ``None``.

Each step sends a signal (``signals.py``), with the app as sender;
``audit.py`` records them.
"""

from __future__ import annotations

import functools
import typing as t

from tumbler import Blueprint, app_ctx, g, redirect, request, url_for
from tumbler_sessions import flash, session
from tumbler_templating import render_template

from . import audit, store
from .signals import login_failed, user_logged_in, user_logged_out, user_registered

__all__ = ["bp", "login_required"]

bp = Blueprint("auth", __name__, url_prefix="/auth")

F = t.TypeVar("F", bound=t.Callable[..., t.Any])


@bp.before_app_request
def load_logged_in_user() -> None:
    """Set ``g.user`` for every request: the logged-in user's row, or ``None``."""
    user_id = session.get("user_id")
    g.user = store.get_user(user_id) if user_id is not None else None


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
    session.clear()  # a fresh session for the new login
    session["user_id"] = user["id"]


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
        user = store.authenticate(username, password)
        if user is None:
            login_failed.send(app_ctx.app, username=username)
            flash("Unknown username or wrong password.", "error")
            return render_template("auth/login.html", username=username), 400
        _log_in(user)
        user_logged_in.send(app_ctx.app, user=user)
        flash(f"Welcome back, {user['username']}.", "success")
        return redirect(url_for("notes.index"))
    return render_template("auth/login.html", username="")


@bp.post("/logout")
def logout() -> t.Any:
    """Forget the login. A POST, so that a link or an image elsewhere cannot log you out."""
    if g.user is not None:
        user_logged_out.send(app_ctx.app, user=g.user)
    session.clear()
    flash("You have been logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.get("/activity")
@login_required
def activity() -> t.Any:
    """The account's recent log-ins, log-outs and failed attempts (from the audit log)."""
    return render_template("auth/activity.html", events=audit.recent_events(g.user["id"]))
