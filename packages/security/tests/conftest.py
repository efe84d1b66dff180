"""Shared fixtures: an app with only the security plugin (loaded by its
entry-point name, so the entry point is tested too) and werkzeug's test client.

``test_with_templating.py`` needs tumbler-templating and ``test_cli.py``
tumbler-cli; each is collected only where that plugin is installed (the
integration session). Alone, the plugin must work with the kernel only.
"""

from __future__ import annotations

import importlib.util
import typing as t

import pytest
import tumbler
from werkzeug.test import Client

collect_ignore = []
if not importlib.util.find_spec("tumbler_templating"):
    collect_ignore.append("test_with_templating.py")
if not importlib.util.find_spec("tumbler_cli"):
    collect_ignore.append("test_cli.py")

#: Long, random-looking, not well known: passes the production checks.
GOOD_KEY = "4f1c0e0a9b7d43f0a8e2c6b1d5f39e7a"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("TUMBLER_PLUGINS", "TUMBLER_DISABLE_PLUGINS", "TUMBLER_PLUGINS_AUTOLOAD", "TUMBLER_DEBUG"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def make_app() -> t.Callable[..., tumbler.App]:
    """An app with the security plugin and ``config``; TESTING unless told otherwise."""

    def make(**config: t.Any) -> tumbler.App:
        config.setdefault("SECRET_KEY", GOOD_KEY)
        config.setdefault("TESTING", True)
        return tumbler.App("security_app", plugins=["security"], config=config)

    return make


@pytest.fixture
def app(make_app: t.Callable[..., tumbler.App]) -> tumbler.App:
    app = make_app()

    @app.route("/", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def index() -> str:
        return f"done {tumbler.request.method}"

    return app


@pytest.fixture
def client(app: tumbler.App) -> Client:
    return Client(app)
