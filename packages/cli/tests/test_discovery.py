"""Finding the app: every --app form, the current directory's files, and each failure."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from tumbler import App
from tumbler_cli import (
    NoAppException,
    ScriptInfo,
    find_best_app,
    locate_app,
    main_group,
    prepare_import,
)

APPS = Path(__file__).parent / "apps"

# -- prepare_import ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "folder", "module"),
    [
        ("plain", ".", "plain"),
        ("plain.py", ".", "plain"),
        ("sub/plain", "sub", "plain"),
        ("dotted.name.here", ".", "dotted.name.here"),
        (APPS / "cliapp" / "pkg" / "inner" / "mod.py", APPS, "cliapp.pkg.inner.mod"),
        (APPS / "cliapp" / "pkg" / "inner" / "__init__.py", APPS, "cliapp.pkg.inner"),
        (APPS / "cliapp" / "pkg" / "__init__", APPS, "cliapp.pkg"),
    ],
)
def test_prepare_import_gives_module_name_and_puts_its_root_on_sys_path(value, folder, module):
    assert prepare_import(value) == module
    assert sys.path[0] == os.path.realpath(folder)


# -- locate_app: the forms that work ----------------------------------------------


@pytest.mark.parametrize(
    ("module", "name", "app_name"),
    [
        ("cliapp.app", None, "shop"),
        ("cliapp.app", "shop", "shop"),
        ("cliapp.pkg", None, "cliapp.pkg"),
        ("cliapp.factory", None, "factory"),
        ("cliapp.factory", "create_app", "factory"),
        ("cliapp.factory", "create_app()", "factory"),
        ("cliapp.factory", " create_app () ", "factory"),
        ("cliapp.factory", 'create_named("blue")', "blue"),
        ("cliapp.factory", 'create_named("blue", suffix="-green", )', "blue-green"),
    ],
)
def test_locate_app(apps, module, name, app_name):
    assert locate_app(module, name).name == app_name


@pytest.mark.parametrize(
    ("module", "name", "message"),
    [
        ("nosuchmodule", None, "Could not import 'nosuchmodule'. Check the value of --app or TUMBLER_APP"),
        ("cliapp/app", None, "Could not import 'cliapp/app'"),
        ("cliapp.notes.txt", None, "Could not import 'cliapp.notes.txt'"),
        ("cliapp.app", "nothing", "Failed to find attribute 'nothing' in 'cliapp.app'"),
        ("cliapp.factory", 'create_named("a", "b", "c")', "could not be called with the specified arguments"),
        ("cliapp.factory", "create_named()", "missing 1 required positional argument: 'name'"),
        ("cliapp.factory", "create_app(", "Failed to parse 'create_app(' as an attribute name or function call"),
        ("cliapp.factory", "create_named(name)", "Only Python literals"),
        ("cliapp.factory", "os.getcwd()", "Function reference must be a simple name"),
        ("cliapp.factory", "no_app", "A valid Tumbler application was not obtained from 'cliapp.factory:no_app'"),
        ("cliapp.multi", None, "multiple Tumbler applications in module 'cliapp.multi' (first, second)"),
        ("cliapp.empty", None, "Failed to find a Tumbler application or factory in module 'cliapp.empty'"),
        ("cliapp.app", "shop()", "'shop' in 'cliapp.app' is an App object, not a factory to call"),
    ],
)
def test_locate_app_errors_say_what_is_wrong(apps, module, name, message):
    with pytest.raises(NoAppException) as info:
        locate_app(module, name)
    assert message in info.value.format_message()


def test_import_error_inside_the_module_shows_its_traceback(apps):
    with pytest.raises(NoAppException) as info:
        locate_app("cliapp.importerror", None)
    message = info.value.format_message()
    assert "While importing 'cliapp.importerror', an ImportError was raised" in message
    assert os.path.join("cliapp", "importerror.py") in message
    assert "No module named 'not_a_real_module_for_cli_tests'" in message
    assert "discovery.py" not in message  # the traceback starts in the user's code


def test_missing_module_can_be_tolerated_but_not_a_broken_one(apps):
    assert locate_app("nosuchmodule", None, raise_if_not_found=False) is None
    with pytest.raises(NoAppException):
        locate_app("cliapp.importerror", None, raise_if_not_found=False)


# -- find_best_app ------------------------------------------------------------------


def test_find_best_app_prefers_app_and_application():
    class Module:
        app = App("by_name")
        other = App("other")

    assert find_best_app(Module) is Module.app

    class Module2:
        application = App("by_name")
        other = App("other")

    assert find_best_app(Module2) is Module2.application


def test_find_best_app_takes_a_single_instance_before_a_factory():
    class Module:
        mine = App("mine")

        @staticmethod
        def create_app():
            return App("made")

    assert find_best_app(Module) is Module.mine


@pytest.mark.parametrize("factory", ["create_app", "make_app"])
def test_find_best_app_calls_a_factory(factory):
    Module = type("Module", (), {factory: staticmethod(lambda **kw: App("made"))})
    assert find_best_app(Module).name == "made"


def test_find_best_app_factory_needing_arguments():
    class Module:
        @staticmethod
        def create_app(config_name):
            return App("made")

    with pytest.raises(NoAppException, match=r"could not call it without arguments .*'Module:create_app\(args\)'"):
        find_best_app(Module)


def test_find_best_app_lets_the_factorys_own_type_error_through():
    class Module:
        @staticmethod
        def create_app():
            raise TypeError("bad settings type")

    with pytest.raises(TypeError, match="bad settings type"):
        find_best_app(Module)


def test_find_best_app_factory_returning_something_else():
    class Module:
        @staticmethod
        def create_app():
            return None

    with pytest.raises(NoAppException, match="returned None, not a Tumbler application. Make it return the app"):
        find_best_app(Module)


# -- ScriptInfo ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "import_path",
    [
        "cliapp.app",
        "cliapp.app:shop",
        str(APPS / "cliapp" / "app.py"),
        f"{APPS / 'cliapp' / 'app.py'}:shop",
    ],
)
def test_script_info_loads_once(apps, import_path):
    info = ScriptInfo(app_import_path=import_path)
    app = info.load_app()
    assert app.name == "shop"
    assert info.load_app() is app


def test_script_info_create_app_wins():
    made = App("made")
    info = ScriptInfo(app_import_path="nosuchmodule", create_app=lambda: made)
    assert info.load_app() is made


@pytest.mark.parametrize(("folder", "name"), [("cwd_wsgi", "served"), ("cwd_app", "from_app_py")])
def test_script_info_finds_wsgi_py_or_app_py_in_the_current_directory(monkeypatch, folder, name):
    monkeypatch.chdir(APPS / folder)
    assert ScriptInfo().load_app().name == name


def test_script_info_without_any_app(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoAppException) as info:
        ScriptInfo().load_app()
    assert info.value.format_message() == (
        "Could not locate a Tumbler application. Use the 'tumbler --app' option,"
        " 'TUMBLER_APP' environment variable, or a 'wsgi.py' or 'app.py' file in the current directory."
    )


def test_script_info_missing_file(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoAppException, match=r"The file 'shop\.py' given by --app or TUMBLER_APP does not exist"):
        ScriptInfo(app_import_path="shop.py").load_app()


@pytest.mark.parametrize(("value", "debug"), [("1", True), ("true", True), ("0", False), ("no", False)])
def test_script_info_sets_debug_from_the_environment(monkeypatch, value, debug):
    monkeypatch.setenv("TUMBLER_DEBUG", value)
    app = App("x")
    app.debug = not debug
    assert ScriptInfo(create_app=lambda: app).load_app().debug is debug


def test_script_info_can_leave_debug_alone(monkeypatch):
    app = App("x")
    monkeypatch.setenv("TUMBLER_DEBUG", "1")
    assert ScriptInfo(create_app=lambda: app, set_debug_flag=False).load_app().debug is False


# -- through the command line -----------------------------------------------------


def test_app_option_and_environment_variable(apps, runner, monkeypatch):
    result = runner.invoke(main_group, ["--app", "cliapp.app", "routes"])
    assert result.exit_code == 0, result.output
    assert "/items" in result.output
    monkeypatch.setenv("TUMBLER_APP", "cliapp.factory:create_named('envapp')")
    result = runner.invoke(main_group, ["routes"])
    assert result.exit_code == 0, result.output
    assert "static" in result.output


@pytest.mark.parametrize(
    ("app_option", "message"),
    [
        ("nosuchmodule", "Could not import 'nosuchmodule'"),
        ("cliapp.factory:create_app(", "Failed to parse"),
        ('cliapp.factory:create_named("a", "b", "c")', "could not be called with the specified arguments"),
        ("cliapp.multi", "Use 'cliapp.multi:name'"),
    ],
)
def test_wrong_app_option_is_a_usage_error_without_traceback(apps, runner, app_option, message):
    result = runner.invoke(main_group, ["--app", app_option, "routes"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_factory_that_raises_shows_the_users_traceback_and_exits_1(apps, runner):
    result = runner.invoke(main_group, ["--app", "cliapp.factory:raising", "routes"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert os.path.join("cliapp", "factory.py") in lines[1]  # starts in the user's code
    assert "tumbler_cli" not in result.stderr and "click" not in result.stderr
    assert "RuntimeError: SHOP_DATABASE is not set" in result.stderr
    assert lines[-1].startswith("Error: The app could not be loaded: RuntimeError: SHOP_DATABASE is not set.")


def test_plugin_error_while_creating_the_app_is_one_paragraph(apps, runner):
    result = runner.invoke(main_group, ["--app", "cliapp.factory:needs_plugin", "routes"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Unknown plugin 'no-such-plugin'" in result.stderr


def test_import_error_in_the_users_module_through_the_command_line(apps, runner):
    result = runner.invoke(main_group, ["--app", "cliapp.importerror", "routes"])
    assert result.exit_code == 2
    assert "While importing 'cliapp.importerror'" in result.stderr
    assert "not_a_real_module_for_cli_tests" in result.stderr


def test_help_works_when_the_app_cannot_be_found(runner, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main_group, ["--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert "TUMBLER_APP" in result.stderr


def test_help_works_when_the_factory_raises(apps, runner):
    result = runner.invoke(main_group, ["--app", "cliapp.factory:raising", "--help"])
    assert result.exit_code == 0
    assert "routes" in result.stdout
    assert "RuntimeError: SHOP_DATABASE is not set" in result.stderr


def test_unknown_command_without_app(runner, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main_group, ["missing"])
    assert result.exit_code == 2
    assert "TUMBLER_APP" in result.stderr
    assert "No such command 'missing'" in result.stderr
