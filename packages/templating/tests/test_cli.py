"""The ``templates`` command offered to the CLI plugin (tested with click alone)."""

from __future__ import annotations

import os

import click
from click.testing import CliRunner
from conftest import HERE, make_app, make_blueprint
from tumbler_templating import plugin


def _group_for(app: object) -> click.Group:
    group = click.Group("tumbler")
    plugin.tumbler_cli_commands(app, group)  # type: ignore[arg-type]
    return group


def test_templates_command_lists_templates_and_origins() -> None:
    app = make_app()
    app.register_blueprint(make_blueprint("admin"))
    result = CliRunner().invoke(_group_for(app), ["templates"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    hello = next(line for line in lines if line.startswith("hello.html"))
    assert "application 'templating_test'" in hello
    assert hello.endswith(os.path.join(HERE, "templates", "hello.html"))
    admin = next(line for line in lines if line.startswith("admin/index.html"))
    assert "blueprint 'admin' (conftest)" in admin
    shared = lines.index(next(line for line in lines if line.startswith("shared.html")))
    assert lines[shared + 1].strip() == "(hides the one in blueprint 'admin' (conftest))"
    names = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert names == sorted(names)


def test_templates_command_without_templates(tmp_path: object) -> None:
    app = make_app(root_path=os.fspath(tmp_path))  # type: ignore[call-overload]
    result = CliRunner().invoke(_group_for(app), ["templates"])
    assert result.exit_code == 0
    assert "No templates found" in result.output


def test_an_app_command_of_the_same_name_is_kept() -> None:
    group = click.Group("tumbler")

    @group.command("templates")
    def mine() -> None:
        click.echo("mine")

    plugin.tumbler_cli_commands(make_app(), group)
    assert CliRunner().invoke(group, ["templates"]).output == "mine\n"


def test_registered_as_an_optional_hook() -> None:
    app = make_app()
    impls = app.plugins.hook.tumbler_cli_commands.get_hookimpls()
    assert [i.plugin_name for i in impls] == ["templating"]
    assert impls[0].optionalhook
