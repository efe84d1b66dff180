"""The pytest fixtures, run through pytest's own ``pytester``."""

from __future__ import annotations

import pytest

APP_CONFTEST = """
import pytest
from tumbler import App

@pytest.fixture
def app():
    app = App("myproject", plugins=["testing"], config={"TESTING": True})

    @app.get("/")
    def index():
        return "hello"

    return app
"""


def test_client_without_an_app_fixture_says_how_to_define_one(pytester: pytest.Pytester):
    pytester.makepyfile(
        """
        def test_index(client):
            client.get("/")
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*this test uses the 'client' fixture, which needs an 'app'*",
            "*Define one in your conftest.py:*",
            "*def app():*",
        ]
    )


def test_client_uses_the_projects_app(pytester: pytest.Pytester):
    pytester.makeconftest(APP_CONFTEST)
    pytester.makepyfile(
        """
        from tumbler_testing import TestClient

        def test_index(client, app):
            assert isinstance(client, TestClient)
            assert client.application is app
            assert client.get("/").text == "hello"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_runner_without_the_cli_plugin_names_tumbler_cli(pytester: pytest.Pytester):
    # the app does not load the 'cli' plugin (and tumbler-cli may not be installed)
    pytester.makeconftest(APP_CONFTEST)
    pytester.makepyfile(
        """
        def test_command(runner):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*RuntimeError: The CLI runner needs the CLI plugin*tumbler-cli*"])


def test_imported_helpers_are_not_collected_as_tests(pytester: pytest.Pytester):
    pytester.makepyfile(
        """
        from tumbler_testing import TestClient, test_cli_runner, test_client

        def test_one():
            pass
        """
    )
    result = pytester.runpytest("-W", "error")
    result.assert_outcomes(passed=1)


MAKE_APP_TESTS = """
import pytest
from tumbler import hookimpl


class Plugin:
    def __init__(self, name):
        self.tumbler_plugin_name = name
        self.configured = []

    @hookimpl
    def tumbler_configure(self, app):
        self.configured.append(app)


def test_plugin_alone(make_app):
    a = Plugin("a")
    app = make_app(plugins=[a])
    assert list(app.plugins) == ["a"]
    assert a.configured == [app]
    assert app.testing is True
    assert app.import_name == __name__


def test_plugin_with_others(make_app):
    app = make_app(plugins=[Plugin("a"), "testing"])
    assert sorted(app.plugins) == ["a", "testing"]


def test_deny_list(make_app):
    app = make_app(plugins=[Plugin("a"), Plugin("b")], disable=["b"])
    assert list(app.plugins) == ["a"]


def test_deny_list_merges_with_config(make_app):
    app = make_app(plugins=[Plugin("a"), Plugin("b"), Plugin("c")], disable=["b"], config={"DISABLE_PLUGINS": "c"})
    assert list(app.plugins) == ["a"]


def test_autoload_and_deny_installed_plugins(make_app):
    assert "testing" in make_app().plugins
    assert "testing" not in make_app(disable=["testing"]).plugins


def test_config_and_app_arguments(make_app, tmp_path):
    app = make_app("other", plugins=[], config={"TESTING": False, "X": 1}, root_path=str(tmp_path))
    assert (app.import_name, app.testing, app.config["X"], app.root_path) == ("other", False, 1, str(tmp_path))


def test_disable_must_be_a_list(make_app):
    with pytest.raises(TypeError, match="list of plugin names"):
        make_app(disable="b")
"""


def test_make_app_builds_apps_with_chosen_plugins(pytester: pytest.Pytester):
    pytester.makepyfile(MAKE_APP_TESTS)
    pytester.runpytest().assert_outcomes(passed=7)


def test_opt_in_from_conftest_with_autoload_off(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile("def test_index(client):\n    assert client.get('/').text == 'hello'\n")

    pytester.makeconftest(APP_CONFTEST)
    pytester.runpytest().assert_outcomes(errors=1)  # no 'client' fixture without the plugin

    pytester.makeconftest('pytest_plugins = ["tumbler_testing.pytest_plugin"]\n' + APP_CONFTEST)
    pytester.runpytest().assert_outcomes(passed=1)


def test_opt_in_from_conftest_with_autoload_on(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    pytester.makeconftest('pytest_plugins = ["tumbler_testing.pytest_plugin"]\n' + APP_CONFTEST)
    pytester.makepyfile("def test_index(client):\n    assert client.get('/').text == 'hello'\n")
    pytester.runpytest().assert_outcomes(passed=1)


def test_unrelated_runs_do_not_import_tumbler(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    pytester.makepyfile(
        """
        import sys

        def test_plain(request):
            assert request.config.pluginmanager.has_plugin("tumbler_testing.pytest_plugin")
            assert "tumbler" not in sys.modules
            assert "werkzeug" not in sys.modules
        """
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
