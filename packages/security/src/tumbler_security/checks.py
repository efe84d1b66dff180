"""Production checks: run when setup ends outside DEBUG and TESTING, and by
``tumbler security-check``.

A failed check stops the app (:class:`InsecureConfigError`, one sentence
saying what to change); a warning is logged; both are printed by the command.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from tumbler import SetupError

if t.TYPE_CHECKING:
    from tumbler import App

__all__ = ["MIN_SECRET_KEY_LENGTH", "WELL_KNOWN_KEYS", "Check", "InsecureConfigError", "enforce", "run_checks"]

#: A shorter ``SECRET_KEY`` fails (``secrets.token_hex(32)`` gives 64 characters).
MIN_SECRET_KEY_LENGTH = 24

#: Keys from tutorials, templates and defaults: anyone can sign cookies with them.
WELL_KNOWN_KEYS = frozenset(
    {
        "dev",
        "development",
        "secret",
        "secret key",
        "secret-key",
        "secret_key",
        "secretkey",
        "mysecretkey",
        "my-secret-key",
        "my secret key",
        "super secret key",
        "super-secret-key",
        "supersecretkey",
        "supersecret",
        "your-secret-key",
        "your secret key",
        "yoursecretkey",
        "change me",
        "change-me",
        "changeme",
        "change-this",
        "change_this_secret_key",
        "replace-me",
        "default",
        "password",
        "test",
        "testing",
        "test key",
        "key",
        "flask",
        "tumbler",
        "notsecret",
        "not-so-secret",
        "insecure",
        "s3cr3t",
        "1234567890",
        "you-will-never-guess",
        "hard to guess string",
    }
)

Status = t.Literal["pass", "warn", "fail"]


class InsecureConfigError(SetupError):
    """A production check failed: the app refuses to serve requests."""


@dataclass(frozen=True)
class Check:
    """One check's outcome: ``name``, ``status`` (pass, warn or fail) and a sentence."""

    name: str
    status: Status
    message: str


def run_checks(app: App) -> list[Check]:
    """Every production check for ``app``'s current config, in a fixed order."""
    return [
        _secret_key(app),
        _debug(app),
        _session_cookie_secure(app),
        _trusted_hosts(app),
        _cross_origin(app),
        _headers(app),
    ]


def enforce(app: App) -> None:
    """Raise on the first failed check, log each warning (setup end)."""
    checks = run_checks(app)
    for check in checks:
        if check.status == "fail":
            raise InsecureConfigError(check.message)
    for check in checks:
        if check.status == "warn":
            app.logger.warning("tumbler-security: %s", check.message)


def _secret_key(app: App) -> Check:
    key = app.secret_key  # the config, or a subclass's class attribute as Flask allows
    fix = "set SECRET_KEY to a long random value, such as the output of python -c 'import secrets; print(secrets.token_hex(32))'."
    if not key:
        return Check("SECRET_KEY", "fail", f"SECRET_KEY is not set, so signed cookies cannot be trusted: {fix}")
    text = key.decode("latin-1") if isinstance(key, (bytes, bytearray)) else str(key)
    if text.strip().lower() in WELL_KNOWN_KEYS:
        return Check(
            "SECRET_KEY", "fail", f"SECRET_KEY is a well-known value ({text!r}) that anyone can sign with: {fix}"
        )
    if len(text) < MIN_SECRET_KEY_LENGTH:
        return Check(
            "SECRET_KEY",
            "fail",
            f"SECRET_KEY has {len(text)} characters, fewer than {MIN_SECRET_KEY_LENGTH}, so it can be guessed: {fix}",
        )
    return Check("SECRET_KEY", "pass", f"SECRET_KEY is set and has {len(text)} characters.")


def _debug(app: App) -> Check:
    if app.debug:
        return Check("DEBUG", "warn", "DEBUG is on: turn it off in production (the debugger runs code for anyone).")
    return Check("DEBUG", "pass", "DEBUG is off.")


def _session_cookie_secure(app: App) -> Check:
    if "SESSION_COOKIE_SECURE" not in app.config:
        return Check("SESSION_COOKIE_SECURE", "pass", "No session cookie (the sessions plugin is not loaded).")
    if app.config["SESSION_COOKIE_SECURE"]:
        return Check("SESSION_COOKIE_SECURE", "pass", "The session cookie is sent over https only.")
    if app.config.get("PREFERRED_URL_SCHEME") == "https":
        return Check(
            "SESSION_COOKIE_SECURE",
            "warn",
            "The app is served over https (PREFERRED_URL_SCHEME) but SESSION_COOKIE_SECURE is off:"
            " set SESSION_COOKIE_SECURE = True.",
        )
    return Check(
        "SESSION_COOKIE_SECURE",
        "pass",
        "SESSION_COOKIE_SECURE is off and PREFERRED_URL_SCHEME is http (a warning is logged at the first https request).",
    )


def _trusted_hosts(app: App) -> Check:
    if app.config.get("TRUSTED_HOSTS") is None:
        return Check(
            "TRUSTED_HOSTS",
            "warn",
            "TRUSTED_HOSTS is not set, so any Host header is accepted (and used in external URLs):"
            " set TRUSTED_HOSTS to the host names the app is served under.",
        )
    return Check("TRUSTED_HOSTS", "pass", f"TRUSTED_HOSTS is {app.config['TRUSTED_HOSTS']!r}.")


def _cross_origin(app: App) -> Check:
    if not app.config.get("SECURITY_CROSS_ORIGIN_PROTECTION"):
        return Check(
            "SECURITY_CROSS_ORIGIN_PROTECTION",
            "warn",
            "Cross-origin request protection is off: set SECURITY_CROSS_ORIGIN_PROTECTION = True.",
        )
    return Check("SECURITY_CROSS_ORIGIN_PROTECTION", "pass", "Cross-origin unsafe requests are refused.")


def _headers(app: App) -> Check:
    off = [k for k in ("SECURITY_CONTENT_TYPE_OPTIONS", "SECURITY_FRAME_OPTIONS") if not app.config.get(k)]
    if off:
        return Check("headers", "warn", f"Security headers are off ({', '.join(off)} is None): keep them on.")
    return Check("headers", "pass", "nosniff and frame protection headers are sent.")
