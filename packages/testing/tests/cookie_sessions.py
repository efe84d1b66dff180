"""A stand-in for tumbler-sessions: it declares ``tumbler_session_interface``
(the contract in docs/plugins.md) and answers it with an unsigned JSON cookie
session. ``session()`` opens the session inside a request, lazily."""

from __future__ import annotations

import base64
import json
import sys
import typing as t

import pluggy
from tumbler import StashKey, hookimpl, request_ctx
from tumbler.hookspecs import hookspec

tumbler_plugin_name = "cookie_sessions"
COOKIE = "session"


class Session(dict):  # type: ignore[type-arg]
    pass


class NullSession(dict):  # type: ignore[type-arg]
    pass


class CookieSessionInterface:
    #: What open_session gives without SECRET_KEY: "none" or "null".
    without_key = "none"

    def open_session(self, app: t.Any, request: t.Any) -> Session | NullSession | None:
        if not app.secret_key:
            return None if self.without_key == "none" else NullSession()
        raw = request.cookies.get(COOKIE)
        return Session(json.loads(base64.urlsafe_b64decode(raw)) if raw else {})

    def is_null_session(self, session: t.Any) -> bool:
        return isinstance(session, NullSession)

    def save_session(self, app: t.Any, session: Session, response: t.Any) -> None:
        response.set_cookie(COOKIE, base64.urlsafe_b64encode(json.dumps(session).encode()).decode())


class _Specs:
    @hookspec(firstresult=True)
    def tumbler_session_interface(self, app: t.Any) -> t.Any:
        """The app's session interface."""


INTERFACE = StashKey[CookieSessionInterface]("cookie_sessions")
SESSION = StashKey[Session]("cookie_sessions.session")


@hookimpl
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    pluginmanager.add_hookspecs(_Specs)


@hookimpl
def tumbler_configure(app: t.Any) -> None:
    app.stash[INTERFACE] = CookieSessionInterface()


@hookimpl(trylast=True)
def tumbler_session_interface(app: t.Any) -> CookieSessionInterface:
    return app.stash[INTERFACE]


def session() -> Session:
    """The current request's session, opened on first use and saved with the response."""
    ctx = request_ctx._get_current_object()  # type: ignore[attr-defined]
    current = ctx.stash.get(SESSION, None)
    if current is None:
        interface = ctx.app.stash[INTERFACE]
        current = ctx.stash[SESSION] = interface.open_session(ctx.app, ctx.request)
        ctx.add_response_processor(lambda response: interface.save_session(ctx.app, current, response))
    return current


plugin = sys.modules[__name__]
