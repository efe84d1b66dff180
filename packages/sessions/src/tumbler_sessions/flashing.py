"""Message flashing: store a message in the session for the next request to show.

Messages are kept in the session under ``"_flashes"`` as ``(category,
message)`` pairs. The first call of :func:`get_flashed_messages` in a request
takes them out of the session; later calls in the same request see the same
messages.
"""

from __future__ import annotations

import typing as t

from tumbler import StashKey
from tumbler.globals import _cv_request

from .current import _NO_REQUEST, session

__all__ = ["flash", "get_flashed_messages"]

#: The messages taken out of the session by this request.
_FLASHES = StashKey["list[tuple[str, t.Any]]"]("sessions.flashes")


def flash(message: t.Any, category: str = "message") -> None:
    """Keep ``message`` in the session, to be shown by a later request
    (usually the next page) with :func:`get_flashed_messages`.

    :param message: the text (a ``str``, or ``Markup`` for safe HTML).
    :param category: any string; ``"message"``, ``"error"``, ``"info"`` and
        ``"warning"`` are the usual ones.
    """
    # read, change and write back: backends that copy values see the change
    flashes = session.get("_flashes", [])
    flashes.append((category, message))
    session["_flashes"] = flashes
    app = _cv_request.get().app
    hook = app.plugins.hook.tumbler_message_flashed
    if hook.get_hookimpls():
        hook(app=app, message=message, category=category)


@t.overload
def get_flashed_messages(
    with_categories: t.Literal[False] = ..., category_filter: t.Iterable[str] = ...
) -> list[t.Any]: ...
@t.overload
def get_flashed_messages(
    with_categories: t.Literal[True], category_filter: t.Iterable[str] = ...
) -> list[tuple[str, t.Any]]: ...
def get_flashed_messages(
    with_categories: bool = False, category_filter: t.Iterable[str] = ()
) -> list[t.Any] | list[tuple[str, t.Any]]:
    """The flashed messages, oldest first, taken out of the session.

    :param with_categories: give ``(category, message)`` pairs instead of messages.
    :param category_filter: only the messages of these categories.
    """
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(_NO_REQUEST)
    flashes = ctx.stash.get(_FLASHES, None)
    if flashes is None:
        flashes = session.pop("_flashes") if "_flashes" in session else []
        ctx.stash[_FLASHES] = flashes
    if category_filter:
        wanted = {category_filter} if isinstance(category_filter, str) else set(category_filter)
        flashes = [f for f in flashes if f[0] in wanted]
    if not with_categories:
        return [f[1] for f in flashes]
    return flashes
