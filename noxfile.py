"""Tumbler's test rig. ``nox -l`` lists the sessions; see README.md.

Every package is tested in isolation: its session installs only that package,
the local packages it depends on, and its ``test`` extra. A new folder under
``packages/`` with a ``pyproject.toml`` and a ``tests/`` folder joins the
``tests`` parametrisation by itself.

The larger suites (examples, browser tests, Flask's suite, benchmarks, ...) are
one module each in ``tools/nox_sessions/``, loaded below in name order. A
session tagged ``ci`` is run by ``python3 dev.py test`` and so by CI.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))

from nox_support import (
    PACKAGES_DIR,
    PLUGIN_LIBRARIES,
    ROOT,
    install_package,
    pytest,
    tested_packages,
)

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = False
nox.options.error_on_missing_interpreters = True
#: ``nox`` with no arguments: the quick sessions.
nox.options.sessions = ["lint", "typecheck", "kernel", "tests", "integration", "example"]


@nox.session(tags=["ci"])
def lint(session: nox.Session) -> None:
    """ruff over the whole repository."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", "--diff", "packages/core/src")
    # the kernel's size ratchet (lines of code, not counting docstrings and comments)
    session.run("python", "tools/loc.py", "--max", "2600", "packages/core/src/tumbler", silent=True)


@nox.session(tags=["ci"])
def typecheck(session: nox.Session) -> None:
    """mypy, strict on the kernel."""
    install_package(session, PACKAGES_DIR / "core", extras="")
    session.install("mypy>=1.11")
    session.run("mypy", "--strict", "-p", "tumbler")


@nox.session(tags=["ci"])
def kernel(session: nox.Session) -> None:
    """The kernel with no plugin and none of the plugins' libraries installed."""
    install_package(session, PACKAGES_DIR / "core")
    session.run("python", str(ROOT / "tools" / "check_kernel_alone.py"), *PLUGIN_LIBRARIES)
    pytest(session, str(PACKAGES_DIR / "core" / "tests"), *session.posargs)


@nox.session(tags=["ci"])
@nox.parametrize("package", tested_packages())
def tests(session: nox.Session, package: str) -> None:
    """One package alone: it, its declared dependencies, its test tools."""
    folder = PACKAGES_DIR / package
    install_package(session, folder)
    pytest(session, str(folder / "tests"), *session.posargs)


#: Test folders that need several packages at once; run by ``integration``.
INTEGRATION_TESTS = (
    "packages/full/tests",
    "packages/flask-compat/tests",
    "packages/sessions/tests",
    "packages/testing/tests",
    "packages/security/tests",
    # slow (a venv and pip): a `tumbler new-plugin` project passes its own tests
    "packages/cli/integration_tests",
)


@nox.session(tags=["ci"])
def integration(session: nox.Session) -> None:
    """The meta-package and the compat layer together, and the tests that pair plugins.

    The plugins' own suites run again here: their files that need a sibling
    (sessions with templating, the testing plugin with cli and sessions) are
    collected only when the sibling is installed, which is the case here.
    """
    install_package(session, PACKAGES_DIR / "flask-compat")
    install_package(session, PACKAGES_DIR / "full")
    for folder in INTEGRATION_TESTS:
        pytest(session, "--rootdir", folder, folder, *session.posargs)


for _module in sorted((ROOT / "tools" / "nox_sessions").glob("[!_]*.py")):
    importlib.import_module(f"nox_sessions.{_module.stem}")
