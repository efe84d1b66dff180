"""``nox -s build`` makes the wheelhouse; ``nox -s install`` proves that it installs and runs.

``build`` writes an sdist and a wheel of every folder under ``packages/`` into
``dist/`` (the wheel is built from the sdist, so a file missing from the sdist
shows up), checks them with ``twine check --strict`` and checks that each
carries the LICENSE. ``install`` builds ``dist/`` and then, in fresh virtual
environments, installs our packages from ``dist/`` only (third-party
libraries come from the package index) and checks what a user would:
the meta-package serves the README's hello app, the kernel alone brings no
plugin library, kernel plus templating renders a template, and the
Dockerfile's install and start command serve the example app.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import tarfile
import tempfile
import time
import typing as t
import urllib.error
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nox
from nox_support import PACKAGES_DIR, PLUGIN_LIBRARIES, ROOT, free_port, project, pytest, wait_for_http

DIST = ROOT / "dist"
BUILD_TOOLS = ("build>=1.2", "hatchling>=1.27", "twine>=6.1")


def packages() -> list[Path]:
    """Every package folder: a folder under ``packages/`` with a ``pyproject.toml``."""
    return [p for p in sorted(PACKAGES_DIR.iterdir()) if (p / "pyproject.toml").is_file()]


def build_wheelhouse(session: nox.Session) -> list[Path]:
    """Build every package into a clean ``dist/``, check the files, return them."""
    session.install(*BUILD_TOOLS)
    license_text = (ROOT / "LICENSE").read_text()
    for folder in packages():
        if not (folder / "LICENSE").is_file() or (folder / "LICENSE").read_text() != license_text:
            session.error(
                f"{folder.relative_to(ROOT)}/LICENSE is missing or differs from LICENSE: cp LICENSE {folder.relative_to(ROOT)}/"
            )
    shutil.rmtree(DIST, ignore_errors=True)
    for folder in packages():
        # --no-isolation: the build tools above, instead of a fresh build venv per package.
        session.run("python", "-m", "build", "--no-isolation", "--outdir", str(DIST), str(folder), silent=True)
    files = sorted(DIST.iterdir())
    session.run("twine", "check", "--strict", *map(str, files))
    for file in files:
        if "LICENSE" not in {Path(name).name for name in archive_names(file)}:
            session.error(f"{file.name} holds no LICENSE file.")
    expected = 2 * len(packages())
    if len(files) != expected:
        session.error(f"dist/ holds {len(files)} files, expected {expected} (an sdist and a wheel per package).")
    session.log("dist/:\n  " + "\n  ".join(f.name for f in files))
    return files


def archive_names(file: Path) -> list[str]:
    if file.suffix == ".whl":
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    with tarfile.open(file) as archive:
        return archive.getnames()


@nox.session
def build(session: nox.Session) -> None:
    """An sdist and a wheel of every package in dist/, checked with twine check --strict."""
    build_wheelhouse(session)


class FreshVenv:
    """A new virtual environment outside nox's, as a user would make one."""

    def __init__(self, session: nox.Session, path: Path) -> None:
        self.session = session
        self.path = path
        venv.EnvBuilder(with_pip=True, clear=True).create(path)
        self.bin = path / ("Scripts" if os.name == "nt" else "bin")
        self.python = str(self.bin / "python")

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
        return {**env, "PATH": f"{self.bin}{os.pathsep}{env.get('PATH', '')}", "VIRTUAL_ENV": str(self.path), **extra}

    def pip_install(self, *args: str, find_links: bool = True) -> None:
        """``pip install --find-links dist ARGS`` from the repository's root; fails unless every tumbler-* came from dist/."""
        report = self.path / "install-report.json"
        links = ["--find-links", str(DIST)] if find_links else []
        command = [self.python, "-m", "pip", "install", "--quiet", *links, "--report", str(report), *args]
        with self.session.chdir(ROOT):
            self.session.run(*command, external=True, env=self.env(), silent=True)
        installed = json.loads(report.read_text())["install"]
        for item in installed:
            name, url = item["metadata"]["name"], item["download_info"]["url"]
            if (
                name.startswith("tumbler-")
                and not url.startswith(DIST.as_uri())
                and not name.startswith("tumbler-example")
            ):
                self.session.error(f"{name} was installed from {url}, not from dist/.")

    def distributions(self) -> set[str]:
        out = self.check_output(
            "-c", "import importlib.metadata as m; print(*(d.metadata['Name'].lower() for d in m.distributions()))"
        )
        return set(out.split())

    def check_output(self, *args: str, cwd: Path | None = None) -> str:
        """Run this venv's python with ``args``; its output, or the session stops with its error output."""
        done = subprocess.run([self.python, *args], capture_output=True, text=True, cwd=cwd, env=self.env())
        if done.returncode != 0:
            self.session.error(f"python in {self.path.name} failed (exit status {done.returncode}):\n{done.stderr}")
        return done.stdout


