"""Shared fixtures: a bare app with no plugins, and werkzeug's test client.

The kernel is tested with werkzeug's own :class:`~werkzeug.test.Client`, so
these tests need no plugin (the test client plugin is a separate package).
"""

from __future__ import annotations

import os
import typing as t

import pytest
from werkzeug.test import Client

import tumbler

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
