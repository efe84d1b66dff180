"""An app's session setup: config defaults, the session interface, eager opening.

The plugin's per-app state lives in ``app.stash[STATE]``; the functions here
are the setup-time API (they take the app), as Flask's ``app.session_interface``
and ``app.permanent_session_lifetime`` are attributes of the app.
"""

from __future__ import annotations

import functools
import typing as t
from dataclasses import dataclass
from datetime import timedelta

from tumbler import StashKey

if t.TYPE_CHECKING:
    from tumbler import App

    from .sessions import SessionInterface

__all__ = [
    "CONFIG_DEFAULTS",
    "STATE",
    "SessionsState",
    "check_backend_config",
    "configured_session_interface",
    "get_session_interface",
    "open_sessions_eagerly",
    "permanent_session_lifetime",
    "sessions_state",
    "set_session_interface",
]

#: The config keys the plugin reads, with Flask's names and defaults. Set on
#: every app (``app.config.setdefault``) when the plugin configures it.
CONFIG_DEFAULTS: dict[str, t.Any] = {
    "SECRET_KEY_FALLBACKS": None,
    "SESSION_COOKIE_NAME": "session",
    "SESSION_COOKIE_DOMAIN": None,
    "SESSION_COOKIE_PATH": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_PARTITIONED": False,
    "SESSION_COOKIE_SAMESITE": None,
    "PERMANENT_SESSION_LIFETIME": timedelta(days=31),
    "SESSION_REFRESH_EACH_REQUEST": True,
    # not Flask's: where sessions are stored (see redis_backend)
    "SESSION_BACKEND": "cookie",
    "SESSION_REDIS_URL": None,
    "SESSION_REDIS_PREFIX": "session:",
    "SESSION_REDIS_TIMEOUT": 2.0,
}

#: The values ``SESSION_BACKEND`` accepts.
BACKENDS = ("cookie", "redis")


@dataclass
class SessionsState:
    """The plugin's data for one app: ``app.stash[STATE]``."""

    #: The interface used when nothing overrides it (a signed cookie).
    default: SessionInterface
    #: The interface set with :func:`set_session_interface`, if any.
    override: SessionInterface | None = None
    #: The effective interface, remembered once the app serves requests.
    cached: SessionInterface | None = None
    #: Whether :func:`open_sessions_eagerly` was called.
    eager: bool = False
    #: The interface built for ``SESSION_BACKEND``, with the settings it was built from.
    configured: tuple[tuple[t.Any, ...], SessionInterface] | None = None


#: The plugin's state on an app (set by ``tumbler_configure``).
STATE = StashKey[SessionsState]("sessions")


def sessions_state(app: App) -> SessionsState:
    """The plugin's state on ``app``; a clear error when the plugin is not loaded there."""
    try:
        return app.stash[STATE]
    except KeyError:
        raise RuntimeError(
            f"The sessions plugin is not loaded on the app {app.name!r}. Install"
            " tumbler-sessions, and if the app chooses its plugins"
            " (App(plugins=[...]) or PLUGINS), add 'sessions' to them."
        ) from None


def _app_setting(app: App, name: str) -> t.Any:
    """``app.<name>`` when the app's class or the app itself sets it to a plain
    value, else ``None``.

    Flask reads ``secret_key``, ``session_interface`` and
    ``permanent_session_lifetime`` through the app, so a subclass's class
    attribute (or an instance attribute) wins over the config. A descriptor
    there (the kernel's ``ConfigAttribute``, the compat layer's config-backed
    property) is not an override: the config decides.
    """
    value = app.__dict__.get(name)
    return _class_setting(type(app), name) if value is None else value


@functools.cache
def _class_setting(cls: type, name: str) -> t.Any:
    # once per class: a failed class lookup costs more than the rest of the read
    value = getattr(cls, name, None)
    return None if hasattr(type(value), "__get__") else value


