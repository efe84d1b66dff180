"""``tumbler security-check``, offered to the real CLI plugin (integration only)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

APP = """
from tumbler import App

app = App(__name__, plugins=["security", "cli"])
app.config.update({config})
"""


def _check(tmp_path: Path, config: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "secapp.py").write_text(textwrap.dedent(APP.format(config=config)))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "NO_COLOR": "1"}
    env.pop("TUMBLER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "tumbler_cli", "--app", "secapp:app", "security-check"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )


def test_a_weak_config_fails_with_every_check_listed(tmp_path: Path) -> None:
    result = _check(tmp_path, '{"SECRET_KEY": "dev"}')
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("fail") and "SECRET_KEY" in lines[0] and "well-known" in lines[0]
    assert any(line.startswith("warn") and "TRUSTED_HOSTS" in line for line in lines)
    assert any(line.startswith("pass") and "DEBUG" in line for line in lines)
    assert lines[-1] == "6 checks: 1 failed, 1 warnings."


def test_a_production_config_passes(tmp_path: Path) -> None:
    config = '{"SECRET_KEY": "4f1c0e0a9b7d43f0a8e2c6b1d5f39e7a", "TRUSTED_HOSTS": ["notes.example"]}'
    result = _check(tmp_path, config)
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(line.startswith("pass") for line in result.stdout.splitlines()[:-1])


@pytest.mark.parametrize("name", ["security-check"])
def test_the_command_is_listed_in_help(tmp_path: Path, name: str) -> None:
    (tmp_path / "secapp.py").write_text(textwrap.dedent(APP.format(config="{}")))
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "tumbler_cli", "--app", "secapp:app", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert name in result.stdout
