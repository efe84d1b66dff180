"""pytest plugin for Flask's own test suite run through ``tumbler_flask_compat``.

Loaded with ``-p flask_suite_plugin``: pytest imports ``-p`` plugins before any
``conftest.py``, so importing the compat package here makes the
``from flask import ...`` at the top of Flask's conftest resolve to Tumbler.

It also writes each test's outcome to the JSON file named by
``$FLASK_SUITE_RESULTS``: a test counts as passed only when its setup, call and
teardown all passed (Flask's conftest checks for leaked contexts at teardown).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import sys
import typing as t

if "flask" in sys.modules:
    raise ImportError("flask was imported before tumbler_flask_compat; the suite would not test Tumbler")

import tumbler_flask_compat  # noqa: F401  (makes ``import flask`` resolve to Tumbler)


def _pallets_flask() -> str | None:
    """The installed distribution named ``flask`` if it is Pallets' Flask (the compat package's own is not)."""
    for dist in importlib.metadata.distributions(name="flask"):
        urls = " ".join(dist.metadata.get_all("Project-URL") or [])
        if "pallets" in urls.lower() or "pallets" in (dist.metadata.get("Author-email") or "").lower():
            return f"{dist.metadata['Name']} {dist.version}"
    return None


_REAL = _pallets_flask()
if _REAL is not None:
    raise ImportError(f"Pallets' Flask ({_REAL}) is installed next to the compat package; uninstall it")

import flask  # noqa: E402

#: node id -> {"setup" | "call" | "teardown": "passed" | "failed" | "skipped"}
_PHASES: dict[str, dict[str, str]] = {}
_COLLECTION_ERRORS: list[str] = []


def pytest_report_header(config: t.Any) -> str:
    return f"flask -> {flask.__file__} (tumbler_flask_compat), flask.Flask from {flask.Flask.__module__}"


def pytest_runtest_logreport(report: t.Any) -> None:
    _PHASES.setdefault(report.nodeid, {})[report.when] = report.outcome


def pytest_collectreport(report: t.Any) -> None:
    if report.failed:
        _COLLECTION_ERRORS.append(report.nodeid)


def outcome(phases: dict[str, str]) -> str:
    """One word per test: a failed setup or teardown is an error, whatever the call did."""
    if any(result == "failed" for phase, result in phases.items() if phase != "call"):
        return "error"
    if phases.get("call") == "failed":
        return "failed"
    if "skipped" in phases.values():
        return "skipped"
    return "passed" if phases.get("call") == "passed" else "error"


def pytest_sessionfinish(session: t.Any, exitstatus: int) -> None:
    path = os.environ.get("FLASK_SUITE_RESULTS")
    if path:
        results = {
            "exitstatus": int(exitstatus),
            "collection_errors": _COLLECTION_ERRORS,
            "outcomes": {nodeid: outcome(phases) for nodeid, phases in _PHASES.items()},
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=0, sort_keys=True)
