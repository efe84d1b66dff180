"""Sessions for Tumbler apps: a signed-cookie session, replaceable backends,
key rotation and message flashing.

Installed next to ``tumbler-core``, this plugin (entry point ``sessions``)
gives every app a ``session`` that is opened on first use in a request and
saved with the response when it changed. Set ``SECRET_KEY`` to use it::

    from tumbler import App
    from tumbler_sessions import session

    app = App(__name__)
    app.config["SECRET_KEY"] = "a long random value"

    @app.post("/visit")
    def visit():
        session["visits"] = session.get("visits", 0) + 1
        return str(session["visits"])

Other backends implement :class:`SessionInterface` and are chosen with
:func:`set_session_interface` or by a plugin's ``tumbler_session_interface``
hook (see :mod:`tumbler_sessions.hookspecs`).
"""

from __future__ import annotations

from .configure import (
    CONFIG_DEFAULTS,
    get_session_interface,
    open_sessions_eagerly,
    permanent_session_lifetime,
    set_session_interface,
)
from .current import get_request_session, regenerate_session, session, set_request_session
from .flashing import flash, get_flashed_messages
from .redis_backend import RedisSession, RedisSessionInterface, SessionStoreUnavailable
from .sessions import (
    NullSession,
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionInterface,
    SessionMixin,
    session_json_serializer,
)
from .tag import JSONTag, TaggedJSONSerializer

__version__ = "0.1.0"

__all__ = [
    "CONFIG_DEFAULTS",
    "JSONTag",
    "NullSession",
    "RedisSession",
    "RedisSessionInterface",
    "SecureCookieSession",
    "SecureCookieSessionInterface",
    "SessionInterface",
    "SessionMixin",
    "SessionStoreUnavailable",
    "TaggedJSONSerializer",
    "flash",
    "get_flashed_messages",
    "get_request_session",
    "get_session_interface",
    "open_sessions_eagerly",
    "permanent_session_lifetime",
    "regenerate_session",
    "session",
    "session_json_serializer",
    "set_request_session",
    "set_session_interface",
]
