"""Deployments: which plugins an installation of the platform runs, and its settings.

A deployment is a JSON object of app config. The kernel reads the plugin
selection keys from it: ``PLUGINS`` (allow-list), ``DISABLE_PLUGINS``
(deny-list) and ``REQUIRE_PLUGINS`` (requirements such as ``"audit>=0.3"``).
The platform's own plugins (:data:`BASE_PLUGINS`) are always allowed and
required, so a deployment lists only its features.
"""

from __future__ import annotations

import json
import os
import typing as t
from pathlib import Path

__all__ = ["BASE_PLUGINS", "DEPLOYMENTS_DIR", "DeploymentError", "load_deployment"]

#: Where the named deployments live: ``<name>.json``.
DEPLOYMENTS_DIR = Path(__file__).parent / "deployments"
#: What every deployment loads: the platform's hooks and layout, templates,
#: the command line and the test tools.
BASE_PLUGINS = ("toolbox", "templating", "cli", "testing")
#: The deployment used when none is given.
DEFAULT = "public"


class DeploymentError(RuntimeError):
    """A deployment cannot start; the message says which and what to change."""


def load_deployment(
    deployment: str | None, overrides: t.Mapping[str, t.Any] | None = None
) -> tuple[str, dict[str, t.Any]]:
    """``(name, app config)`` of a deployment name or JSON file path
    (``TOOLBOX_DEPLOYMENT`` when ``None``), with ``overrides`` on top."""
    deployment = deployment or os.environ.get("TOOLBOX_DEPLOYMENT") or DEFAULT
    path = Path(deployment) if deployment.endswith(".json") else DEPLOYMENTS_DIR / f"{deployment}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in DEPLOYMENTS_DIR.glob("*.json")))
        raise DeploymentError(
            f"Unknown deployment {deployment!r}: no file {path}. Use one of {known},"
            " or the path of a JSON file of your own (TOOLBOX_DEPLOYMENT=/path/to/site.json)."
        )
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise DeploymentError(f"The deployment file {path} is not valid JSON ({e}). Fix the file.") from None
    if not isinstance(settings, dict):
        raise DeploymentError(
            f"The deployment file {path} must hold a JSON object of settings, not {type(settings).__name__}."
        )
    settings.update(overrides or {})
    denied = {*_names(settings.get("DISABLE_PLUGINS")), *_names(os.environ.get("TUMBLER_DISABLE_PLUGINS"))}
    if denied & set(BASE_PLUGINS):
        raise DeploymentError(
            f"The {path.stem!r} deployment cannot start: it denies {', '.join(sorted(denied & set(BASE_PLUGINS)))},"
            " which the platform always needs. Remove it from DISABLE_PLUGINS (or TUMBLER_DISABLE_PLUGINS)."
        )
    if settings.get("PLUGINS"):
        settings["PLUGINS"] = [*BASE_PLUGINS, *_names(settings["PLUGINS"])]
    settings["REQUIRE_PLUGINS"] = [*BASE_PLUGINS, *_names(settings.get("REQUIRE_PLUGINS"))]
    settings.setdefault("TOOLBOX_TITLE", f"Toolbox ({path.stem})")
    return path.stem, settings


def _names(value: t.Any) -> list[str]:
    if isinstance(value, str):
        return [n.strip() for n in value.split(",") if n.strip()]
    return list(value or ())
