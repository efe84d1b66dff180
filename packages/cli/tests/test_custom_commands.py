"""Commands of the app, of blueprints and of plugins, and command lines built with TumblerGroup."""

from __future__ import annotations

import click
import pytest
from tumbler import App, Blueprint, current_app, hookimpl
from tumbler_cli import AppGroup, ScriptInfo, TumblerGroup, cli, with_appcontext


def group_for(app, **kwargs):
    return TumblerGroup(create_app=lambda: app, **kwargs)


@pytest.fixture
def app():
    return App("custom")


# -- cli(app) ---------------------------------------------------------------------


def test_app_group_is_named_after_the_app_and_kept(app):
    assert cli(app).name == "custom"
    assert cli(app) is cli(app)
    assert isinstance(cli(app), AppGroup)


def test_app_commands_run_in_an_app_context(app, runner):
    def seen_in_callback(ctx, param, value):
        return (value, current_app.name)

    @cli(app).command()
    @click.argument("value", callback=seen_in_callback)
    def check(value):
        loaded = click.get_current_context().obj.load_app()
        return current_app._get_current_object() is loaded, value

    result = runner.invoke(group_for(app), ["check", "x"], standalone_mode=False)
    assert result.return_value == (True, ("x", "custom"))


def test_bare_command_decorator_and_plain_click_commands(app, runner):
    @cli(app).command
    def bare():
        click.echo(f"bare in {current_app.name}")

    @click.command("plain")
    def plain():
        click.echo(f"plain in {current_app.name}")

    cli(app).add_command(plain)
    assert runner.invoke(group_for(app), ["bare"]).output == "bare in custom\n"
    assert runner.invoke(group_for(app), ["plain"]).output == "plain in custom\n"


def test_command_without_app_context(runner):
    @click.group(cls=AppGroup)
    def tools():
        pass

    @tools.command(with_appcontext=False)
    def loose():
        click.echo(f"context: {bool(current_app)}")

    assert runner.invoke(tools, ["loose"], obj=ScriptInfo(create_app=lambda: App("x"))).output == "context: False\n"


def test_app_group_subgroups_run_in_an_app_context(runner):
    @click.group(cls=AppGroup)
    def tools():
        pass

    @tools.group()
    def db():
        pass

    @db.command()
    def upgrade():
        click.echo(current_app.name)

    result = runner.invoke(tools, ["db", "upgrade"], obj=ScriptInfo(create_app=lambda: App("nested")))
    assert result.output == "nested\n"


def test_with_appcontext_on_a_plain_command(runner):
    @click.command()
    @with_appcontext
    def show():
        click.echo(current_app.name)

    assert runner.invoke(show, obj=ScriptInfo(create_app=lambda: App("plain"))).output == "plain\n"


# -- blueprints -------------------------------------------------------------------


def test_blueprint_command_groups(app, runner):
    named = Blueprint("named", __name__, cli_group="customized")
    default = Blueprint("default", __name__)
    merged = Blueprint("merged", __name__, cli_group=None)
    late = Blueprint("late", __name__)
    for bp in (named, default, merged, late):

        @cli(bp).command(bp.name)
        def command(name=bp.name):
            click.echo(f"{name} in {current_app.name}")

    app.register_blueprint(named)
    app.register_blueprint(default)
    app.register_blueprint(merged)
    app.register_blueprint(late, cli_group="late_registration")
    group = group_for(app)
    assert runner.invoke(group, ["customized", "named"]).output == "named in custom\n"
    assert runner.invoke(group, ["default", "default"]).output == "default in custom\n"
    assert runner.invoke(group, ["merged"]).output == "merged in custom\n"
    assert runner.invoke(group, ["late_registration", "late"]).output == "late in custom\n"


def test_nested_blueprint_group_gets_the_dotted_name(app, runner):
    parent = Blueprint("parent", __name__)
    child = Blueprint("child", __name__)

    @cli(child).command()
    def hello():
        click.echo("child says hello")

    parent.register_blueprint(child)
    app.register_blueprint(parent)
    assert runner.invoke(group_for(app), ["parent.child", "hello"]).output == "child says hello\n"


