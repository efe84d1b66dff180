from __future__ import annotations

import pytest
import tumbler
from tumbler_templating import (
    add_template_filter,
    add_template_global,
    add_template_test,
    jinja_env,
    render_template_string,
    template_filter,
    template_global,
    template_test,
)
from werkzeug.test import Client


def reverse(s: str) -> str:
    return s[::-1]


def is_boolean(value: object) -> bool:
    return isinstance(value, bool)


def answer() -> int:
    return 42


def test_filter_decorator(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    assert template_filter(app)(reverse) is reverse
    template_filter(app, "strrev")(reverse)
    assert jinja_env(app).filters["reverse"] is reverse
    assert render_template_string("{{ 'abcd'|reverse }} {{ 'xy'|strrev }}") == "dcba yx"


def test_add_filter(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    add_template_filter(app, reverse)
    add_template_filter(app, reverse, "strrev")
    assert render_template_string("{{ 'abcd'|reverse }} {{ 'xy'|strrev }}") == "dcba yx"


def test_tests(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    template_test(app)(is_boolean)
    add_template_test(app, is_boolean, "boolish")
    assert jinja_env(app).tests["is_boolean"] is is_boolean
    source = "{% if v is is_boolean %}yes{% endif %}{% if v is boolish %}!{% endif %}"
    assert render_template_string(source, v=False) == "yes!"
    assert render_template_string(source, v=0) == ""


def test_globals(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    template_global(app)(answer)
    add_template_global(app, answer, "the_answer")
    assert render_template_string("{{ answer() }} {{ the_answer() }}") == "42 42"


def test_blueprint_registers_app_wide(app: tumbler.App, client: Client) -> None:
    bp = tumbler.Blueprint("bp", __name__)
    template_filter(bp)(reverse)
    add_template_test(bp, is_boolean, "boolean")
    template_global(bp, "get_answer")(answer)
    assert "get_answer" not in jinja_env(app).globals
    app.add_url_rule(
        "/",
        "index",
        lambda: render_template_string("{{ 'ab'|reverse }}{% if True is boolean %} {{ get_answer() }}{% endif %}"),
    )
    app.register_blueprint(bp)
    assert jinja_env(app).globals["get_answer"] is answer
    assert client.get("/").get_data(as_text=True) == "ba 42"


def test_blueprint_registered_after_the_route(app: tumbler.App, client: Client) -> None:
    @app.get("/")
    def index() -> str:
        return render_template_string("{{ 'abcd'|super_reverse }}")

    bp = tumbler.Blueprint("bp", __name__)
    add_template_filter(bp, reverse, "super_reverse")
    app.register_blueprint(bp)
    assert client.get("/").get_data(as_text=True) == "dcba"


def test_undefined_filter_names_the_filter(app_ctx: tumbler.AppContext) -> None:
    with pytest.raises(Exception, match="No filter named 'nope'"):
        render_template_string("{{ 1|nope }}")


def test_not_after_setup(app: tumbler.App, client: Client) -> None:
    bp = tumbler.Blueprint("bp", __name__)
    app.add_url_rule("/", "index", lambda: "ok")
    app.register_blueprint(bp)
    client.get("/")
    with pytest.raises(AssertionError, match="'add_template_filter' can no longer be called"):
        add_template_filter(app, reverse)
    with pytest.raises(AssertionError, match="'template_global' can no longer be called on the blueprint"):
        template_global(bp)(answer)


def test_only_apps_and_blueprints(app: tumbler.App) -> None:
    with pytest.raises(TypeError, match=r"add_template_filter\(\) takes an App or a Blueprint"):
        add_template_filter(object(), reverse)  # type: ignore[arg-type]
