from __future__ import annotations

import os
import typing as t

import pytest
import tumbler
from tumbler_templating import jinja_env, render_template, templates_auto_reload


def _app(tmp_path: t.Any, **config: t.Any) -> tumbler.App:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "page.txt").write_text("old")
    return tumbler.App("reload_test", root_path=os.fspath(tmp_path), plugins=["templating"], config=config)


def _edit(tmp_path: t.Any) -> None:
    path = tmp_path / "templates" / "page.txt"
    path.write_text("new")
    later = os.path.getmtime(path) + 10
    os.utime(path, (later, later))


@pytest.mark.parametrize(
    ("debug", "setting", "reloads"),
    [
        (False, None, False),
        (False, False, False),
        (False, True, True),
        (True, None, True),
        (True, False, False),
        (True, True, True),
    ],
)
def test_auto_reload_setting(tmp_path: t.Any, debug: bool, setting: bool | None, reloads: bool) -> None:
    app = _app(tmp_path, DEBUG=debug, TEMPLATES_AUTO_RELOAD=setting)
    assert templates_auto_reload(app) is reloads
    assert jinja_env(app).auto_reload is reloads
    with app.app_context():
        assert render_template("page.txt") == "old"
        _edit(tmp_path)
        assert render_template("page.txt") == ("new" if reloads else "old")


def test_default_follows_debug_set_later(tmp_path: t.Any) -> None:
    app = _app(tmp_path)
    assert app.config["TEMPLATES_AUTO_RELOAD"] is None
    env = jinja_env(app)
    assert env.auto_reload is False
    app.debug = True  # what `run(debug=True)` does
    assert env.auto_reload is True


def test_explicit_setting_on_the_environment_wins(tmp_path: t.Any) -> None:
    app = _app(tmp_path, DEBUG=True)
    env = jinja_env(app)
    env.auto_reload = False
    assert env.auto_reload is False
    with app.app_context():
        assert render_template("page.txt") == "old"
        _edit(tmp_path)
        assert render_template("page.txt") == "old"


def test_jinja_options_auto_reload_wins(tmp_path: t.Any) -> None:
    class App(tumbler.App):
        jinja_options: t.ClassVar[dict[str, t.Any]] = {"auto_reload": True}

    app = App("reload_test", root_path=os.fspath(tmp_path), plugins=["templating"])
    assert jinja_env(app).auto_reload is True