def test_empty_blueprint_group_is_not_added(app, runner):
    app.register_blueprint(Blueprint("blue", __name__, cli_group="blue"))
    result = runner.invoke(group_for(app), ["blue", "--help"])
    assert result.exit_code == 2
    assert "No such command 'blue'" in result.stderr


# -- plugins ----------------------------------------------------------------------


class _Reports:
    """A plugin that contributes a command through the CLI plugin's hook."""

    tumbler_plugin_name = "reports"

    def __init__(self):
        self.calls = 0

    @hookimpl
    def tumbler_cli_commands(self, app, group):
        self.calls += 1

        @group.command("report")
        def report():
            click.echo(f"report for {current_app.name}")

        @group.command("clash")
        def clash():
            click.echo("the plugin's clash")


def test_plugin_contributed_commands(runner):
    plugin = _Reports()
    app = App("reported", plugins=["cli", plugin])

    @cli(app).command("clash")
    def clash():
        click.echo("the app's clash")

    group = group_for(app)
    assert runner.invoke(group, ["report"]).output == "report for reported\n"
    assert runner.invoke(group, ["clash"]).output == "the app's clash\n"
    assert "report" in runner.invoke(group, ["--help"]).output
    assert plugin.calls == 1


def test_optional_implementation_without_the_cli_plugin_loaded(runner):
    class Optional:
        tumbler_plugin_name = "optional"

        @hookimpl(optionalhook=True)
        def tumbler_cli_commands(self, app, group):
            group.add_command(click.Command("extra", callback=lambda: click.echo("extra")))

    app = App("partial", plugins=[Optional()])
    assert runner.invoke(group_for(app), ["extra"]).output == "extra\n"


# -- TumblerGroup for your own command line ---------------------------------------


def test_tumbler_group_as_a_decorator_class(runner):
    @click.group(cls=TumblerGroup, create_app=lambda: App("managed"))
    def manage():
        """Manage the app."""

    @manage.command()
    def show():
        click.echo(current_app.name)

    assert runner.invoke(manage, ["show"]).output == "managed\n"
    assert "Manage the app." in runner.invoke(manage, ["--help"]).output


@pytest.mark.parametrize("set_debug_flag", [True, False])
def test_tumbler_group_set_debug_flag(runner, set_debug_flag):
    def create_app():
        made = App("debugged")
        made.debug = True
        return made

    @click.group(cls=TumblerGroup, create_app=create_app, set_debug_flag=set_debug_flag)
    def manage():
        pass

    @manage.command()
    def show():
        click.echo(current_app.debug)

    assert runner.invoke(manage, ["show"]).output == f"{not set_debug_flag}\n"


def test_tumbler_group_nested_in_a_click_group(app, runner):
    outer = click.Group("outer")
    inner = group_for(app, name="app")
    outer.add_command(inner)

    @inner.command()
    def show():
        click.echo(current_app.name)

    assert runner.invoke(outer, ["app", "show"]).output == "custom\n"


def test_tumbler_group_without_default_commands(app, runner):
    result = runner.invoke(group_for(app, add_default_commands=False, add_version_option=False), ["--help"])
    assert "routes" not in result.output
    assert "--version" not in result.output


def test_serving_an_app_never_imports_click():
    """The plugin loads, blueprints register and requests are served without
    click: a served app never runs its command line. The first cli() imports it."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import sys
        from tumbler import App, Blueprint
        from werkzeug.test import Client

        app = App("served", plugins=["cli"])
        app.register_blueprint(Blueprint("bp", __name__), url_prefix="/bp")
        app.add_url_rule("/", "index", lambda: "ok")
        assert Client(app).get("/").text == "ok"
        assert "click" not in sys.modules, "click imported"
        import tumbler_cli
        tumbler_cli.cli(app)
        assert "click" in sys.modules
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