@contextmanager
def serving(
    session: nox.Session, command: list[str] | str, env: dict[str, str], cwd: Path, url: str
) -> Iterator[t.Callable[[], str]]:
    """Start a server, wait until ``url`` answers (any HTTP status), always stop it; yields its output so far."""
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        shell=isinstance(command, str),
        start_new_session=True,
    )

    def output() -> str:
        log.seek(0)
        return log.read().decode(errors="replace")[-4000:]

    try:
        wait_for_http(session, url, server, "The server", output, timeout=60)
        yield output
    finally:
        stop(server)
        log.close()


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a server started in its own session, and whatever it started (a shell's child)."""
    for signal_number, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, None)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal_number)
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def readme_hello_app() -> str:
    """The Python block under README.md's "Hello, world" heading."""
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^## Hello, world\n.*?```python\n(.*?)```", readme, re.S | re.M)
    if match is None:
        raise RuntimeError("README.md has no python block under '## Hello, world'")
    return match.group(1)


def check_full_install(session: nox.Session, work: Path) -> None:
    env = FreshVenv(session, work / "venv-full")
    env.pip_install("tumbler-framework")
    wanted = _pins_of("tumbler-framework") | {"tumbler-framework"}
    missing = wanted - env.distributions()
    if missing:
        session.error(f"pip install tumbler-framework did not install {', '.join(sorted(missing))}.")
    app_dir = work / "hello"
    app_dir.mkdir()
    (app_dir / "hello.py").write_text(readme_hello_app())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(env.bin / "tumbler"), "--app", "hello", "run", "--port", str(port)]
    # Without a secret key, tumbler-security stops `tumbler run` at startup with one sentence.
    refused = subprocess.run(command, env=env.env(), cwd=app_dir, capture_output=True, text=True, timeout=60)
    if refused.returncode == 0 or "SECRET_KEY is not set" not in refused.stderr:
        session.error(
            "Without TUMBLER_SECRET_KEY, `tumbler run` of the README's hello app should stop at startup"
            f" naming SECRET_KEY; it exited {refused.returncode} with:\n{refused.stderr[-2000:]}"
        )
    keyed = {**env.env(), "TUMBLER_SECRET_KEY": secrets.token_hex(32)}
    with serving(session, command, keyed, app_dir, base + "/") as output:
        status, body, _ = get(base + "/")
        if (status, body) != (200, "Hello, World!"):
            session.error(f"The README's hello app answered {status} {body[:200]!r} on /; the server said:\n{output()}")
        status, body, headers = get(base + "/user/7")
        if status != 200 or json.loads(body) != {"id": 7} or "json" not in headers.get("Content-Type", ""):
            session.error(f"The README's hello app answered {status} {body!r} on /user/7.")
    session.log(f"tumbler-framework: {len(wanted)} distributions, the README's hello app served by `tumbler run`")


def _pins_of(name: str) -> set[str]:
    folder = next(p for p in packages() if project(p)["name"] == name)
    return {re.split(r"[\s<>=!~\[;]", req, maxsplit=1)[0] for req in project(folder).get("dependencies", [])}


KERNEL_ALONE = """
from tumbler import App
from werkzeug.test import Client
app = App("alone")
@app.get("/<int:n>")
def double(n):
    return {"double": 2 * n}
response = Client(app).get("/21")
assert response.status_code == 200 and response.get_json() == {"double": 42}, response.data
print("ok")
"""

TEMPLATE_RENDER = """
import pathlib, sys
from tumbler import App
from tumbler_templating import render_template
from werkzeug.test import Client
root = pathlib.Path(sys.argv[1])
(root / "templates").mkdir()
(root / "templates" / "hello.html").write_text("<h1>Hello {{ name }}!</h1>")
app = App("templated", root_path=str(root))
@app.get("/<name>")
def hello(name):
    return render_template("hello.html", name=name)
response = Client(app).get("/<b>")
assert response.status_code == 200 and response.text == "<h1>Hello &lt;b&gt;!</h1>", response.text
print("ok")
"""


