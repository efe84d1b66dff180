"""Running the health checks: the built-in ones and every plugin's."""

from __future__ import annotations

import os
import platform
import typing as t
from dataclasses import dataclass

from tumbler import App, StashKey

from .hookspecs import Check

_CHECKS: StashKey[dict[str, Check]] = StashKey("status.checks")


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str


def builtin_checks(app: App) -> dict[str, Check]:
    def instance_folder() -> str:
        os.makedirs(app.instance_path, exist_ok=True)
        if not os.access(app.instance_path, os.W_OK):
            raise PermissionError(f"{app.instance_path} is not writable")
        return app.instance_path

    return {"python": platform.python_version, "instance folder": instance_folder}


def checks(app: App) -> dict[str, Check]:
    """Every check of ``app``, gathered from the plugins once."""
    found = app.stash.get(_CHECKS, None)
    if found is None:
        found = builtin_checks(app)
        for answer in app.plugins.hook.toolbox_status_checks(app=app):
            found.update(answer or {})
        app.stash[_CHECKS] = found
    return found


def run_checks(app: App) -> list[Result]:
    results = []
    for name, check in sorted(checks(app).items()):
        try:
            results.append(Result(name, True, str(check())))
        except Exception as e:  # a failing check is a result, not a 500
            results.append(Result(name, False, f"{type(e).__name__}: {e}"))
    return results


def summary(results: t.Sequence[Result]) -> str:
    passing = sum(r.ok for r in results)
    return f"{passing} of {len(results)} checks pass"
