"""pytest fixtures for Tumbler apps: ``app``, ``client``, ``runner``, ``make_app`` and ``plugin_tester``.

Installed with tumbler-testing and loaded by pytest itself (the ``pytest11``
entry point). A project opts in by defining an ``app`` fixture in its
``conftest.py``; ``client`` and ``runner`` are then built from it. With
pytest's plugin autoload off, add
``pytest_plugins = ["tumbler_testing.pytest_plugin"]`` to the conftest.

Nothing here imports Tumbler until a fixture is used, so unrelated test runs
pay nothing for the plugin being installed.
"""

from __future__ import annotations

import os
import typing as t

import pytest

if t.TYPE_CHECKING:
    from tumbler import App

    from .client import TestClient
    from .plugin_tester import AppFactory, PluginTester

__all__ = ["app", "client", "make_app", "plugin_tester", "runner"]

_NO_APP = """\
tumbler-testing: this test uses the '{used_by}' fixture, which needs an 'app'
fixture returning your Tumbler app. Define one in your conftest.py:

    import pytest
    from myproject import create_app

    @pytest.fixture
    def app():
        return create_app({{"TESTING": True}})
"""


@pytest.fixture
def app(request: pytest.FixtureRequest) -> App:
    """Your app. Override this fixture in your ``conftest.py``."""
    used_by = next((name for name in request.fixturenames if name in {"client", "runner"}), "app")
    pytest.fail(_NO_APP.format(used_by=used_by), pytrace=False)


@pytest.fixture
def client(app: App) -> TestClient:
    """A test client for the ``app`` fixture (:func:`tumbler_testing.test_client`)."""
    from .client import test_client

    return test_client(app)


@pytest.fixture
def runner(app: App) -> t.Any:
    """A CLI runner for the ``app`` fixture's commands
    (:func:`tumbler_testing.test_cli_runner`; needs tumbler-cli)."""
    from .cli_runner import test_cli_runner

    return test_cli_runner(app)


@pytest.fixture
def make_app(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> AppFactory:
    """Build apps with a chosen set of plugins, to test a plugin alone, with
    others, or with some denied::

        def test_alone(make_app):
            app = make_app(plugins=["myplugin"])

        def test_with_everything_but_sessions(make_app):
            app = make_app(disable=["sessions"])

    ``TUMBLER_*`` environment variables are cleared for the test, so
    ``TUMBLER_DISABLE_PLUGINS=x pytest`` cannot change which plugins the
    apps load (set one with ``monkeypatch.setenv`` inside a test that wants it).

    :param import_name: the app's import name; the test module's by default,
        so ``templates`` and ``static`` folders are found next to the test.
    :param plugins: exactly these plugins (entry-point names or plugin
        objects); every installed plugin when ``None``.
    :param disable: plugin names to leave out (the ``DISABLE_PLUGINS`` deny-list).
    :param config: initial config; ``TESTING`` is ``True`` unless given.
    :param kwargs: other ``App`` arguments (``root_path``, ``static_folder``, ...).
    """
    from .plugin_tester import ENV_PREFIX, build_app

    for key in [k for k in os.environ if k.startswith(ENV_PREFIX)]:
        monkeypatch.delenv(key)
    default_name = request.module.__name__

    def make(import_name: str | None = None, **kwargs: t.Any) -> App:
        return build_app(import_name or default_name, **kwargs)

    return make


@pytest.fixture
def plugin_tester(request: pytest.FixtureRequest) -> t.Iterator[PluginTester]:
    """A :class:`~tumbler_testing.PluginTester` for this test, like pytest's
    ``pytester``: ``plugin_tester.make_plugin(name, source)`` installs a
    throw-away entry-point plugin, ``plugin_tester.make_app(trace=True)``
    makes an app that finds it, ``plugin_tester.traces`` holds the hook trace.
    ``TUMBLER_*`` variables are cleared; everything is undone after the test.
    """
    from .plugin_tester import PluginTester

    with PluginTester(import_name=request.module.__name__) as tester:
        yield tester
