"""Shared fixtures: a bare app with no plugins, and werkzeug's test client.

The kernel is tested with werkzeug's own :class:`~werkzeug.test.Client`, so
these tests need no plugin (the test client plugin is a separate package).
"""

from __future__ import annotations

import importlib
import os
import sys
import textwrap
import typing as t
from pathlib import Path

import pytest
import tumbler
from werkzeug.test import Client

ENV_KEYS = (
    "TUMBLER_PLUGINS",
    "TUMBLER_DISABLE_PLUGINS",
    "TUMBLER_PLUGINS_AUTOLOAD",
    "TUMBLER_REQUIRE_PLUGINS",
    "TUMBLER_TRACE_PLUGINS",
    "TUMBLER_DEBUG",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees plugin or debug switches from the developer's shell."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(autouse=True)
def _no_leaked_context() -> t.Iterator[None]:
    """Every test must leave no app or request context behind."""
    yield
    assert not tumbler.has_request_context(), "a test leaked a request context"
    assert not tumbler.has_app_context(), "a test leaked an app context"


@pytest.fixture
def app() -> tumbler.App:
    """An app with no plugins, rooted in this folder (its ``static/`` is here)."""
    return tumbler.App("test_app", root_path=os.path.dirname(__file__), plugins=[])


@pytest.fixture
def client(app: tumbler.App) -> Client:
    return Client(app)


@pytest.fixture
def make_dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[t.Callable[..., Path]]:
    """Lay out an installed distribution (a ``.dist-info`` folder and its
    modules) in a folder on ``sys.path``, as an installer would.

    ``make_dist("tumbler-foo", "1.0", {"foo": "foo_plugin"}, {"foo_plugin": "source"})``
    """
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    modules: list[str] = []

    def make(dist: str, version: str, entry_points: dict[str, str], sources: dict[str, str]) -> Path:
        info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        lines = [f"{name} = {target}" for name, target in entry_points.items()]
        (info / "entry_points.txt").write_text("[tumbler.plugins]\n" + "\n".join(lines) + "\n")
        for module, source in sources.items():
            (site / f"{module}.py").write_text(textwrap.dedent(source))
            modules.append(module)
        importlib.invalidate_caches()
        return info

    yield make
    for module in modules:
        sys.modules.pop(module, None)
