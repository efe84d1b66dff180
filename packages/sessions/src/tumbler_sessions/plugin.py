"""The sessions plugin's hook implementations (entry point ``sessions``).

It adds its hook specs, sets the config defaults and the per-app state, and
answers ``tumbler_session_interface`` twice: first with an interface set on
the app, last with the signed-cookie default. It implements no per-request
hook: a session is opened by the first use of ``session`` in a request (see
:mod:`tumbler_sessions.current`), unless the app asked for
:func:`~tumbler_sessions.open_sessions_eagerly`, which registers
:class:`EachRequest`.
"""

from __future__ import annotations

import typing as t

import pluggy
from tumbler import hookimpl
from tumbler.globals import _cv_request

from . import hookspecs
from .configure import (
    CONFIG_DEFAULTS,
    STATE,
    SessionsState,
    _app_setting,
    check_backend_config,
    configured_session_interface,
    get_session_interface,
    sessions_state,
)
from .current import _SESSION, _open, session
from .flashing import get_flashed_messages
from .sessions import SecureCookieSession, SecureCookieSessionInterface, SessionInterface

if t.TYPE_CHECKING:
    from tumbler import App

__all__ = ["EachRequest"]


@hookimpl
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


@hookimpl
def tumbler_configure(app: App) -> None:
    for key, value in CONFIG_DEFAULTS.items():
        app.config.setdefault(key, value)
    app.stash[STATE] = SessionsState(default=SecureCookieSessionInterface())
    check_backend_config(app.config)  # settings given to App(config=...) fail here, at startup


@hookimpl
def tumbler_setup_finished(app: App) -> None:
    """Enumerated settings changed after ``App()`` fail once, when setup ends,
    instead of failing each request that saves a session."""
    check_backend_config(app.config)
    sessions_state(app).default.get_cookie_samesite(app)  # ValueError naming the key and the values


@hookimpl(specname="tumbler_session_interface", tryfirst=True)
def app_session_interface(app: App) -> SessionInterface | None:
    """The interface set with ``set_session_interface(app, ...)``, else one set
    as ``session_interface`` on the app's class or the app (as Flask reads it)."""
    return sessions_state(app).override or _app_setting(app, "session_interface")


@hookimpl(specname="tumbler_session_interface", trylast=True)
def default_session_interface(app: App) -> SessionInterface:
    """The interface ``SESSION_BACKEND`` selects (the signed cookie by
    default), when no one else answered."""
    return configured_session_interface(app)


@hookimpl(optionalhook=True)
def tumbler_template_context(app: App) -> dict[str, t.Any]:
    """tumbler-templating: ``get_flashed_messages`` in every template, and
    ``session`` in those rendered during a request. The session is still
    opened only if the template uses it."""
    if _cv_request.get(None) is None:
        return {"get_flashed_messages": get_flashed_messages}
    return {"session": session, "get_flashed_messages": get_flashed_messages}


class EachRequest:
    """Opens the session as each request starts, before its URL is matched, as
    Flask does (registered by :func:`~tumbler_sessions.open_sessions_eagerly`)."""

    tumbler_plugin_name = "sessions.each_request"

    def __init__(self, state: SessionsState) -> None:
        self._state = state
        self._plain: object = None  # the last interface found to be the unchanged signed cookie

    @hookimpl
    def tumbler_request_received(self, app: App, environ: dict[str, t.Any]) -> None:
        # nothing to open (an empty session that saves nothing): the unchanged
        # signed-cookie interface and no session cookie in the request
        interface = self._state.cached  # remembered once requests are served
        if interface is not None and interface is self._plain:
            cookie_header = environ.get("HTTP_COOKIE")
            if not cookie_header or f"{interface.get_cookie_name(app)}=" not in cookie_header:
                return
        ctx = _cv_request.get()
        if _SESSION in ctx.stash:
            return
        interface = interface or get_session_interface(app)
        cls, cookie_header = type(interface), ctx.environ.get("HTTP_COOKIE")
        if (
            cls.open_session is SecureCookieSessionInterface.open_session
            and cls.save_session is SecureCookieSessionInterface.save_session
            and getattr(interface, "session_class", None) is SecureCookieSession
        ):
            self._plain = interface  # an instance's session_class is not expected to change while serving
            if not cookie_header or f"{interface.get_cookie_name(app)}=" not in cookie_header:
                return
        _open(ctx)
