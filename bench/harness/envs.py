"""One virtualenv per environment, (re)built only when its inputs change; and wrk.

A virtualenv is reused while a stamp of its inputs (Python version, pinned
requirements file) is unchanged. Tumbler's packages change all the time while the
kernel is written, so they have their own stamp (a hash of their files, tests
excluded): when only that changes, they alone are uninstalled and installed again
from the checkout (not editable, as a user installs them), not the whole
environment.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from harness.columns import Environment

BENCH_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BENCH_DIR.parent

_SKIPPED_PARTS = {
    "tests",
    "__pycache__",
    "build",
    "dist",
    ".nox",
    ".venv",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
}
_PIP_ENV = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}


class Unavailable(Exception):
    """A column cannot be measured; the message says why, for the report."""


def _local_dirs(env: Environment) -> list:
    dirs = []
    for name in env.local_packages:
        folder = REPO_DIR / "packages" / name
        if not (folder / "pyproject.toml").is_file():
            raise Unavailable(f"packages/{name} has no pyproject.toml yet")
        dirs.append(folder)
    return dirs


def _distribution_name(folder: Path) -> str:
    text = (folder / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^\s*name\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if match is None:
        raise Unavailable(f"packages/{folder.name}/pyproject.toml names no project")
    return match.group(1)


def _hash_tree(folders: list) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(REPO_DIR)
            if not path.is_file() or _SKIPPED_PARTS.intersection(relative.parts):
                continue
            if path.suffix in {".pyc", ".pyo"} or ".egg-info" in str(relative):
                continue
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _pip(python: Path, args: list, log: Path, what: str) -> None:
    env = dict(os.environ, **_PIP_ENV)
    with log.open("a") as out:
        out.write(f"\n$ pip {' '.join(args)}\n")
        out.flush()
        try:
            done = subprocess.run(
                [str(python), "-m", "pip", *args], stdout=out, stderr=subprocess.STDOUT, env=env, timeout=900
            )
        except subprocess.TimeoutExpired:
            raise Unavailable(f"{what} timed out (log: {log})") from None
    if done.returncode != 0:
        raise Unavailable(f"{what} failed: {_pip_error(log)} (log: {log})")


def _pip_error(log: Path) -> str:
    """The most telling line of a failed pip run: a build's exception, else pip's error."""
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    for pattern in (r"^[\w.]*(Error|Exception): ", r"^ERROR: ", r"^error: "):
        found = [line for line in lines if re.match(pattern, line)]
        if found:
            return found[-1][:200]
    return lines[-1][:200] if lines else "(no output)"


def ensure_env(env: Environment, envs_dir: Path, say: Callable[[str], None], retry: bool = False) -> Path:
    """The Python of ``env``'s virtualenv, built or refreshed as needed.

    A failed install of Tumbler's packages is remembered: while their files stay
    the same it is reported again without another attempt (``retry`` forces one).
    """
    local = _local_dirs(env)
    venv = envs_dir / env.name
    python = venv / "bin" / "python"
    log = envs_dir / f"{env.name}.log"
    base_stamp = hashlib.sha256(sys.version.encode() + (BENCH_DIR / env.requirements).read_bytes()).hexdigest()
    local_stamp = _hash_tree(local) if local else ""
    base_file, local_file, failed_file = (venv / f".bench-{n}" for n in ("base-stamp", "local-stamp", "failed"))

    def stamp(path: Path) -> str:
        return path.read_text() if path.is_file() else ""

    if not (python.exists() and stamp(base_file) == base_stamp):
        say(f"  {env.name}: creating virtualenv {venv}")
        shutil.rmtree(venv, ignore_errors=True)
        envs_dir.mkdir(parents=True, exist_ok=True)
        log.write_text("")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, stdout=subprocess.DEVNULL)
        _pip(
            python,
            ["install", "-q", "-r", str(BENCH_DIR / env.requirements)],
            log,
            f"pip install -r {env.requirements}",
        )
        base_file.write_text(base_stamp)
    if stamp(local_file) == local_stamp:
        return python
    failed = stamp(failed_file).split("\n", 1)
    if not retry and failed[0] == local_stamp and len(failed) == 2:
        raise Unavailable(f"{failed[1]} (not retried: packages/ unchanged since; --retry-envs to force)")
    say(f"  {env.name}: installing Tumbler's packages from this checkout")
    names = [_distribution_name(folder) for folder in local]
    local_file.unlink(missing_ok=True)
    try:
        _pip(python, ["uninstall", "-y", *names], log, f"uninstalling {', '.join(names)}")
        what = "pip install of " + ", ".join(f"packages/{f.name}" for f in local)
        _pip(python, ["install", "-q", "-r", str(BENCH_DIR / env.requirements), *map(str, local)], log, what)
    except Unavailable as error:
        failed_file.write_text(f"{local_stamp}\n{error}")
        raise
    failed_file.unlink(missing_ok=True)
    local_file.write_text(local_stamp)
    return python


def ensure_wrk(say: Callable[[str], None]) -> tuple[str | None, str | None]:
    """``(path to wrk, None)``, installing Debian's package when root; else ``(None, reason)``."""
    found = shutil.which("wrk")
    if found:
        return found, None
    if os.geteuid() != 0:
        return None, "wrk is not installed and we are not root to apt-get install it"
    if shutil.which("apt-get") is None:
        return None, "wrk is not installed and there is no apt-get to install it"
    say("  installing wrk with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return None, f"'{' '.join(command)}' timed out"
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            return None, f"'{' '.join(command)}' failed: {last[:200]}"
    found = shutil.which("wrk")
    return (found, None) if found else (None, "apt-get installed wrk but it is not on PATH")
