"""Make ``import flask`` run on Tumbler.

Import this module once, before anything imports ``flask``::

    import tumbler_flask_compat  # noqa: F401
    from flask import Flask

The modules under ``flask_tree/`` are loaded *as* ``flask``, ``flask.app``,
... by a finder placed first on ``sys.meta_path``: they are real modules with
Flask's names (so warnings, loggers and pickles that name ``flask.app`` work)
and contain adapters only; behaviour lives in Tumbler's kernel and plugins.
Every ``flask`` module is imported here, at once, so class identities never
change when a test framework prunes ``sys.modules``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import importlib.util
import os
import sys
import typing as t

__all__ = ["FLASK_API_VERSION", "FLASK_MODULES"]

#: The Flask release whose API and behaviour this package follows.
FLASK_API_VERSION = "3.1.3"
#: Every module of Flask's public tree, imported eagerly.
FLASK_MODULES = (
    "flask",
    "flask.typing",
    "flask.globals",
    "flask.config",
    "flask.json",
    "flask.json.provider",
    "flask.json.tag",
    "flask.wrappers",
    "flask.ctx",
    "flask.signals",
    "flask.logging",
    "flask.helpers",
    "flask.sessions",
    "flask.templating",
    "flask.views",
    "flask.debughelpers",
    "flask.blueprints",
    "flask.app",
    "flask.cli",
    "flask.testing",
    "flask.sansio",
    "flask.sansio.scaffold",
    "flask.sansio.blueprints",
    "flask.sansio.app",
)
_TREE = os.path.join(os.path.dirname(__file__), "flask_tree")
_DIST_INFO = os.path.join(os.path.dirname(__file__), "flask_dist_info")


class _FlaskFinder(importlib.abc.MetaPathFinder):
    """Finds ``flask`` and ``flask.*`` in ``flask_tree/`` and nowhere else."""

    def find_spec(
        self, fullname: str, path: t.Any = None, target: t.Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "flask" and not fullname.startswith("flask."):
            return None
        base = os.path.join(_TREE, *fullname.split(".")[1:])
        if os.path.isfile(os.path.join(base, "__init__.py")):
            return importlib.util.spec_from_file_location(
                fullname, os.path.join(base, "__init__.py"), submodule_search_locations=[base]
            )
        if os.path.isfile(f"{base}.py"):
            return importlib.util.spec_from_file_location(fullname, f"{base}.py")
        return None

    def find_distributions(self, context: t.Any = None) -> t.Iterator[importlib.metadata.Distribution]:
        """Metadata for ``flask`` (the API version followed), so code asking
        ``importlib.metadata.version("flask")`` gets an answer while this
        package is imported. Nothing named ``flask`` is installed."""
        name = getattr(context, "name", None) if context is not None else None
        if name is None or name.lower() == "flask":
            yield importlib.metadata.PathDistribution(_pathlib_path(_DIST_INFO))


def _pathlib_path(p: str) -> t.Any:
    import pathlib

    return pathlib.Path(p)


def _install() -> None:
    existing = sys.modules.get("flask")
    if existing is not None and not getattr(existing, "__tumbler_compat__", False):
        where = getattr(existing, "__file__", "?")
        raise ImportError(
            f"Pallets' Flask was already imported (from {where}) before tumbler_flask_compat."
            " Import tumbler_flask_compat first, before anything imports flask, or"
            " uninstall Flask from this environment."
        )
    if not any(isinstance(f, _FlaskFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _FlaskFinder())
    for name in FLASK_MODULES:
        importlib.import_module(name)


_install()
