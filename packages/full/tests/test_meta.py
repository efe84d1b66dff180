"""The meta-package lists every first-party package, pinned to one version."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGES = Path(__file__).resolve().parents[2]
#: Packages that are deliberately not part of the full install.
NOT_IN_META = {"tumbler-framework", "tumbler-flask-compat"}


def _project(folder: Path) -> dict:
    with open(folder / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def _pins() -> dict[str, str]:
    pins = {}
    for req in _project(PACKAGES / "full")["dependencies"]:
        name, op, version = re.match(r"([A-Za-z0-9_.-]+)\s*(==)?\s*(\S*)", req).groups()
        assert op == "==", f"{req!r} in packages/full is not pinned with =="
        pins[name.lower()] = version
    return pins


def test_every_first_party_package_is_pinned_at_the_meta_version():
    meta_version = _project(PACKAGES / "full")["version"]
    first_party = {
        _project(p)["name"].lower(): _project(p)["version"]
        for p in PACKAGES.iterdir()
        if (p / "pyproject.toml").is_file()
    }
    expected = {name: version for name, version in first_party.items() if name not in NOT_IN_META}
    pins = _pins()
    missing = sorted(set(expected) - set(pins))
    assert not missing, f"packages/full/pyproject.toml does not depend on {missing}"
    drift = {name: (pins[name], version) for name, version in expected.items() if pins[name] != version}
    assert not drift, f"pins differ from the packages' versions (pin, actual): {drift}"
    assert set(expected.values()) == {meta_version}, "every first-party package must share the meta-package's version"


def test_installed_distributions_match_the_pins():
    for name, version in _pins().items():
        assert metadata.version(name) == version


def test_every_plugin_is_discovered_by_a_plain_app():
    from tumbler import App

    names = {info.name for info in App(__name__).plugins.list()}
    assert {"templating", "sessions", "signals", "cli", "testing", "security"} <= names
