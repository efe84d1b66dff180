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


class _First:
    tumbler_plugin_name = "first"

    @hookimpl(tryfirst=True)
    def tumbler_configure(self, app):
        pass

    @hookimpl(wrapper=True)
    def tumbler_process_response(self, response):
        return (yield)


@pytest.fixture
def plugged():
    return App("plugged", plugins=["cli", _Counter(), _First()])


def test_plugins_table(runner, plugged):
    result = invoke(runner, plugged, "plugins")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["Order", "Name", "Distribution", "Version", "Hooks"]
    cli_row, counter_row, first_row = lines[2], lines[3], lines[4]
    version = importlib.metadata.version("tumbler-cli")
    assert cli_row.split()[:4] == ["0", "cli", "tumbler-cli", version]
    assert "tumbler_addhooks, tumbler_blueprint_registered" in cli_row
    assert counter_row.split() == ["1", "counter", "-", "2.5", "tumbler_configure"]
    assert first_row.split() == ["2", "first", "-", "-", "tumbler_configure,", "tumbler_process_response"]
    # then each hook with its implementations in call order, flags in brackets
    hooks = lines[lines.index("") + 1 :]
    assert hooks[0].split() == ["Hook", "Call", "order", "(first", "called", "first)"]
    rows = {line.split()[0]: line.split(None, 1)[1] for line in hooks[2:]}
    assert rows["tumbler_configure"] == "first [tryfirst], counter"
    assert rows["tumbler_process_response"] == "first [wrapper]"


def test_plugins_json(runner, plugged):
    result = invoke(runner, plugged, "plugins", "--json")
    described = json.loads(result.output)
    assert [p["name"] for p in described] == ["cli", "counter", "first"]
    assert described[0]["distribution"] == "tumbler-cli"
    assert described[1] == {
        "name": "counter",
        "distribution": None,
        "version": "2.5",
        "order": 1,
        "loaded": True,
        "hooks": {"tumbler_configure": {"position": 1, "flags": []}},
    }
    assert described[2]["hooks"] == {
        "tumbler_configure": {"position": 0, "flags": ["tryfirst"]},
        "tumbler_process_response": {"position": 0, "flags": ["wrapper"]},
    }


class _Twice:
    tumbler_plugin_name = "twice"

    @hookimpl(specname="tumbler_configure", tryfirst=True)
    def configure_early(self, app):
        pass

    @hookimpl(specname="tumbler_configure", trylast=True)
    def configure_late(self, app):
        pass


def test_plugins_shows_each_implementation_of_a_hook_implemented_twice(runner):
    app = App("twice", plugins=[_Counter(), _Twice()])
    lines = invoke(runner, app, "plugins").output.splitlines()
    [row] = [line for line in lines if line.startswith("tumbler_configure ")]
    assert row.split(None, 1)[1] == "twice [tryfirst], counter, twice [trylast]"
    [twice] = [p for p in json.loads(invoke(runner, app, "plugins", "--json").output) if p["name"] == "twice"]
    assert twice["hooks"]["tumbler_configure"] == {
        "position": 0,
        "flags": ["tryfirst"],
        "more": [{"position": 2, "flags": ["trylast"]}],
    }


def test_plugins_all_lists_what_was_not_loaded_and_why(runner, monkeypatch):
    installed = sorted(ep.name for ep in importlib.metadata.entry_points(group="tumbler.plugins"))
    assert "cli" in installed
    monkeypatch.setenv("TUMBLER_DISABLE_PLUGINS", "cli")
    result = invoke(runner, App("partial", plugins=[_Counter()]), "plugins", "--all")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Not loaded"))
    assert lines[start].split() == ["Not", "loaded", "Distribution", "Version", "Why"]
    rows = {line.split()[0]: line for line in lines[start + 2 :]}
    assert set(rows) == set(installed)
    assert rows["cli"].split()[1] == "tumbler-cli"
    assert rows["cli"].endswith("denied (DISABLE_PLUGINS / TUMBLER_DISABLE_PLUGINS)")
    described = json.loads(invoke(runner, App("partial", plugins=[_Counter()]), "plugins", "--json", "--all").output)
    assert described[0]["name"] == "counter" and described[0]["loaded"] is True
    [cli] = [p for p in described if p["name"] == "cli"]
    assert cli == {
        "name": "cli",
        "distribution": "tumbler-cli",
        "version": importlib.metadata.version("tumbler-cli"),
        "loaded": False,
        "reason": "denied (DISABLE_PLUGINS / TUMBLER_DISABLE_PLUGINS)",
    }
    monkeypatch.delenv("TUMBLER_DISABLE_PLUGINS")
    everything = invoke(runner, App("everything"), "plugins", "--all")
    assert everything.output.splitlines()[-1] == "Every installed plugin is loaded."


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
