"""The CLI runner with tumbler-cli installed.

Collected only when ``tumbler_cli`` is importable (see ../conftest.py): the
isolated run of this package cannot install it, the integration run does.
"""

from __future__ import annotations

import click
import pytest
import tumbler_cli
from tumbler import App, current_app, hookimpl
from tumbler_testing import TestCliRunner, test_cli_runner


@pytest.fixture
def app() -> App:
    return App("cliapp", plugins=["testing", "cli"], config={"TESTING": True})


def test_invoke_by_name_runs_the_apps_command(app):
    @tumbler_cli.cli(app).command("hello")
    @click.argument("name", default="World")
    def hello(name):
        click.echo(f"Hello, {name}! ({current_app.name})")

    runner = test_cli_runner(app)
    assert isinstance(runner, TestCliRunner)
    result = runner.invoke(args=["hello"])
    assert result.exit_code == 0, result.output
    assert result.output == "Hello, World! (cliapp)\n"
    assert runner.invoke(args="hello Ada").output == "Hello, Ada! (cliapp)\n"


def test_invoke_a_command_object(app):
    @tumbler_cli.cli(app).command("hello")
    def hello():
        click.echo("Hello from the object")

    assert "Hello from the object" in test_cli_runner(app).invoke(hello).output


def test_default_obj_loads_the_runners_app(app):
    @click.command()
    @tumbler_cli.pass_script_info
    def which(info):
        click.echo(info.load_app().name)

    assert test_cli_runner(app).invoke(which).output == "cliapp\n"


def test_custom_obj_is_passed(app):
    called = []

    def create_app():
        called.append(True)
        return app

    @tumbler_cli.cli(app).command("hello")
    def hello():
        click.echo("Hello")

    runner = test_cli_runner(app)
    runner.invoke(hello, obj=tumbler_cli.ScriptInfo(create_app=create_app))
    assert called


def test_plugin_commands_are_invokable(app):
    class Contributes:
        tumbler_plugin_name = "contributes"

        @hookimpl
        def tumbler_cli_commands(self, app, group):
            @group.command("from-plugin")
            def from_plugin():
                click.echo("plugin command")

    app = App("cliapp", plugins=["testing", "cli", Contributes()])
    assert test_cli_runner(app).invoke(args=["from-plugin"]).output == "plugin command\n"


def test_runner_kwargs_go_to_click(app):
    @tumbler_cli.cli(app).command("env")
    def env():
        import os

        click.echo(os.environ.get("GREETING", "unset"))

    assert test_cli_runner(app, env={"GREETING": "hi"}).invoke(args=["env"]).output == "hi\n"


def test_app_chooses_the_runner_class(app):
    class SubRunner(TestCliRunner):
        pass

    app.test_cli_runner_class = SubRunner  # type: ignore[attr-defined]
    assert type(test_cli_runner(app)) is SubRunner

    app.test_cli_runner_class = object  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="subclass of tumbler_testing.TestCliRunner"):
        test_cli_runner(app)


def test_cli_plugin_not_loaded_names_it():
    app = App("cliapp", plugins=["testing"])
    with pytest.raises(RuntimeError, match=r"tumbler-cli is installed, and the 'cli' plugin is missing"):
        test_cli_runner(app)


def test_runner_fixture(pytester: pytest.Pytester):
    pytester.makeconftest(
        """
        import click
        import pytest
        import tumbler_cli
        from tumbler import App

        @pytest.fixture
        def app():
            app = App("myproject", plugins=["testing", "cli"])

            @tumbler_cli.cli(app).command("init-db")
            def init_db():
                click.echo("Initialized the database.")

            return app
        """
    )
    pytester.makepyfile(
        """
        def test_init_db(runner):
            result = runner.invoke(args=["init-db"])
            assert result.output == "Initialized the database.\\n"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_builtin_commands_are_reachable_by_name(app):
    @app.get("/hello")
    def hello():
        return "hi"

    runner = app.test_cli_runner()
    routes = runner.invoke("routes")
    assert routes.exit_code == 0, routes.output
    assert "/hello" in routes.output
    plugins = runner.invoke(args=["plugins"])
    assert plugins.exit_code == 0, plugins.output
    assert "testing" in plugins.output and "cli" in plugins.output


def test_plugin_commands_are_reachable_by_name(app):
    class Greeter:
        tumbler_plugin_name = "greeter"

        @hookimpl
        def tumbler_cli_commands(self, app, group):
            @group.command("greet")
            @click.argument("name")
            def greet(name):
                click.echo(f"Hi {name} from {current_app.name}")

    app = App("cliapp", plugins=["testing", "cli", Greeter()])
    runner = app.test_cli_runner()
    assert runner.invoke("greet Ada").output == "Hi Ada from cliapp\n"
    assert runner.invoke("greet", ["Bob"]).output == "Hi Bob from cliapp\n"
    assert runner.invoke(args=["greet", "Cy"]).output == "Hi Cy from cliapp\n"


def test_the_apps_command_wins_over_a_builtin_of_the_same_name(app):
    @tumbler_cli.cli(app).command("routes")
    def my_routes():
        click.echo("mine")

    assert app.test_cli_runner().invoke("routes").output == "mine\n"
