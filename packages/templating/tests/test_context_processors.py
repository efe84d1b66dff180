from __future__ import annotations

import pytest
import tumbler
from tumbler_templating import (
    app_context_processor,
    context_processor,
    render_template,
    render_template_string,
    template_context_processors,
)
from werkzeug.test import Client

SOURCE = "{{ app_value }}|{{ bp_value }}|{{ app_wide }}"


def test_app_context_processor(app: tumbler.App, client: Client) -> None:
    @context_processor(app)
    def inject() -> dict[str, int]:
        return {"injected": 42}

    @app.get("/")
    def index() -> str:
        return render_template("context.html", value=23)

    assert client.get("/").get_data(as_text=True) == "23|42"
    assert template_context_processors(app)[None] == [inject]


def test_processors_run_in_order_later_wins(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    context_processor(app, lambda: {"a": 1, "b": 1})
    context_processor(app, lambda: {"b": 2})
    assert render_template_string("{{ a }}{{ b }}") == "12"


def test_blueprint_processors_only_for_its_requests(app: tumbler.App, client: Client) -> None:
    bp = tumbler.Blueprint("bp", __name__)
    context_processor(app, lambda: {"app_value": "A"})
    context_processor(bp, lambda: {"bp_value": "B"})
    app_context_processor(bp, lambda: {"app_wide": "W"})
    bp.add_url_rule("/bp", "page", lambda: render_template_string(SOURCE))
    app.add_url_rule("/", "page", lambda: render_template_string(SOURCE))
    app.register_blueprint(bp)

    assert client.get("/").get_data(as_text=True) == "A||W"
    assert client.get("/bp").get_data(as_text=True) == "A|B|W"
    with app.app_context():
        assert render_template_string(SOURCE) == "A||W"


def test_nested_blueprints_inner_wins(app: tumbler.App, client: Client) -> None:
    parent = tumbler.Blueprint("parent", __name__)
    child = tumbler.Blueprint("child", __name__)
    context_processor(app, lambda: {"key": "app", "level": "app"})
    context_processor(parent, lambda: {"key": "parent", "seen": "parent"})
    context_processor(child, lambda: {"key": "child"})
    child.add_url_rule("/c", "c", lambda: render_template_string("{{ key }} {{ seen }} {{ level }}"))
    parent.add_url_rule("/p", "p", lambda: render_template_string("{{ key }} {{ seen }} {{ level }}"))
    parent.register_blueprint(child)
    app.register_blueprint(parent)

    assert client.get("/c").get_data(as_text=True) == "child parent app"
    assert client.get("/p").get_data(as_text=True) == "parent parent app"
    assert set(template_context_processors(app)) == {None, "parent", "parent.child"}


def test_blueprint_registered_twice_under_two_names(app: tumbler.App, client: Client) -> None:
    bp = tumbler.Blueprint("bp", __name__)
    context_processor(bp, lambda: {"who": tumbler.request.blueprint})
    bp.add_url_rule("/", "page", lambda: render_template_string("{{ who }}"))
    app.register_blueprint(bp, url_prefix="/one")
    app.register_blueprint(bp, url_prefix="/two", name="two")
    assert client.get("/one/").get_data(as_text=True) == "bp"
    assert client.get("/two/").get_data(as_text=True) == "two"


def test_async_context_processor(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    @context_processor(app)
    async def inject() -> dict[str, str]:
        return {"value": "from a coroutine"}

    assert render_template_string("{{ value }}") == "from a coroutine"


def test_processor_sees_the_request(app: tumbler.App, client: Client) -> None:
    context_processor(app, lambda: {"path": tumbler.request.path})
    app.add_url_rule("/where", "where", lambda: render_template_string("{{ path }}"))
    assert client.get("/where").get_data(as_text=True) == "/where"


def test_app_context_processor_needs_a_blueprint(app: tumbler.App) -> None:
    with pytest.raises(TypeError, match=r"context_processor\(app, f\)"):
        app_context_processor(app, lambda: {})  # type: ignore[call-overload]


def test_no_processor_after_setup(app: tumbler.App, client: Client) -> None:
    bp = tumbler.Blueprint("bp", __name__)
    app.add_url_rule("/", "index", lambda: "ok")
    app.register_blueprint(bp)
    client.get("/")
    with pytest.raises(AssertionError, match="'context_processor' can no longer be called on the application"):
        context_processor(app, lambda: {})
    with pytest.raises(AssertionError, match="'context_processor' can no longer be called on the blueprint"):
        context_processor(bp, lambda: {})
    with pytest.raises(AssertionError, match="'app_context_processor' can no longer be called"):
        app_context_processor(bp, lambda: {})
