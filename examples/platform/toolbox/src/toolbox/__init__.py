"""Toolbox: an internal-tools platform whose features are plugins.

``create_app("staff")`` builds the app of one deployment: the plugin
selection (allow-list, deny-list, required versions) and the settings come
from ``toolbox/deployments/<name>.json`` (or a JSON file of your own), and
the ``TUMBLER_*`` variables of the environment apply on top, as for any
Tumbler app.
"""

from __future__ import annotations

import os
import typing as t

from tumbler import App, PluginError
from tumbler_templating import render_template

from .cards import Card, NavEntry
from .deployments import BASE_PLUGINS, DeploymentError, load_deployment

__all__ = ["BASE_PLUGINS", "Card", "DeploymentError", "NavEntry", "create_app", "dashboard_cards"]
__version__ = "0.1.0"


def create_app(
    deployment: str | None = None, config: t.Mapping[str, t.Any] | None = None, instance_path: str | None = None
) -> App:
    """The platform's app for ``deployment``: a name (``"staff"``,
    ``"public"``), a path to a JSON file, or ``None`` for the
    ``TOOLBOX_DEPLOYMENT`` environment variable (default ``"public"``).

    :param config: settings over the deployment's (tests use it).
    :param instance_path: the instance folder (``TOOLBOX_INSTANCE_PATH``, else
        Tumbler's default), where plugins keep their files.
    :raises DeploymentError: one paragraph naming the deployment and what to
        change, when a plugin it needs is missing, denied or too old.
    """
    name, settings = load_deployment(deployment, config)
    try:
        app = App("toolbox", config=settings, instance_path=instance_path or os.environ.get("TOOLBOX_INSTANCE_PATH"))
    except PluginError as e:
        raise DeploymentError(f"The {name!r} deployment cannot start: {e}") from e
    app.add_url_rule("/", "dashboard", lambda: render_template("dashboard.html", cards=dashboard_cards(app)))
    return app


def dashboard_cards(app: App) -> list[Card]:
    """Every plugin's dashboard cards, sorted (call inside a request)."""
    cards = [c for answer in app.plugins.hook.toolbox_dashboard_cards(app=app) for c in answer or ()]
    return sorted(cards, key=lambda c: (c.order, c.title))
