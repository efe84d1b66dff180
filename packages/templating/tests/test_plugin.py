"""The plugin on its own: loading, isolation between apps, the kernel untouched without it."""

from __future__ import annotations

import gc
import weakref

import pytest
import tumbler
from conftest import HERE, make_app, make_blueprint
from tumbler_templating import (
    CONFIG_DEFAULTS,
    Environment,
    add_template_filter,
    context_processor,
    jinja_env,
    render_template,
    render_template_string,
)


def test_discovered_through_its_entry_point() -> None:
    app = tumbler.App("auto", root_path=HERE)
    info = app.plugins["templating"]
    assert info.distribution == "tumbler-templating"
    assert "tumbler_configure" in info.hooks


def test_config_defaults(app: tumbler.App) -> None:
    assert app.config["TEMPLATES_AUTO_RELOAD"] is None
    assert app.config["EXPLAIN_TEMPLATE_LOADING"] is False
    assert set(CONFIG_DEFAULTS) == {"TEMPLATES_AUTO_RELOAD", "EXPLAIN_TEMPLATE_LOADING"}


def test_config_given_to_the_app_is_kept() -> None:
    app = make_app(config={"EXPLAIN_TEMPLATE_LOADING": True})
    assert app.config["EXPLAIN_TEMPLATE_LOADING"] is True


def test_environment_made_once_on_first_use(app: tumbler.App) -> None:
    env = jinja_env(app)
    assert isinstance(env, Environment)
    assert env.app is app
    assert jinja_env(app) is env
    assert env.globals["config"] is app.config


def test_apps_do_not_share_state() -> None:
    one, two = make_app(), make_app()
    add_template_filter(one, str.upper, "shout")
    context_processor(one, lambda: {"who": "one"})
    assert jinja_env(one) is not jinja_env(two)
    assert "shout" not in jinja_env(two).filters
    with two.app_context():
        assert render_template_string("{{ who }}") == ""


def test_app_without_the_plugin() -> None:
    app = tumbler.App("bare", root_path=HERE, plugins=[])
    assert "TEMPLATES_AUTO_RELOAD" not in app.config
    assert not hasattr(app.plugins.hook, "tumbler_template_context")
    with app.app_context(), pytest.raises(RuntimeError) as e:
        render_template("hello.html")
    assert "templating plugin is not loaded on the app 'bare'" in str(e.value)
    assert "App(plugins=[...])" in str(e.value)


def test_app_is_freed_by_reference_counting() -> None:
    app = make_app()
    app.register_blueprint(make_blueprint("admin"))
    add_template_filter(app, str.upper, "shout")
    with app.app_context():
        assert render_template("admin/index.html") == "admin index"
    ref = weakref.ref(app)
    gc.disable()
    try:
        del app
        assert ref() is None
    finally:
        gc.enable()
