from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

APPS = Path(__file__).parent / "apps"


@pytest.fixture(autouse=True)
def _isolated_process_state(tmp_path_factory):
    """Each test starts without TUMBLER_*/WERKZEUG_* variables; what it sets in
    the environment or on ``sys.path`` is undone, and the modules it imported
    from the fixture apps or a temporary folder are forgotten."""
    scratch = (str(APPS), str(tmp_path_factory.getbasetemp()))
    environ = dict(os.environ)
    path = sys.path[:]
    modules = set(sys.modules)
    for name in list(os.environ):
        if name.startswith(("TUMBLER_", "WERKZEUG_")):
            del os.environ[name]
    yield
    os.environ.clear()
    os.environ.update(environ)
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        if str(getattr(sys.modules[name], "__file__", None) or "").startswith(scratch):
            del sys.modules[name]


@pytest.fixture
def apps(monkeypatch):
    """The fixture apps in tests/apps importable (``cliapp.app`` and so on)."""
    monkeypatch.syspath_prepend(str(APPS))
    return APPS


@pytest.fixture
def runner():
    return CliRunner()
