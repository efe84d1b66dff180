"""toolbox-audit: request ids and an audit log of requests (plugin ``audit``)."""

from __future__ import annotations

from .log import Entry, recent

__all__ = ["Entry", "recent"]
__version__ = "0.3.0"
