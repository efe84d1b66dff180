"""What every nox session shares: where the packages are, and how to install one alone.

``noxfile.py`` defines the per-package sessions; the larger suites live one
module each in ``tools/nox_sessions/`` and import what they need from here.
A session that ``python3 dev.py test`` (and so CI) must run carries the tag
``ci``; the order of a run is the order in which sessions are defined.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import typing as t
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nox

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGES_DIR = ROOT / "packages"
EXAMPLES_DIR = ROOT / "examples"

#: Libraries that belong to plugins: the kernel must work without them.
PLUGIN_LIBRARIES = ("jinja2", "itsdangerous", "blinker", "click")


def project(folder: Path) -> dict:
    """The ``[project]`` table of ``folder/pyproject.toml``."""
    with open(folder / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def local_dists() -> dict[str, Path]:
    """Distribution name -> folder, for every package in the monorepo."""
    return {
        project(p)["name"].lower(): p
        for p in sorted(PACKAGES_DIR.iterdir())
        if (p / "pyproject.toml").is_file()
    }


def local_closure(folder: Path) -> list[Path]:
    """``folder`` and the local packages it depends on, transitively."""
    dists = local_dists()
    seen: list[Path] = []
    todo = [folder]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.append(current)
        for req in project(current).get("dependencies", []):
            name = re.split(r"[\s<>=!~\[;]", req, maxsplit=1)[0].lower()
            if name in dists:
                todo.append(dists[name])
    return seen


def tested_packages() -> list[str]:
    """Every folder under ``packages/`` with a ``pyproject.toml`` and a ``tests/`` folder."""
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
    others = [str(p) for p in local_closure(folder) if p != folder]
    session.install(*others, f"{folder}[{extras}]" if extras else str(folder))
    nodeps = folder / "test-requirements-nodeps.txt"
    if extras and nodeps.is_file():
        session.install("--no-deps", "-r", str(nodeps))


def pytest(session: nox.Session, *args: str, **kwargs) -> None:
    """pytest, quiet and without a cache folder; exit 5 (no test ran) fails like any other."""
    session.run("pytest", "-q", "-p", "no:cacheprovider", *args, **kwargs)


def apt_install(session: nox.Session, packages: dict[str, str], why: str) -> None:
    """Install Debian packages with apt-get unless every path in ``packages`` exists.

    ``packages`` maps a Debian package name to a file it provides (checked
    before and after). Needs root and apt-get; otherwise the session stops
    with the command a user would run.
    """
    missing = {name: path for name, path in packages.items() if not Path(path).exists()}
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        session.error(
            f"{why} needs {', '.join(missing.values())} and cannot install it here (it needs apt-get and root)."
            f" Install Debian's packages: apt-get install {' '.join(missing)}"
        )
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-q", external=True, env=env)
    session.run("apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, external=True, env=env)
    still = [path for path in missing.values() if not Path(path).exists()]
    if still:
        session.error(f"apt-get installed {' '.join(missing)}, but {', '.join(still)} is still missing.")


def free_port() -> int:
    """A free loopback port (released just before the caller's server takes it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_process(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    """Send ``sig`` to ``process`` if it still runs, wait up to ``timeout`` seconds, then kill it."""
    if process.poll() is None:
        process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for_http(
    session: nox.Session,
    url: str,
    process: subprocess.Popen,
    what: str,
    output: t.Callable[[], str],
    timeout: float = 30,
) -> None:
    """Return once ``url`` answers with any HTTP status; stop the session (with ``output()``,
    the server's log) if ``process`` exits first or nothing answers within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            session.error(f"{what} stopped (exit status {process.returncode}):\n{output()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            if time.monotonic() > deadline:
                session.error(f"{what} did not answer on {url} within {timeout:g} s:\n{output()}")
            time.sleep(0.2)


@contextlib.contextmanager
def gunicorn(
    session: nox.Session,
    app: str,
    env: dict[str, str],
    log_path: Path,
    *,
    ready_path: str = "/",
    args: tuple[str, ...] = ("--workers", "2"),
    port: int | None = None,
) -> Iterator[str]:
    """Serve ``app`` with the session's gunicorn on a free loopback port; yield its URL; always stop it.

    The server counts as ready once ``ready_path`` answers with any HTTP status.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(Path(session.bin) / "gunicorn"), *args, "--bind", f"127.0.0.1:{port}", "--access-logfile", "-", app]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_http(session, url + ready_path, server, "gunicorn", log_path.read_text)
        session.log(f"gunicorn serves {app} on {url} ({' '.join(args)})")
        yield url
    finally:
        stop_process(server)


