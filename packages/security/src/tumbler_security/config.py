"""The plugin's config keys, their defaults, and their checks when setup ends."""

from __future__ import annotations

import typing as t

from tumbler import SetupError

if t.TYPE_CHECKING:
    from tumbler import App

__all__ = ["CONFIG_DEFAULTS", "FRAME_OPTIONS", "REFERRER_POLICIES", "check_choice", "check_config"]

#: Every key the plugin reads, set on each app with ``app.config.setdefault``.
CONFIG_DEFAULTS: dict[str, t.Any] = {
    # cross-origin request protection
    "SECURITY_CROSS_ORIGIN_PROTECTION": True,
    "SECURITY_TRUSTED_ORIGINS": (),
    "SECURITY_FORM_TOKENS": False,
    "SECURITY_TOKEN_FIELD": "csrf_token",
    "SECURITY_TOKEN_HEADER": "X-CSRF-Token",
    "SECURITY_TOKEN_COOKIE": "tumbler_csrf",
    "SECURITY_TOKEN_MAX_AGE": 12 * 3600,
    # response headers (None removes one)
    "SECURITY_CONTENT_TYPE_OPTIONS": "nosniff",
    "SECURITY_FRAME_OPTIONS": "DENY",
    "SECURITY_REFERRER_POLICY": "strict-origin-when-cross-origin",
    "SECURITY_CONTENT_SECURITY_POLICY": None,
    "SECURITY_HSTS_MAX_AGE": 365 * 24 * 3600,
    "SECURITY_HSTS_INCLUDE_SUBDOMAINS": False,
    "SECURITY_HSTS_PRELOAD": False,
    # production checks
    "SECURITY_PRODUCTION_CHECKS": True,
}

#: ``SECURITY_FRAME_OPTIONS``: the ``X-Frame-Options`` value, or ``None`` for no header.
FRAME_OPTIONS = ("DENY", "SAMEORIGIN", None)

#: ``SECURITY_REFERRER_POLICY``: the values browsers know, or ``None`` for no header.
REFERRER_POLICIES = (
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
    None,
)


def check_choice(app: App, key: str, allowed: t.Sequence[t.Any]) -> None:
    """Raise :class:`~tumbler.SetupError` unless ``app.config[key]`` is one of
    ``allowed`` (strings compared ignoring case)."""
    value = app.config.get(key)
    low = value.lower() if isinstance(value, str) else value
    if not any(a == value or (isinstance(a, str) and a.lower() == low) for a in allowed):
        choices = ", ".join(map(repr, allowed))
        raise SetupError(f"The config value {key}={value!r} is not allowed: set {key} to one of {choices}.")


def check_config(app: App) -> None:
    """The enumerated and typed keys, checked once when setup ends."""
    check_choice(app, "SECURITY_FRAME_OPTIONS", FRAME_OPTIONS)
    check_choice(app, "SECURITY_REFERRER_POLICY", REFERRER_POLICIES)
    origins = app.config["SECURITY_TRUSTED_ORIGINS"]
    if isinstance(origins, str) or not all(isinstance(o, str) and "://" in o for o in origins):
        raise SetupError(
            f"The config value SECURITY_TRUSTED_ORIGINS={origins!r} is not allowed: set it to a list of"
            " origins such as ['https://app.example.com']."
        )
    for key in ("SECURITY_HSTS_MAX_AGE", "SECURITY_TOKEN_MAX_AGE"):
        value = app.config[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise SetupError(f"The config value {key}={value!r} is not allowed: set {key} to seconds (an int >= 0).")
