"""Small apps for the templating tests: an app on ``tests/templates`` and two
blueprints with folders of their own. Only the templating plugin is loaded,
whatever else is installed."""

from __future__ import annotations

import os
import typing as t

import pytest
import tumbler
from werkzeug.test import Client

HERE = os.path.dirname(os.path.abspath(__file__))
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
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)


def make_app(*plugins: object, **kwargs: t.Any) -> tumbler.App:
    """An app on tests/templates with the templating plugin and ``plugins``."""
    kwargs.setdefault("root_path", HERE)
    return tumbler.App("templating_test", plugins=["templating", *plugins], **kwargs)


def make_blueprint(name: str, **kwargs: t.Any) -> tumbler.Blueprint:
    """A blueprint whose templates are in tests/blueprints/<name>/templates."""
    kwargs.setdefault("template_folder", "templates")
    return tumbler.Blueprint(name, __name__, root_path=os.path.join(HERE, "blueprints", name), **kwargs)


@pytest.fixture
def app() -> tumbler.App:
    app = make_app()
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: tumbler.App) -> Client:
    return Client(app)


@pytest.fixture
def app_ctx(app: tumbler.App) -> t.Iterator[tumbler.AppContext]:
    with app.app_context() as ctx:
        yield ctx


@pytest.fixture
def req_ctx(app: tumbler.App) -> t.Iterator[tumbler.RequestContext]:
    with app.test_request_context() as ctx:
        yield ctx
