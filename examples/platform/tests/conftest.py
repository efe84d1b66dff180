"""Apps of the Toolbox platform for the tests: a deployment (named, or written
here as JSON), an instance folder in tmp_path, no TUMBLER_*/TOOLBOX_* variables
from the shell running the tests."""

from __future__ import annotations

import json
import os
import typing as t

import pytest
import toolbox
from tumbler import App

FEATURES = ("status", "audit", "notices")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith(("TUMBLER_", "TOOLBOX_")):
            monkeypatch.delenv(key)


@pytest.fixture
def deployment(tmp_path) -> t.Callable[..., str]:
    """``deployment(**settings)``: the path of a deployment file holding ``settings``."""

    def write(name: str = "custom", **settings: t.Any) -> str:
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(settings))
        return str(path)

    return write


@pytest.fixture
def make(tmp_path, deployment) -> t.Callable[..., App]:
    """``make("staff")`` or ``make(only=["status"])`` (the core app plus exactly
    these feature plugins: the others are denied), with test settings."""

    def build(name: str | None = None, *, only: t.Iterable[str] | None = None, **config: t.Any) -> App:
        if only is not None:
            name = deployment("only", DISABLE_PLUGINS=[p for p in FEATURES if p not in only])
        config = {"TESTING": True, "AUDIT_DATABASE": str(tmp_path / "audit.sqlite3"), **config}
        return toolbox.create_app(name, config, instance_path=str(tmp_path / "instance"))

    return build
