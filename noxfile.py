"""Tumbler's test rig. ``nox`` runs the default sessions; see README.md.

Every package is tested in isolation: its session installs only that package,
the local packages it depends on, and its ``test`` extra. A new folder under
``packages/`` with a ``pyproject.toml`` and a ``tests/`` folder joins the
``tests`` parametrisation by itself.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PACKAGES_DIR = ROOT / "packages"
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = False
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["lint", "typecheck", "kernel", "tests", "integration"]

#: Libraries that belong to plugins: the kernel must work without them.
PLUGIN_LIBRARIES = ("jinja2", "itsdangerous", "blinker", "click")


def _project(folder: Path) -> dict:
    with open(folder / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def _local_dists() -> dict[str, Path]:
    """Distribution name -> folder, for every package in the monorepo."""
    return {
        _project(p)["name"].lower(): p
        for p in sorted(PACKAGES_DIR.iterdir())
        if (p / "pyproject.toml").is_file()
    }


def _local_closure(folder: Path) -> list[Path]:
    """``folder`` and the local packages it depends on, transitively."""
    dists = _local_dists()
    seen: list[Path] = []
    todo = [folder]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.append(current)
        for req in _project(current).get("dependencies", []):
            name = re.split(r"[\s<>=!~\[;]", req, maxsplit=1)[0].lower()
            if name in dists:
                todo.append(dists[name])
    return seen


def tested_packages() -> list[str]:
    return [
        p.name
        for p in sorted(PACKAGES_DIR.iterdir())
        if (p / "pyproject.toml").is_file() and (p / "tests").is_dir()
    ]


def install_package(session: nox.Session, folder: Path, extras: str = "test") -> None:
    """Install a package (with ``extras``) and its local dependencies, not editable."""
    others = [str(p) for p in _local_closure(folder) if p != folder]
    session.install(*others, f"{folder}[{extras}]" if extras else str(folder))


@nox.session
@nox.parametrize("package", tested_packages())
def tests(session: nox.Session, package: str) -> None:
    """One package alone: it, its declared dependencies, its test tools."""
    folder = PACKAGES_DIR / package
    install_package(session, folder)
    session.run("pytest", "-q", "-p", "no:cacheprovider", str(folder / "tests"), *session.posargs)


@nox.session
def kernel(session: nox.Session) -> None:
    """The kernel with no plugin and none of the plugins' libraries installed."""
    install_package(session, PACKAGES_DIR / "core")
    session.run("python", str(ROOT / "tools" / "check_kernel_alone.py"), *PLUGIN_LIBRARIES)
    session.run("pytest", "-q", "-p", "no:cacheprovider", str(PACKAGES_DIR / "core" / "tests"), *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff over the whole repository."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", "--diff", "packages/core/src")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy, strict on the kernel."""
    install_package(session, PACKAGES_DIR / "core", extras="")
    session.install("mypy>=1.11")
    session.run("mypy", "--strict", "-p", "tumbler")


@nox.session
def integration(session: nox.Session) -> None:
    """The meta-package (every first-party package) and the tests that need all of them."""
    full = PACKAGES_DIR / "full"
    if not (full / "pyproject.toml").is_file():
        session.skip("packages/full does not exist yet")
    install_package(session, full)
    session.run("pytest", "-q", "-p", "no:cacheprovider", str(full / "tests"), *session.posargs)
