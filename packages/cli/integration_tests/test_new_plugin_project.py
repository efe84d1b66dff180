"""``tumbler new-plugin``: the generated project, installed with pip into a
fresh virtualenv next to the local tumbler-core and tumbler-testing, passes
its own tests. Slow (a venv and pip): the integration session runs it once."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from click.testing import CliRunner
from tumbler_cli import main_group

PACKAGES = Path(__file__).resolve().parents[2]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_a_generated_plugin_passes_its_own_tests(tmp_path):
    result = CliRunner().invoke(main_group, ["new-plugin", "request-timer", "-d", str(tmp_path / "plugin")])
    assert result.exit_code == 0, result.output
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    install = run(
        python, "-m", "pip", "install", "-q",
        PACKAGES / "core", PACKAGES / "testing", f"{tmp_path / 'plugin'}[test]",
        cwd=tmp_path,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout + install.stderr
    tests = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "plugin", cwd=tmp_path)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "5 passed" in tests.stdout
    listed = run(python, "-c", "import tumbler; print(tumbler.App('x').plugins['request-timer'])", cwd=tmp_path)
    assert "distribution='tumbler-request-timer'" in listed.stdout, listed.stderr
