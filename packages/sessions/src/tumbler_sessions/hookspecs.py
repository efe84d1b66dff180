"""The sessions plugin's own hook specs, added to each app's plugin manager.

Every hook takes the app as ``app``; an implementation may accept any subset
of a hook's arguments. Neither is called per request: the session interface
is asked once the app serves requests (then remembered), and the flash hook
only when a message is flashed and some plugin implements it.
"""

from __future__ import annotations

import typing as t

from tumbler.hookspecs import hookspec

if t.TYPE_CHECKING:
    from tumbler import App

    from .sessions import SessionInterface


@hookspec(firstresult=True)
def tumbler_session_interface(app: App) -> SessionInterface | None:
    """The session interface that opens and saves ``app``'s sessions.

    Implement it to store sessions elsewhere (a database, a cache): return a
    :class:`~tumbler_sessions.SessionInterface`, or ``None`` to leave the
    choice to others (for example when your backend is not configured for
    this app). The first non-``None`` result wins. The sessions plugin
    answers first with an interface set by ``set_session_interface(app, ...)``
    and last with the signed-cookie default, so there is always an answer.

    Asked on first use; once the app has handled its first request the
    answer is remembered, so read the app's config when called, not later.

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_message_flashed(app: App, message: t.Any, category: str) -> None:
    """``message`` was flashed under ``category`` (``flash()``), during a
    request; called after the message is stored in the session, only when
    some plugin implements this hook (the signals plugin sends Flask's
    ``message_flashed`` signal from it). Return value ignored.

    .. versionadded:: 0.1.0
    """
