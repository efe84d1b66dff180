"""Shared fixtures: an app with only the sessions plugin (loaded by its
entry-point name) and werkzeug's test client, which keeps cookies.

``test_with_templating.py`` needs the real templating plugin; it is collected
only where tumbler-templating is installed (the integration session). Here,
alone, ``test_template_context.py`` proves the same contract with a stand-in.
``test_redis.py`` runs where ``TUMBLER_TEST_REDIS_URL`` names a redis-server
(the ``sessions_redis`` session).
"""

from __future__ import annotations

import importlib.util
import os
import typing as t

import pytest
import tumbler
from werkzeug.test import Client

collect_ignore = [] if importlib.util.find_spec("tumbler_templating") else ["test_with_templating.py"]
# the Redis backend needs a running redis-server: `nox -s sessions_redis` starts one and sets the URL
if not os.environ.get("TUMBLER_TEST_REDIS_URL"):
    collect_ignore.append("test_redis.py")

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
    yield
    assert not tumbler.has_request_context(), "a test leaked a request context"
    assert not tumbler.has_app_context(), "a test leaked an app context"


@pytest.fixture
def app() -> tumbler.App:
    return tumbler.App("sessions_app", plugins=["sessions"], config={"SECRET_KEY": "test key"})


@pytest.fixture
def client(app: tumbler.App) -> Client:
    return Client(app)