def check_kernel_alone(session: nox.Session, work: Path) -> None:
    env = FreshVenv(session, work / "venv-core")
    env.pip_install("tumbler-core")
    present = set(PLUGIN_LIBRARIES) & env.distributions()
    if present:
        session.error(f"pip install tumbler-core also installed {', '.join(sorted(present))}.")
    env.check_output("-c", KERNEL_ALONE)
    session.log(f"tumbler-core alone: serves a request, none of {', '.join(PLUGIN_LIBRARIES)} installed")


def check_kernel_and_templating(session: nox.Session, work: Path) -> None:
    env = FreshVenv(session, work / "venv-templating")
    env.pip_install("tumbler-core", "tumbler-templating")
    extra = {"itsdangerous", "blinker", "click"} & env.distributions()
    if extra:
        session.error(f"pip install tumbler-core tumbler-templating also installed {', '.join(sorted(extra))}.")
    (work / "templated").mkdir()
    env.check_output("-c", TEMPLATE_RENDER, str(work / "templated"))
    session.log("tumbler-core tumbler-templating: renders a template (autoescaped)")


DOCKERFILE = ROOT / "Dockerfile"


def dockerfile() -> tuple[dict[str, str], list[str], list[str]]:
    """The Dockerfile's ENV settings, the arguments of its ``pip install`` and its CMD (exec form)."""
    env: dict[str, str] = {}
    pip_args: list[str] = []
    cmd: list[str] = []
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    for line in text.splitlines():
        instruction, _, rest = line.strip().partition(" ")
        if instruction == "ENV":
            env.update(item.split("=", 1) for item in shlex.split(rest))
        elif instruction == "RUN":
            for step in rest.split("&&"):
                words = shlex.split(step)
                if words[:2] == ["pip", "install"]:
                    pip_args = words[2:]
        elif instruction == "CMD":
            cmd = json.loads(rest)
    if not pip_args or not cmd:
        raise RuntimeError("The Dockerfile needs a RUN ... pip install ... step and a CMD in exec form.")
    return env, pip_args, cmd


def check_dockerfile(session: nox.Session, work: Path) -> None:
    """Install the way the Dockerfile does (from the repository root, which the image mirrors) and run its CMD."""
    image_env, pip_args, cmd = dockerfile()
    env = FreshVenv(session, work / "venv-docker")
    env.pip_install(*[arg for arg in pip_args if arg != "--no-cache-dir"], find_links=False)
    port = free_port()
    # The image listens on every interface of its own network; here, loopback only.
    command = [part.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for part in cmd]
    if command == cmd:
        session.error("The Dockerfile's CMD does not bind 0.0.0.0:8000.")
    home = work / "home"
    home.mkdir()
    run_env = env.env(
        **{
            **{k: v for k, v in image_env.items() if k not in {"PATH", "VIRTUAL_ENV"}},
            "HOME": str(home),
            # What `docker run -e ...` passes (documented in the Dockerfile).
            "NOTES_SECRET_KEY": secrets.token_hex(32),
            "WEB_CONCURRENCY": "3",
            "SESSION_COOKIE_SECURE": "0",
            "TRUSTED_HOSTS": "127.0.0.1",
        }
    )
    base = f"http://127.0.0.1:{port}"
    with serving(session, command, run_env, home, base + "/auth/login") as output:
        status, body, _ = get(base + "/auth/login")
        if status != 200 or "<form" not in body:
            session.error(f"The Dockerfile's app answered {status} on /auth/login:\n{body[:500]}")
        deadline = time.monotonic() + 20
        while output().count("Booting worker") < 3:  # the CMD reads WEB_CONCURRENCY
            if time.monotonic() > deadline:
                session.error(f"WEB_CONCURRENCY=3, but gunicorn did not boot 3 workers:\n{output()}")
            time.sleep(0.3)
    session.log(f"Dockerfile: installed as it does, its CMD served /auth/login ({' '.join(command)})")


@nox.session(tags=["ci"])
def install(session: nox.Session) -> None:
    """Build dist/, then install from it in fresh venvs: everything, the kernel alone, kernel plus templating, the Dockerfile."""
    session.install("pytest>=8", "tomli>=2; python_version < '3.11'")
    pytest(session, str(ROOT / "tools" / "tests"))  # dev.py bump and the one-version rule
    build_wheelhouse(session)
    with tempfile.TemporaryDirectory(prefix="tumbler-install-") as tmp:
        work = Path(tmp)
        check_kernel_alone(session, work)
        check_kernel_and_templating(session, work)
        check_full_install(session, work)
        check_dockerfile(session, work)
