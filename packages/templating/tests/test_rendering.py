from __future__ import annotations

import datetime

import pytest
import tumbler
from jinja2 import TemplatesNotFound
from markupsafe import Markup
from tumbler_templating import (
    context_processor,
    get_template_attribute,
    jinja_env,
    render_template,
    render_template_string,
)
from werkzeug.test import Client


def test_render_template_in_a_view(app: tumbler.App, client: Client) -> None:
    @app.get("/")
    def index() -> str:
        return render_template("hello.html", name="World")

    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == "<p>Hello World!</p>"


def test_render_template_string(app_ctx: tumbler.AppContext) -> None:
    assert render_template_string("{{ a }} + {{ b }}", a=1, b=2) == "1 + 2"


def test_first_existing_template_of_a_list(app_ctx: tumbler.AppContext) -> None:
    assert render_template(["missing.html", "hello.html", "title.html"], name="you") == "<p>Hello you!</p>"
    with pytest.raises(TemplatesNotFound):
        render_template(["missing.html", "gone.html"])


def test_template_object(app_ctx: tumbler.AppContext, app: tumbler.App) -> None:
    template = jinja_env(app).from_string("{{ x }}!")
    assert render_template(template, x="hey") == "hey!"


def test_nested_template_name(app_ctx: tumbler.AppContext) -> None:
    assert render_template("nested/page.txt", name="deep") == "nested deep"


def test_standard_context(app: tumbler.App, client: Client) -> None:
    app.config["SITE"] = "example"

    @app.get("/page")
    def page() -> str:
        tumbler.g.user = "ada"
        return render_template_string("{{ request.args.q }} {{ g.user }} {{ config.SITE }} {{ url_for('page', x=1) }}")

    assert client.get("/page?q=42").get_data(as_text=True) == "42 ada example /page?x=1"


def test_rendering_without_a_request(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    app.config["WORLD"] = "Special World"
    context_processor(app, lambda: {"foo": 42})
    assert render_template_string("Hello {{ config.WORLD }} {{ foo }}") == "Hello Special World 42"


def test_passed_variables_win(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    context_processor(app, lambda: {"value": "processor"})
    assert render_template_string("{{ config }} {{ g }} {{ value }}", config=42, g="mine", value="passed") == (
        "42 mine passed"
    )


def test_macros(app_ctx: tumbler.AppContext) -> None:
    greet = get_template_attribute("_macros.html", "greet")
    assert greet("World") == "Hello World!"
    assert get_template_attribute("_macros.html", "answer") == 42


def test_tojson_uses_the_app_json_provider(req_ctx: tumbler.RequestContext) -> None:
    data = {"name": "</script>", "time": datetime.datetime(2021, 2, 1, 7, 15)}
    rv = render_template_string("const data = {{ data|tojson }};", data=data)
    assert rv == 'const data = {"name": "\\u003c/script\\u003e", "time": "Mon, 01 Feb 2021 07:15:00 GMT"};'


def test_custom_g_class(app: tumbler.App) -> None:
    class Globals:
        spam = "eggs"

    app.app_ctx_globals_class = Globals  # type: ignore[assignment]
    with app.app_context():
        assert render_template_string("{{ g.spam }}") == "eggs"


def test_markup_is_not_escaped_again(app_ctx: tumbler.AppContext) -> None:
    assert render_template_string("{{ a }} {{ b }}", a="<b>", b=Markup("<b>")) == "&lt;b&gt; <b>"


@pytest.mark.parametrize(
    "call",
    [
        lambda: render_template("hello.html"),
        lambda: render_template_string("x"),
        lambda: get_template_attribute("_macros.html", "greet"),
    ],
)
def test_outside_an_app_context(call: object) -> None:
    with pytest.raises(RuntimeError) as e:
        call()  # type: ignore[operator]
    message = str(e.value)
    assert "needs an application context" in message
    assert "with app.app_context():" in message
