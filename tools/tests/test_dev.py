"""``python3 dev.py bump`` and the one-version rule of the monorepo."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def projects(root: Path) -> dict[str, dict]:
    """Package folder name -> its [project] table."""
    return {
        p.parent.name: tomllib.loads(p.read_text())["project"]
        for p in sorted((root / "packages").glob("*/pyproject.toml"))
    }


def requirements(table: dict) -> list[str]:
    reqs = list(table.get("dependencies", []))
    for extra in table.get("optional-dependencies", {}).values():
        reqs += extra
    return reqs


def local_pins(root: Path, table: dict) -> list[str]:
    """The requirements of ``table`` that name one of the packages under ``root``."""
    names = {p["name"] for p in projects(root).values()}
    return [r for r in requirements(table) if re.split(r"[\s<>=!~\[;]", r, maxsplit=1)[0] in names]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """dev.py and every file that bump may touch, in a scratch tree."""
    shutil.copy(ROOT / "dev.py", tmp_path)
    for pattern in ("packages/*/pyproject.toml", "packages/*/src/*/__init__.py", "examples/*/pyproject.toml"):
        for path in ROOT.glob(pattern):
            target = tmp_path / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return tmp_path


def bump(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "dev.py", "bump", *args], cwd=root, capture_output=True, text=True)


def test_the_tree_has_one_version() -> None:
    tables = projects(ROOT)
    versions = {name: table["version"] for name, table in tables.items()}
    assert len(set(versions.values())) == 1, f"packages disagree on the version: {versions}; run python3 dev.py bump"
    (version,) = set(versions.values())
    for name, table in tables.items():
        for req in local_pins(ROOT, table):
            assert req.endswith(version), f"packages/{name} pins {req!r}, not {version}"


def test_bump_sets_every_version_and_pin(copy: Path) -> None:
    before = projects(copy)
    result = bump(copy, "0.2.0")
    assert result.returncode == 0, result.stderr
    after = projects(copy)
    assert set(after) == set(before)
    for name, table in after.items():
        assert table["version"] == "0.2.0", name
        pins = local_pins(copy, table)
        assert all(req.endswith("==0.2.0") or req.endswith(">=0.2.0") for req in pins), pins
        # Third-party requirements are left as they were.
        others = [r for r in requirements(table) if r not in pins]
        assert others == [r for r in requirements(before[name]) if r not in local_pins(copy, before[name])]
    assert "tumbler-core==0.2.0" in after["full"]["dependencies"]
    for init in copy.glob("packages/*/src/*/__init__.py"):
        version = re.search(r'^__version__ = "([^"]*)"', init.read_text(), re.M)
        assert version is None or version.group(1) == "0.2.0", init
    for example in copy.glob("examples/*/pyproject.toml"):
        table = tomllib.loads(example.read_text())["project"]
        assert all(req.endswith("0.2.0") for req in local_pins(copy, table)), example


def test_bump_finds_a_package_added_later(copy: Path) -> None:
    new = copy / "packages" / "extra"
    new.mkdir()
    (new / "pyproject.toml").write_text(
        '[project]\nname = "tumbler-extra"\nversion = "0.0.9"\ndependencies = ["tumbler-core>=0.0.1", "attrs>=23"]\n'
    )
    full = copy / "packages" / "full" / "pyproject.toml"
    full.write_text(full.read_text().replace("dependencies = [\n", 'dependencies = [\n    "tumbler-extra==0.0.9",\n'))
    assert bump(copy, "1.0.0rc1").returncode == 0
    extra = projects(copy)["extra"]
    assert extra["version"] == "1.0.0rc1"
    assert extra["dependencies"] == ["tumbler-core>=1.0.0rc1", "attrs>=23"]
    assert "tumbler-extra==1.0.0rc1" in projects(copy)["full"]["dependencies"]


def test_bump_refuses_a_version_that_is_not_one(copy: Path) -> None:
    before = (copy / "packages" / "core" / "pyproject.toml").read_text()
    result = bump(copy, "latest")
    assert result.returncode == 2
    assert "python3 dev.py bump 0.2.0" in result.stderr
    assert (copy / "packages" / "core" / "pyproject.toml").read_text() == before
