"""The built-in commands: routes, shell, plugins, and --version."""

from __future__ import annotations

import importlib.metadata
import json
import platform

import pytest
from tumbler import App, hookimpl
from tumbler_cli import TumblerGroup, main_group, shell_context_processor


def invoke(runner, app, *args, **kwargs):
    return runner.invoke(TumblerGroup(create_app=lambda: app), list(args), **kwargs)


# -- routes -----------------------------------------------------------------------


@pytest.fixture
def routed():
    app = App("routed")
    app.add_url_rule("/get_post/<int:x>", methods=["GET", "POST"], endpoint="yyy_get_post")
    app.add_url_rule("/zzz_post", methods=["POST"], endpoint="aaa_post")
    return app


def endpoints(output):
    """The first column of each row, below the header and its dashed line."""
    return [line.split()[0] for line in output.splitlines()[2:]]


def test_routes_table(runner, routed):
    result = invoke(runner, routed, "routes")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Endpoint      Methods    Rule",
        "------------  ---------  -----------------------",
        "aaa_post      POST       /zzz_post",
        "static        GET        /static/<path:filename>",
        "yyy_get_post  GET, POST  /get_post/<int:x>",
    ]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("endpoint", ["aaa_post", "static", "yyy_get_post"]),
        ("methods", ["static", "yyy_get_post", "aaa_post"]),
        ("rule", ["yyy_get_post", "static", "aaa_post"]),
    ],
)
def test_routes_sort(runner, routed, sort, order):
    assert endpoints(invoke(runner, routed, "routes", "--sort", sort).output) == order


def test_routes_sort_by_match_order(runner, routed):
    expected = [rule.endpoint for rule in routed.url_map.iter_rules()]
    assert endpoints(invoke(runner, routed, "routes", "-s", "match").output) == expected


def test_routes_all_methods(runner, routed):
    assert "GET, HEAD, OPTIONS, POST" not in invoke(runner, routed, "routes").output
    assert "GET, HEAD, OPTIONS, POST" in invoke(runner, routed, "routes", "--all-methods").output


def test_routes_bad_sort_is_a_usage_error(runner, routed):
    result = invoke(runner, routed, "routes", "--sort", "size")
    assert result.exit_code == 2
    assert "'size' is not one of" in result.stderr


def test_routes_without_routes(runner):
    result = invoke(runner, App("bare", static_folder=None), "routes")
    assert result.exit_code == 0
    assert result.output == "No routes were registered.\n"


def test_routes_subdomain_column(runner):
    app = App("subs", static_folder=None)
    app.add_url_rule("/a", subdomain="api", endpoint="a")
    app.add_url_rule("/b", endpoint="b")
    lines = invoke(runner, app, "routes", "-s", "domain").output.splitlines()
    assert lines[0].split() == ["Endpoint", "Methods", "Subdomain", "Rule"]
    assert lines[2].split() == ["b", "GET", "/b"]
    assert lines[3].split() == ["a", "GET", "api", "/a"]


def test_routes_host_column(runner):
    app = App("hosts", static_folder=None, host_matching=True)
    app.add_url_rule("/a", host="a.example", endpoint="a")
    output = invoke(runner, app, "routes").output
    assert output.splitlines()[0].split() == ["Endpoint", "Methods", "Host", "Rule"]
    assert "a.example" in output


# -- shell ------------------------------------------------------------------------


def test_shell_has_app_g_and_processor_names(runner):
    app = App("shelled")

    @shell_context_processor(app)
    def names():
        return {"answer": 42}

    code = "print(app.name, answer)\ng.x = 1\nprint(g.x)\nfrom tumbler import current_app\nprint(current_app.name)\n"
    result = invoke(runner, app, "shell", input=code)
    assert result.exit_code == 0, result.output
    printed = [line.replace(">>> ", "") for line in result.stdout.splitlines()]
    assert printed[:3] == ["shelled 42", "1", "shelled"]
    assert "App: shelled" in result.stderr


def test_shell_runs_pythonstartup_first(runner, tmp_path, monkeypatch):
    startup = tmp_path / "startup.py"
    startup.write_text("greeting = 'from startup'\n")
    monkeypatch.setenv("PYTHONSTARTUP", str(startup))
    result = invoke(runner, App("shelled"), "shell", input="print(greeting)\n")
    assert "from startup" in result.stdout


# -- plugins ----------------------------------------------------------------------


class _Counter:
    tumbler_plugin_name = "counter"
    __version__ = "2.5"

    @hookimpl
    def tumbler_configure(self, app):
        pass


@pytest.fixture
def plugged():
    return App("plugged", plugins=["cli", _Counter()])


def test_plugins_table(runner, plugged):
    result = invoke(runner, plugged, "plugins")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["Order", "Name", "Distribution", "Version", "Hooks"]
    cli_row, counter_row = lines[2], lines[3]
    version = importlib.metadata.version("tumbler-cli")
    assert cli_row.split()[:4] == ["0", "cli", "tumbler-cli", version]
    assert "tumbler_addhooks, tumbler_blueprint_registered" in cli_row
    assert counter_row.split() == ["1", "counter", "-", "2.5", "tumbler_configure"]


def test_plugins_json(runner, plugged):
    result = invoke(runner, plugged, "plugins", "--json")
    described = json.loads(result.output)
    assert [p["name"] for p in described] == ["cli", "counter"]
    assert described[0]["distribution"] == "tumbler-cli"
    assert described[1] == {
        "name": "counter",
        "distribution": None,
        "version": "2.5",
        "order": 1,
        "hooks": {"tumbler_configure": 0},
    }


def test_plugins_when_none_are_loaded(runner):
    assert invoke(runner, App("alone", plugins=[]), "plugins").output == "No plugins are loaded.\n"


# -- --version and --help ---------------------------------------------------------


def test_version(runner):
    result = runner.invoke(main_group, ["--version"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"Python {platform.python_version()}",
        f"Tumbler core {importlib.metadata.version('tumbler-core')}",
        f"Werkzeug {importlib.metadata.version('werkzeug')}",
    ]


def test_help_lists_builtin_and_app_commands(runner):
    app = App("helped")
    from tumbler_cli import cli

    @cli(app).command("seed", help="Fill the database.")
    def seed():
        pass

    output = invoke(runner, app, "--help").output
    for name in ("plugins", "routes", "run", "shell", "seed"):
        assert f"  {name} " in output
    assert "Fill the database." in output
