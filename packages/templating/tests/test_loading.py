from __future__ import annotations

import logging
import os
import typing as t

import pytest
import tumbler
from conftest import HERE, make_app, make_blueprint
from jinja2 import DictLoader, FileSystemLoader, TemplateNotFound
from tumbler_templating import (
    DispatchingJinjaLoader,
    Environment,
    jinja_env,
    jinja_loader,
    render_template,
    template_sources,
)
from werkzeug.test import Client


@pytest.fixture
def bp_app() -> tumbler.App:
    """The app with the admin blueprint, then the shop blueprint."""
    app = make_app()
    app.register_blueprint(make_blueprint("admin"), url_prefix="/admin")
    app.register_blueprint(make_blueprint("shop"), url_prefix="/shop")
    return app


def test_blueprint_template_folders(bp_app: tumbler.App) -> None:
    with bp_app.app_context():
        assert render_template("admin/index.html") == "admin index"
        assert render_template("shop/index.html") == "shop index"
        assert render_template("hello.html", name="app") == "<p>Hello app!</p>"


def test_app_folder_wins_over_blueprints(bp_app: tumbler.App) -> None:
    with bp_app.app_context():
        assert render_template("shared.html") == "app shared"


def test_blueprints_in_registration_order() -> None:
    first_admin = make_app()
    first_admin.register_blueprint(make_blueprint("admin"))
    first_admin.register_blueprint(make_blueprint("shop"))
    first_shop = make_app()
    first_shop.register_blueprint(make_blueprint("shop"))
    first_shop.register_blueprint(make_blueprint("admin"))
    with first_admin.app_context():
        assert render_template("both_blueprints.html") == "admin only"
    with first_shop.app_context():
        assert render_template("both_blueprints.html") == "shop only"


def test_blueprint_view_renders_its_templates() -> None:
    bp = make_blueprint("admin")
    bp.add_url_rule("/", "index", lambda: render_template("admin/index.html"))
    app = make_app()
    app.register_blueprint(bp, url_prefix="/admin")
    assert Client(app).get("/admin/").get_data(as_text=True) == "admin index"


def test_nested_blueprint_templates() -> None:
    parent = tumbler.Blueprint("parent", __name__)
    parent.register_blueprint(make_blueprint("shop"))
    app = make_app()
    app.register_blueprint(parent)
    with app.app_context():
        assert render_template("shop/index.html") == "shop index"


def test_list_templates(bp_app: tumbler.App) -> None:
    names = jinja_env(bp_app).list_templates()
    assert {"hello.html", "admin/index.html", "shop/index.html", "both_blueprints.html", "nested/page.txt"} <= set(
        names
    )
    assert names == sorted(set(names))


def test_template_sources_say_where_each_comes_from(bp_app: tumbler.App) -> None:
    sources = {s.name: s for s in template_sources(bp_app)}
    assert sources["hello.html"].origin == "application 'templating_test'"
    assert sources["hello.html"].filename == os.path.join(HERE, "templates", "hello.html")
    assert sources["admin/index.html"].origin == "blueprint 'admin' (conftest)"
    shared = sources["shared.html"]
    assert shared.origin == "application 'templating_test'"
    assert shared.shadows == ("blueprint 'admin' (conftest)",)
    assert sources["both_blueprints.html"].shadows == ("blueprint 'shop' (conftest)",)


def test_missing_template_lists_the_folders_searched(bp_app: tumbler.App) -> None:
    with bp_app.app_context(), pytest.raises(TemplateNotFound) as e:
        render_template("missing.html")
    assert e.value.name == "missing.html"
    message = str(e.value)
    assert "'missing.html' not found" in message
    lines = message.splitlines()
    assert f"  1. application 'templating_test': {os.path.join(HERE, 'templates')}" in lines
    assert f"  2. blueprint 'admin' (conftest): {os.path.join(HERE, 'blueprints', 'admin', 'templates')}" in lines
    assert "  3. blueprint 'shop' (conftest)" in message
    assert "EXPLAIN_TEMPLATE_LOADING" in message


