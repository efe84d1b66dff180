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


class Stash:
    """A mapping from :class:`StashKey` to values, typed per key."""

    __slots__ = ("_data",)

    def __init__(self) -> None:
        self._data: dict[StashKey[t.Any], object] = {}

    def __setitem__(self, key: StashKey[T], value: T) -> None:
        self._data[key] = value

    def __getitem__(self, key: StashKey[T]) -> T:
        return t.cast(T, self._data[key])

    def get(self, key: StashKey[T], default: D) -> T | D:
        return t.cast("T | D", self._data.get(key, default))

    def setdefault(self, key: StashKey[T], default: T) -> T:
        return t.cast(T, self._data.setdefault(key, default))

    def __delitem__(self, key: StashKey[T]) -> None:
        del self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)
