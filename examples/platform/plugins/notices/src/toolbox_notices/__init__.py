"""toolbox-notices: the deployment's notices on the dashboard (plugin ``notices``)."""

from __future__ import annotations

__version__ = "0.1.0"
