#!/usr/bin/env python3
"""Tumbler's quick start: needs only Python 3.10+; installs what it needs itself.

    python3 dev.py demo          serve the example app on http://127.0.0.1:5000
    python3 dev.py test          run every test session (nox), slow ones included
    python3 dev.py nox ARGS...   run nox with ARGS (e.g. -s lint, -s bench)

Everything is installed into virtual environments inside the checkout
(``.venv`` for the demo, ``.venv-tools`` for nox), never into the system.
"""

from __future__ import annotations

import os
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


def demo(args: list[str]) -> int:
    python = _venv(ROOT / ".venv")
    packages = sorted(p for p in (ROOT / "packages").iterdir() if (p / "pyproject.toml").is_file() and p.name != "flask-compat")
    example = ROOT / "examples" / "notes"
    _pip(python, *[str(p) for p in packages], "-e", str(example))
    env = dict(os.environ, TUMBLER_APP="notes", TUMBLER_DEBUG="1")
    tumbler = python.parent / "tumbler"
    return subprocess.run([str(tumbler), "demo", *args], cwd=example, env=env).returncode


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
    print(f"dev.py: unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