def test_missing_folder_is_pointed_out(tmp_path: t.Any) -> None:
    app = tumbler.App("no_folder", root_path=os.fspath(tmp_path), plugins=["templating"])
    with app.app_context(), pytest.raises(TemplateNotFound) as e:
        render_template("index.html")
    assert f"{tmp_path / 'templates'} (no such folder)" in str(e.value)


def test_no_template_folder_at_all(tmp_path: t.Any) -> None:
    app = tumbler.App("no_folder", root_path=os.fspath(tmp_path), template_folder=None, plugins=["templating"])
    with app.app_context(), pytest.raises(TemplateNotFound) as e:
        render_template("index.html")
    assert "neither the app nor any blueprint has a template_folder" in str(e.value)


def test_explain_template_loading(bp_app: tumbler.App, caplog: pytest.LogCaptureFixture) -> None:
    bp = make_blueprint("frontend", template_folder=None)
    bp.add_url_rule("/missing", "missing", lambda: render_template("missing_template.html"))
    bp.add_url_rule("/shared", "shared", lambda: render_template("shared.html"))
    bp_app.register_blueprint(bp)
    bp_app.config["EXPLAIN_TEMPLATE_LOADING"] = True
    bp_app.config["TESTING"] = True
    client = Client(bp_app)
    caplog.set_level(logging.INFO, logger="templating_test")

    with pytest.raises(TemplateNotFound) as e:
        client.get("/missing")
    (record,) = [r for r in caplog.records if r.name == "templating_test"]
    report = record.getMessage()
    assert report == str(e.value)
    assert report.startswith("Locating template 'missing_template.html':")
    assert "    1: trying loader of application 'templating_test'" in report
    assert "    2: trying loader of blueprint 'admin' (conftest)" in report
    assert "    3: trying loader of blueprint 'shop' (conftest)" in report
    assert "trying loader of blueprint 'frontend'" not in report  # it has no folder
    assert "-> no match" in report
    assert "Error: the template could not be found." in report
    assert "looked up from an endpoint that belongs to the blueprint 'frontend'" in report
    assert DispatchingJinjaLoader.blueprint_hint in report

    caplog.clear()
    assert client.get("/shared").get_data(as_text=True) == "app shared"
    report = caplog.records[0].getMessage()
    assert f"-> found ('{os.path.join(HERE, 'templates', 'shared.html')}')" in report
    assert "Warning: multiple loaders returned a match for the template." in report


def test_custom_global_loader() -> None:
    class DictApp(tumbler.App):
        def create_global_jinja_loader(self) -> DictLoader:
            return DictLoader({"index.html": "Hello Custom World!"})

    app = DictApp("custom", plugins=["templating"])
    with app.app_context():
        assert render_template("index.html") == "Hello Custom World!"
    assert [s.name for s in template_sources(app)] == ["index.html"]


def test_jinja_loader_of_a_subclass() -> None:
    class MemoryBlueprint(tumbler.Blueprint):
        jinja_loader = DictLoader({"memory.html": "from memory"})

    app = make_app()
    app.register_blueprint(MemoryBlueprint("memory", __name__))
    with app.app_context():
        assert render_template("memory.html") == "from memory"


def test_jinja_loader_follows_the_template_folder(tmp_path: t.Any) -> None:
    bp = tumbler.Blueprint("bp", __name__, root_path=os.fspath(tmp_path))
    assert jinja_loader(bp) is None
    bp.template_folder = "tpl"
    loader = jinja_loader(bp)
    assert isinstance(loader, FileSystemLoader)
    assert loader.searchpath == [os.path.join(tmp_path, "tpl")]
    assert jinja_loader(bp) is loader


def test_custom_environment_class() -> None:
    class CustomEnvironment(Environment):
        pass

    class CustomApp(tumbler.App):
        jinja_environment = CustomEnvironment
        jinja_options: t.ClassVar[dict[str, t.Any]] = {"trim_blocks": True}

    app = CustomApp("custom", plugins=["templating"])
    env = jinja_env(app)
    assert isinstance(env, CustomEnvironment)
    assert env.trim_blocks is True
    assert env.app is app
    assert jinja_env(app) is env