def install_chromium(session: nox.Session) -> None:
    """Debian's chromium and chromium-driver (and readable fonts), installed with apt-get when missing."""
    apt_install(
        session,
        {"chromium": "/usr/bin/chromium", "chromium-driver": "/usr/bin/chromedriver",
         "fonts-liberation": "/usr/share/fonts/truetype/liberation"},
        "This browser session",
    )


def _postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's ``bin`` folder (Debian: /usr/lib/postgresql/<version>/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


@contextlib.contextmanager
def postgres_server(session: nox.Session, database: str = "tumbler") -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a free loopback port; yield ``postgresql://...`` of ``database``; always stop it.

    Debian's ``postgresql`` is installed with apt-get when missing. The cluster
    lives in a temporary folder (deleted afterwards) and, since PostgreSQL
    refuses to run as root, runs as ``nobody`` when the session is root.
    Durability is off (``fsync=off``): it is for tests only.
    """
    import pwd
    import tempfile

    if _postgres_bin() is None:
        apt_install(session, {"postgresql": "/usr/lib/postgresql"}, "This PostgreSQL session")
    bin_dir = _postgres_bin()
    if bin_dir is None:
        session.error("apt-get installed postgresql, but there is no /usr/lib/postgresql/<version>/bin/initdb.")
    run_as: dict[str, int] = {}
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        run_as = {"user": nobody.pw_uid, "group": nobody.pw_gid}
    folder = Path(tempfile.mkdtemp(prefix="tumbler-postgres-"))
    server = None
    try:
        if run_as:
            os.chown(folder, run_as["user"], run_as["group"])
        data, log_path = folder / "data", folder / "postgres.log"
        subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True, cwd=folder, **run_as,
        )
        port = free_port()
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                [str(bin_dir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port), "-k", str(folder),
                 "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
                stdout=log, stderr=subprocess.STDOUT, cwd=folder, **run_as,
            )
        deadline = time.monotonic() + 30
        while subprocess.run([str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]).returncode:
            if server.poll() is not None or time.monotonic() > deadline:
                session.error(f"PostgreSQL did not start on 127.0.0.1:{port}:\n{log_path.read_text()}")
            time.sleep(0.2)
        subprocess.run(
            [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", database], check=True
        )
        session.log(f"PostgreSQL ({bin_dir.parent.name}) serves {database!r} on 127.0.0.1:{port}, data in {folder}")
        yield f"postgresql://postgres@127.0.0.1:{port}/{database}"
    finally:
        if server is not None:
            stop_process(server, signal.SIGINT, timeout=15)  # SIGINT: PostgreSQL's "fast shutdown"
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def redis_server(session: nox.Session, log_path: Path | None = None, *, port: int | None = None) -> Iterator[str]:
    """A throw-away ``redis-server`` (Debian's, installed when missing) on a free
    loopback port, keeping nothing on disk; yield its URL (``redis://127.0.0.1:PORT/0``);
    always stop it.
    """
    apt_install(session, {"redis-server": "/usr/bin/redis-server"}, "This Redis session")
    port = port or free_port()
    command = ["/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", str(port),
               "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", str(log_path or "")]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            if server.poll() is not None:
                session.error(f"redis-server stopped (exit status {server.returncode}); log: {log_path}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                session.error(f"redis-server did not answer on 127.0.0.1:{port} within 20 s; log: {log_path}")
            time.sleep(0.1)
        session.log(f"redis-server on 127.0.0.1:{port}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop_process(server)
