"""The current request's session: the ``session`` proxy, opened on first use.

Nothing happens for a request until something touches ``session``: then the
app's session interface opens it, the request context keeps it in its stash,
and a response processor saves it after the ``after_request`` functions
(so changes made there are saved too). A request that never touches the
session opens nothing, saves nothing and adds no header.
"""

from __future__ import annotations

import typing as t

from tumbler import StashKey
from tumbler.globals import _cv_request
from werkzeug.local import LocalProxy

from .configure import get_session_interface
from .sessions import SecureCookieSessionInterface

if t.TYPE_CHECKING:
    from tumbler import RequestContext, Response

    from .sessions import SessionInterface, SessionMixin

__all__ = ["get_request_session", "regenerate_session", "session", "set_request_session"]

#: The request's session and the interface that opened it (which also saves it).
_SESSION = StashKey["tuple[SessionInterface, SessionMixin]"]("sessions.session")

_NO_REQUEST = """\
Working outside of request context.

The session belongs to an HTTP request. Use it inside a view (or a
before/after_request function), or push a context for tests with
'with app.test_request_context():'."""


def _open(ctx: RequestContext) -> SessionMixin:
    entry = ctx.stash.get(_SESSION, None)
    if entry is not None:
        return entry[1]
    app = ctx.app
    interface = get_session_interface(app)
    opened: SessionMixin | None
    if type(interface).open_session is SecureCookieSessionInterface.open_session:
        # the default reads only the Cookie header: no Request object needed
        opened = interface.open_environ(app, ctx.environ)  # type: ignore[attr-defined]
    else:
        opened = interface.open_session(app, ctx.request)
    if opened is None:
        opened = interface.make_null_session(app)
    _keep(ctx, interface, opened)
    return opened


def _keep(ctx: RequestContext, interface: SessionInterface, opened: SessionMixin) -> None:
    first = _SESSION not in ctx.stash
    ctx.stash[_SESSION] = (interface, opened)
    if first:
        ctx.add_response_processor(_save)


def _save(response: Response) -> None:
    # response processors run with their own request context current
    ctx = _cv_request.get()
    interface, opened = ctx.stash[_SESSION]
    if not interface.is_null_session(opened):
        interface.save_session(ctx.app, opened, response)


def _accessed() -> SessionMixin:
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(_NO_REQUEST)
    entry = ctx.stash.get(_SESSION, None)
    opened = entry[1] if entry is not None else _open(ctx)
    opened.accessed = True
    return opened


#: The current request's session, a dict with ``permanent``, ``new``,
#: ``modified`` and ``accessed``. Opened on first use; any use marks it
#: accessed (the response then varies by ``Cookie``).
session: SessionMixin = LocalProxy(_accessed)  # type: ignore[assignment]


def get_request_session(ctx: RequestContext | None = None, *, open: bool = True) -> SessionMixin | None:
    """The session of ``ctx`` (the current request by default), opening it if
    needed, without marking it accessed (unlike the ``session`` proxy).

    With ``open=False``, ``None`` when the request has not opened its session.
    """
    if ctx is None:
        ctx = _cv_request.get(None)
        if ctx is None:
            raise RuntimeError(_NO_REQUEST)
    if not open:
        entry = ctx.stash.get(_SESSION, None)
        return entry[1] if entry is not None else None
    return _open(ctx)


def set_request_session(ctx: RequestContext, value: SessionMixin) -> None:
    """Make ``value`` the session of ``ctx`` (saved at the end of the request
    by the app's session interface), instead of opening one."""
    _keep(ctx, get_session_interface(ctx.app), value)


def regenerate_session() -> SessionMixin:
    """Give the current request's session a new identity, keeping its data;
    call it when the user logs in, so an id known before login (session
    fixation) is worthless after it. Returns the session.

    With ``SESSION_BACKEND = "redis"`` the session gets a new random id and
    the old one's data is deleted when the response is saved. The signed
    cookie is re-signed with the newest ``SECRET_KEY`` and a new timestamp;
    it has no server-side state, so older copies of it stay valid until
    they expire. Other backends do what their
    :meth:`~tumbler_sessions.SessionInterface.regenerate` does.

    .. versionadded:: 0.2.0
    """
    opened = _accessed()
    ctx = _cv_request.get()
    ctx.stash[_SESSION][0].regenerate(ctx.app, opened)
    return opened
