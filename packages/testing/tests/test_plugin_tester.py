"""PluginTester and the plugin_tester / make_app fixtures: throw-away
entry-point plugins, isolation from TUMBLER_* variables, captured traces."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata

import pytest
from tumbler import App
from tumbler_testing import PluginTester

HELLO = """
    from tumbler import hookimpl

    @hookimpl
    def tumbler_configure(app):
        app.config["HELLO"] = "from the plugin"

    @hookimpl
    def tumbler_process_response(app, response):
        response.headers["X-Hello"] = "1"
"""


def test_a_made_plugin_is_installed_and_loaded_by_name(plugin_tester):
    made = plugin_tester.make_plugin("hello", HELLO, version="1.2.3")
    app = plugin_tester.make_app(plugins=["hello", "testing"])
    assert app.config["HELLO"] == "from the plugin"
    info = app.plugins["hello"]
    assert (info.distribution, info.version) == ("tumbler-hello", "1.2.3")
    assert made.module == "hello_plugin"
    assert app.test_client().get("/nothing").headers["X-Hello"] == "1"


def test_a_made_plugin_is_autoloaded_like_any_installed_one(plugin_tester):
    plugin_tester.make_plugin("hello", HELLO)
    assert "hello" in plugin_tester.make_app().plugins
    assert "hello" not in plugin_tester.make_app(disable=["hello"]).plugins


def test_required_versions_are_checked_against_the_made_distribution(plugin_tester):
    plugin_tester.make_plugin("hello", HELLO, version="0.1.0")
    with pytest.raises(Exception, match=r"pip install 'tumbler-hello>=2'"):
        App("x", plugins=["hello"], require_plugins=["hello>=2"])


def test_tumbler_environment_variables_are_cleared(plugin_tester, monkeypatch):
    assert not [k for k in os.environ if k.startswith("TUMBLER_")]
    plugin_tester.make_plugin("hello", HELLO)
    assert "hello" in plugin_tester.make_app().plugins
    monkeypatch.setenv("TUMBLER_DISABLE_PLUGINS", "hello")  # a test may still set one
    assert "hello" not in plugin_tester.make_app().plugins


def test_traces_are_captured(plugin_tester):
    plugin_tester.make_plugin("hello", HELLO)
    app = plugin_tester.make_app(plugins=["hello", "testing"], trace=True)
    assert plugin_tester.traced("tumbler_configure", "hello")
    before = len(plugin_tester.traces)
    assert plugin_tester.traced("tumbler_process_response") == []  # no request yet
    app.test_client().get("/")
    assert len(plugin_tester.traces) > before
    assert plugin_tester.traced("tumbler_process_response", "hello")


def test_untraced_apps_log_nothing(plugin_tester):
    plugin_tester.make_plugin("hello", HELLO)
    plugin_tester.make_app(plugins=["hello"])
    assert plugin_tester.traces == []


def test_closing_removes_the_plugin_everywhere(monkeypatch):
    monkeypatch.setenv("TUMBLER_PLUGINS", "testing")
    with PluginTester() as tester:
        tester.make_plugin("hello", HELLO)
        assert "TUMBLER_PLUGINS" not in os.environ
        assert "hello" in {ep.name for ep in metadata.entry_points(group="tumbler.plugins")}
        assert "hello" in App("x", plugins=["hello"]).plugins
        path = tester.path
    assert os.environ["TUMBLER_PLUGINS"] == "testing"
    assert str(path) not in sys.path and not path.exists()
    assert "hello_plugin" not in sys.modules
    assert "hello" not in {ep.name for ep in metadata.entry_points(group="tumbler.plugins")}


def test_a_broken_plugin_fails_with_the_kernels_message(plugin_tester):
    plugin_tester.make_plugin("broken", "import not_a_module_anywhere\n")
    with pytest.raises(Exception, match="'broken'.*failed to import"):
        plugin_tester.make_app(plugins=["broken"])


def test_make_plugin_needs_an_open_tester():
    with pytest.raises(RuntimeError, match="Open the PluginTester first"):
        PluginTester().make_plugin("x", "")


def test_make_app_ignores_tumbler_variables_of_the_run(pytester: pytest.Pytester):
    pytester.makepyfile(
        """
        def test_testing_is_loaded(make_app):
            assert "testing" in make_app(plugins=["testing"]).plugins
        """
    )
    # the subprocess inherits os.environ: set the variables of "the run" there
    mp = pytest.MonkeyPatch()
    try:
        mp.setenv("TUMBLER_DISABLE_PLUGINS", "testing")
        mp.setenv("TUMBLER_PLUGINS", "nonexistent")
        result = pytester.runpytest_subprocess()
    finally:
        mp.undo()
    result.assert_outcomes(passed=1)


def test_importing_tumbler_testing_needs_no_pytest(tmp_path):
    blocker = tmp_path / "pytest.py"
    blocker.write_text("raise ImportError('pytest is not installed here')\n")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from tumbler_testing import PluginTester, AppFactory, test_client, EnvironBuilder\n"
        "from tumbler import App\n"
        "with PluginTester() as tester:\n"
        "    tester.make_plugin('hi', 'from tumbler import hookimpl\\n')\n"
        "    print(sorted(tester.make_app(plugins=['hi', 'testing']).plugins))\n"
        "assert 'pytest' not in sys.modules or sys.modules['pytest'] is None\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['hi', 'testing']"


def test_star_import_needs_neither_pytest_nor_tumbler_cli():
    code = (
        "import sys\n"
        "for name in ('pytest', 'click', 'tumbler_cli'):\n"
        "    sys.modules[name] = None  # as if not installed: importing it fails\n"
        "from tumbler_testing import *\n"
        "print(sorted(n for n in ('PluginTester', 'TestClient', 'TestCliRunner', 'make_app') if n in globals()))\n"
        "try:\n"
        "    from tumbler_testing import TestCliRunner\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "['PluginTester', 'TestClient']"
    assert "pip install tumbler-cli" in lines[1]
