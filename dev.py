#!/usr/bin/env python3
"""Tumbler's quick start: needs only Python 3.10+; installs what it needs itself.

    python3 dev.py demo          serve the example app on http://127.0.0.1:5000
    python3 dev.py test          run every test session (nox), slow ones included
    python3 dev.py nox ARGS...   run nox with ARGS (e.g. -l, -s lint, -s build)
    python3 dev.py bump VERSION  set every package's version, and every pin on them, to VERSION

Everything is installed into virtual environments inside the checkout
(``.venv`` for the demo, ``.venv-tools`` for nox), never into the system.
``demo`` reinstalls only the packages whose files changed since its last run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NOX_REQUIREMENT = "nox>=2024.10.9"


def _venv(path: Path) -> Path:
    python = path / ("Scripts" if os.name == "nt" else "bin") / "python"
    if not python.exists():
        print(f"dev.py: creating {path.name}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(path)
    return python


def _pip(python: Path, *args: str) -> None:
    subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", *args], check=True)


def nox(args: list[str]) -> int:
    python = _venv(ROOT / ".venv-tools")
    _pip(python, NOX_REQUIREMENT)
    return subprocess.run([str(python), "-m", "nox", "-f", str(ROOT / "noxfile.py"), *args], cwd=ROOT).returncode


#: Folders and files that are not part of an installed package (skipped by the change check).
_NOT_INSTALLED = {"tests", "__pycache__", "build", "dist", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def packages() -> list[Path]:
    """Every package folder: a folder under ``packages/`` with a ``pyproject.toml``."""
    return sorted(p for p in (ROOT / "packages").iterdir() if (p / "pyproject.toml").is_file())


def source_hash(folder: Path) -> str:
    """A hash of the files of ``folder`` that an install copies (tests and caches left out)."""
    digest = hashlib.sha256()
    for directory, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _NOT_INSTALLED and not d.endswith(".egg-info"))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(directory, name)
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def demo(args: list[str]) -> int:
    venv_dir = ROOT / ".venv"
    python = _venv(venv_dir)
    example = ROOT / "examples" / "notes"
    # The compat package is not needed by the example app.
    wanted = {p.name: source_hash(p) for p in packages() if p.name != "flask-compat"}
    wanted["examples/notes"] = hashlib.sha256((example / "pyproject.toml").read_bytes()).hexdigest()  # editable
    wanted["python"] = sys.version
    stamp = venv_dir / "tumbler-demo-installed.json"
    installed = json.loads(stamp.read_text()) if stamp.is_file() else {}
    changed = sorted(key for key, value in wanted.items() if installed.get(key) != value)
    if changed:
        # Only what changed; pip leaves dependencies that are already satisfied alone.
        targets = [str(ROOT / "packages" / name) for name in changed if (ROOT / "packages" / name).is_dir()]
        if "examples/notes" in changed or "python" in changed:
            targets += ["-e", str(example)]
        print(f"dev.py: installing {', '.join(c for c in changed if c != 'python')} into .venv", flush=True)
        stamp.unlink(missing_ok=True)
        _pip(python, *targets)
        stamp.write_text(json.dumps(wanted, indent=1))
    env = dict(os.environ, TUMBLER_APP="notes", TUMBLER_DEBUG="1")
    tumbler = python.parent / "tumbler"
    return subprocess.run([str(tumbler), "demo", *args], cwd=example, env=env).returncode


_VERSION = re.compile(r'^version = "([^"]+)"$', re.M)
_NAME = re.compile(r'^name = "([^"]+)"$', re.M)


def bump(args: list[str]) -> int:
    """Set every package's version, each ``__version__`` and every requirement on a package to one version."""
    if len(args) != 1 or not re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", args[0]):
        print("dev.py bump: give one version, for example: python3 dev.py bump 0.2.0", file=sys.stderr)
        return 2
    new = args[0]
    names = []
    for folder in packages():
        text = (folder / "pyproject.toml").read_text()
        names.append(_NAME.search(text).group(1))
    # A requirement on one of our packages: its name (any extras), an operator, a version.
    alternatives = "|".join(map(re.escape, names))
    pin = re.compile(r'("(?:' + alternatives + r')(?:\[[^\]]*\])?\s*(?:==|>=|~=|<=|!=|>|<)\s*)[^",;\s]+')
    projects = [f / "pyproject.toml" for f in packages()]
    projects += sorted((ROOT / "examples").glob("*/pyproject.toml"))
    for path in projects:
        text = path.read_text()
        if path.parent.parent.name == "packages":
            text = _VERSION.sub(f'version = "{new}"', text, count=1)
        text = pin.sub(lambda m: m.group(1) + new, text)
        path.write_text(text)
    for init in sorted((ROOT / "packages").glob("*/src/*/__init__.py")):
        text = init.read_text()
        updated = re.sub(r'^__version__ = "[^"]*"$', f'__version__ = "{new}"', text, count=1, flags=re.M)
        if updated != text:
            init.write_text(updated)
    print(f"dev.py: {len(names)} packages and every pin on them are at {new}")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return demo(rest)
    if command == "test":
        return nox(["-t", "ci", *rest])  # every session tagged "ci", in noxfile order
    if command == "nox":
        return nox(rest)
    if command == "bump":
        return bump(rest)
    print(f"dev.py: unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