def permanent_session_lifetime(app: App) -> timedelta:
    """How long a permanent session lasts: ``app.permanent_session_lifetime``
    when the app's class or the app sets it (see :func:`_app_setting`), else
    ``PERMANENT_SESSION_LIFETIME``; a :class:`~datetime.timedelta` or a
    number of seconds."""
    value = _app_setting(app, "permanent_session_lifetime")
    if value is None:
        value = app.config["PERMANENT_SESSION_LIFETIME"]
    if isinstance(value, timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(seconds=value)
    raise TypeError(
        f"PERMANENT_SESSION_LIFETIME must be a datetime.timedelta or a number of seconds,"
        f" not {type(value).__name__} ({value!r}). Set, for example,"
        " app.config['PERMANENT_SESSION_LIFETIME'] = timedelta(days=7)."
    )


def configured_session_interface(app: App) -> SessionInterface:
    """The interface ``SESSION_BACKEND`` selects: the signed cookie
    (``"cookie"``, the default) or Redis (``"redis"``, with
    ``SESSION_REDIS_URL``). Built once per setting; a bad setting raises an
    error that names the key to change."""
    state = sessions_state(app)
    backend = check_backend_config(app.config)
    if backend == "cookie":
        return state.default
    settings = tuple(app.config[key] for key in ("SESSION_REDIS_URL", "SESSION_REDIS_PREFIX", "SESSION_REDIS_TIMEOUT"))
    if state.configured is None or state.configured[0] != settings:
        from .redis_backend import RedisSessionInterface

        url, prefix, timeout = settings
        state.configured = (settings, RedisSessionInterface(url=url, key_prefix=prefix, timeout=float(timeout)))
    return state.configured[1]


def check_backend_config(config: t.Mapping[str, t.Any]) -> str:
    """``SESSION_BACKEND``, checked with what it needs; raises a one-sentence error otherwise."""
    backend = config.get("SESSION_BACKEND") or "cookie"
    if backend not in BACKENDS:
        raise RuntimeError(
            f"SESSION_BACKEND is {backend!r}; set it to one of {', '.join(map(repr, BACKENDS))} (tumbler-sessions)."
        )
    if backend == "redis":
        if not config.get("SESSION_REDIS_URL"):
            raise RuntimeError(
                "SESSION_BACKEND is 'redis' but SESSION_REDIS_URL is not set; set it to the store's URL,"
                " for example 'redis://127.0.0.1:6379/0' (tumbler-sessions)."
            )
        try:
            import redis  # noqa: F401
        except ImportError:
            raise RuntimeError(
                "SESSION_BACKEND is 'redis' but the redis client library is not installed."
                " Fix: pip install 'tumbler-sessions[redis]'"
            ) from None
    return t.cast(str, backend)


def set_session_interface(app: App, interface: SessionInterface | None) -> None:
    """Store ``app``'s sessions with ``interface`` (Flask's
    ``app.session_interface = ...``); it wins over any plugin's. ``None``
    removes the override.

    Third-party backends may instead implement the
    ``tumbler_session_interface`` hook.
    """
    if interface is not None and not callable(getattr(interface, "open_session", None)):
        raise TypeError(
            f"set_session_interface() needs a SessionInterface (with open_session and"
            f" save_session), not {type(interface).__name__}."
        )
    state = sessions_state(app)
    state.override = interface
    state.cached = None


def get_session_interface(app: App) -> SessionInterface:
    """The interface that opens and saves ``app``'s sessions (Flask's
    ``app.session_interface``): the first answer of the
    ``tumbler_session_interface`` hook, which is the one set with
    :func:`set_session_interface`, else a plugin's, else the signed cookie.

    The answer is remembered once the app has started serving requests (its
    plugins are then fixed); before that it is asked each time.
    """
    state = sessions_state(app)
    interface = state.cached
    if interface is None:
        interface = app.plugins.hook.tumbler_session_interface(app=app)
        if interface is None:  # the default answers last; this is only a safety net
            interface = state.default
        # the kernel ends setup at the first request; plugins cannot change after it
        if getattr(app, "_got_first_request", False):
            state.cached = interface
    return interface


def open_sessions_eagerly(app: App) -> None:
    """Open the session at the start of every request, as Flask does, instead
    of on first use.

    Tumbler opens a session when a request first touches it, so a request that
    never does costs nothing. Two things need every request to look at the
    session, and this switches them on, for one call per request: a
    permanent session's cookie is refreshed (``SESSION_REFRESH_EACH_REQUEST``)
    even by requests that do not touch it, and a custom interface's
    ``open_session`` runs (and may fail) on every request. With the default
    signed cookie, a request without the session cookie still opens nothing.

    Call it during setup, before the first request.
    """
    from .plugin import EachRequest

    state = sessions_state(app)
    if not state.eager:
        app.plugins.register(EachRequest(state), name="sessions.each_request")
        state.eager = True
