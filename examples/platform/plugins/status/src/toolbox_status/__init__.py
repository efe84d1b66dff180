"""toolbox-status: a status page of health checks (plugin ``status``)."""

from __future__ import annotations

__version__ = "1.2.0"
