"""Tumbler's test rig. ``nox`` runs the default sessions; see README.md.

Every package is tested in isolation: its session installs only that package,
the local packages it depends on, and its ``test`` extra. A new folder under
``packages/`` with a ``pyproject.toml`` and a ``tests/`` folder joins the
``tests`` parametrisation by itself.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
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
nox.options.sessions = ["lint", "typecheck", "kernel", "tests", "integration", "example"]

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
    """Install a package (with ``extras``) and its local dependencies, not editable.

    ``test-requirements-nodeps.txt`` lists test tools installed without their
    dependencies: Flask extensions, whose declared dependency on Pallets' Flask
    must not be installed next to the compat package.
    """
    others = [str(p) for p in _local_closure(folder) if p != folder]
    session.install(*others, f"{folder}[{extras}]" if extras else str(folder))
    nodeps = folder / "test-requirements-nodeps.txt"
    if extras and nodeps.is_file():
        session.install("--no-deps", "-r", str(nodeps))


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


#: Test folders that need several packages at once; run by ``integration``.
INTEGRATION_TESTS = (
    "packages/full/tests",
    "packages/flask-compat/tests",
    "packages/sessions/tests",
    "packages/testing/tests",
)


@nox.session
def integration(session: nox.Session) -> None:
    """The meta-package and the compat layer together, and the tests that pair plugins.

    The plugins' own suites run again here: their files that need a sibling
    (sessions with templating, the testing plugin with cli and sessions) are
    collected only when the sibling is installed, which is the case here.
    """
    install_package(session, PACKAGES_DIR / "flask-compat")
    install_package(session, PACKAGES_DIR / "full")
    for folder in INTEGRATION_TESTS:
        session.run("pytest", "-q", "-p", "no:cacheprovider", "--rootdir", folder, folder, *session.posargs)


FLASK_SUITE = ROOT.parent / "shared" / "flask-suite" / "run.sh"
#: The fewest of Flask's 522 tests (tests and examples) that must pass; raised as the compat layer improves.
FLASK_SUITE_FLOOR_FILE = PACKAGES_DIR / "flask-compat" / "flask-suite-floor.txt"


@nox.session(venv_backend="none")
def flask_suite(session: nox.Session) -> None:
    """Flask 3.1.3's own test suite through tumbler_flask_compat (the harness makes its own venvs)."""
    if not FLASK_SUITE.is_file():
        session.error(f"The Flask suite harness is missing: {FLASK_SUITE} (a checkout of shared/ beside this repo)")
    floor = int(FLASK_SUITE_FLOOR_FILE.read_text().split()[0])
    out = session.run("bash", str(FLASK_SUITE), "--suite", "all", "shim", str(ROOT), *session.posargs,
                      silent=True, success_codes=[0, 1])
    print(out[-6000:])
    match = re.search(r"flask-suite: (\d+) passed, (\d+) failed, (\d+) errors.* of (\d+)", out or "")
    if match is None:
        session.error("The Flask suite printed no summary line; see the output above.")
    passed = int(match.group(1))
    if passed < floor:
        session.error(f"Flask suite: {passed} passed, fewer than the floor of {floor} ({FLASK_SUITE_FLOOR_FILE.name}).")
    session.log(f"Flask suite: {passed} of {match.group(4)} passed (floor {floor}).")


@nox.session(name="bench", reuse_venv=True)
def bench(session: nox.Session) -> None:
    """Issue 9's benchmark: Tumbler beside Flask, Bottle and two floors (``nox -s bench -- --quick``).

    This session's virtualenv holds only the harness (matplotlib, for the chart).
    ``bench/run.py`` builds one virtualenv per framework under ``.nox/bench-envs``,
    installs wrk with apt-get when it is missing and we are root, and writes its
    report to ``bench/results/``. ``-- --help`` lists its options.
    """
    session.install("-r", str(ROOT / "bench" / "requirements-driver.txt"))
    session.run("python", str(ROOT / "bench" / "run.py"), *session.posargs)


EXAMPLE_DIR = ROOT / "examples" / "notes"


@nox.session
def example(session: nox.Session) -> None:
    """The example app's unit and integration tests (``examples/notes/tests``)."""
    install_package(session, EXAMPLE_DIR)
    session.run("pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE_DIR / "tests"), *session.posargs)


def _install_chromium(session: nox.Session) -> None:
    """Debian's chromium and chromium-driver, installed with apt-get when one is missing."""
    import os
    import shutil

    if all(Path(p).exists() for p in ("/usr/bin/chromium", "/usr/bin/chromedriver")):
        return  # already there (installed by an earlier run, or by hand)
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        session.error(
            "The e2e session needs /usr/bin/chromium and /usr/bin/chromedriver and cannot install them here"
            " (it needs apt-get and root). Install Debian's packages: apt-get install chromium chromium-driver"
        )
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-q", external=True, env=env)
    # fonts-liberation: a recommended package, so that pages have readable text
    session.run("apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver",
                "fonts-liberation", external=True, env=env)
    missing = [p for p in ("/usr/bin/chromium", "/usr/bin/chromedriver") if not Path(p).exists()]
    if missing:
        session.error(f"apt-get installed chromium and chromium-driver, but {', '.join(missing)} is still missing.")


@contextlib.contextmanager
def _gunicorn(session: nox.Session, app: str, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """Serve ``app`` with gunicorn (2 sync workers) on a free loopback port; yield its URL; always stop it."""
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    with socket.socket() as probe:  # a free port, released just before gunicorn takes it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    gunicorn = [str(Path(session.bin) / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
                "--access-logfile", "-", app]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(gunicorn, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                session.error(f"gunicorn stopped (exit status {server.returncode}):\n{log_path.read_text()}")
            try:
                urllib.request.urlopen(url + "/auth/login", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    session.error(f"gunicorn did not answer on {url} within 30 s:\n{log_path.read_text()}")
                time.sleep(0.2)
        session.log(f"gunicorn serves {app} on {url} with 2 workers")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@nox.session
def e2e(session: nox.Session) -> None:
    """The example app in headless Chromium, served by gunicorn; screenshots go to examples/notes/e2e/artifacts."""
    import secrets
    import shutil
    import tempfile

    _install_chromium(session)
    install_package(session, EXAMPLE_DIR, extras="e2e")
    artifacts = EXAMPLE_DIR / "e2e" / "artifacts"
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="notes-e2e-") as instance:
        app = f"notes:create_app(instance_path={instance!r})"
        env = {"NOTES_SECRET_KEY": secrets.token_hex(), "TUMBLER_DEBUG": "0"}
        session.run("tumbler", "--app", app, "init-db", env=env)
        try:
            with _gunicorn(session, app, env, artifacts / "gunicorn.log") as url:
                session.run("pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE_DIR / "e2e"), *session.posargs,
                            env={"NOTES_E2E_URL": url, "NOTES_E2E_ARTIFACTS": str(artifacts)})
        finally:
            session.log(f"Screenshots and gunicorn's log: {artifacts}")
