"""Typed per-plugin state: a :class:`Stash` keyed by :class:`StashKey` objects.

A plugin makes one module-level key (``KEY = StashKey[MyState]()``) and keeps
its state on the app (``app.stash[KEY] = MyState()``), never in a module
global, so two apps in one process never share plugin state.
"""

from __future__ import annotations

import typing as t

T = t.TypeVar("T")
D = t.TypeVar("D")

__all__ = ["Stash", "StashKey"]


class StashKey(t.Generic[T]):
    """A key into a :class:`Stash`; its type parameter is the value's type."""

    __slots__ = ("name",)

    def __init__(self, name: str = "") -> None:
        #: For reprs and error messages only.
        self.name = name

    def __repr__(self) -> str:
        return f"<StashKey {self.name or hex(id(self))}>"


class Stash(dict):  # type: ignore[type-arg]
    """A mapping from :class:`StashKey` to values, typed per key.

    A plain ``dict`` at run time (made per request, so it costs what a dict
    costs); the signatures below are for the type checker.
    """

    __slots__ = ()

    if t.TYPE_CHECKING:

        def __setitem__(self, key: StashKey[T], value: T) -> None: ...
        def __getitem__(self, key: StashKey[T]) -> T: ...
        def get(self, key: StashKey[T], default: D) -> T | D: ...  # type: ignore[override]
        def setdefault(self, key: StashKey[T], default: T) -> T: ...  # type: ignore[override]
