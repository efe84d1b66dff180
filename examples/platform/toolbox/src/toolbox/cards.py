"""What plugins give the platform: dashboard cards and nav entries."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

__all__ = ["Card", "NavEntry"]


@dataclass(frozen=True)
class Card:
    """A dashboard card: a title, a line of text and/or a list of items."""

    title: str
    text: str = ""
    items: t.Sequence[str] = field(default_factory=tuple)
    #: An endpoint the card's title links to (``"status.index"``), if any.
    endpoint: str | None = None
    #: Lower comes first.
    order: int = 100
    #: ``"ok"``, ``"warning"`` or ``"error"``: the card's colour.
    level: str = "ok"


@dataclass(frozen=True)
class NavEntry:
    """A link in the navigation bar, to an endpoint of the app."""

    title: str
    endpoint: str
    order: int = 100
    #: A fragment of the page to jump to (``"card-notices"``), if any.
    anchor: str | None = None
