"""With tumbler-templating: csrf_token() and csrf_field() in templates (integration only)."""

from __future__ import annotations

import re

import tumbler
from tumbler_templating import render_template_string
from werkzeug.test import Client

from .conftest import GOOD_KEY

FORM = '<form method="post">{{ csrf_field() }}<input name="title"></form>'


def _app() -> tumbler.App:
    config = {"SECRET_KEY": GOOD_KEY, "TESTING": True, "SECURITY_FORM_TOKENS": True}
    app = tumbler.App("with_templating", plugins=["security", "templating"], config=config)

    @app.get("/form")
    def form() -> str:
        return render_template_string(FORM)

    @app.post("/form")
    def save() -> str:
        return "saved " + tumbler.request.form["title"]

    return app


def test_csrf_field_renders_unescaped_and_its_token_is_accepted() -> None:
    client = Client(_app())
    page = client.get("/form").text
    match = re.search(r'<input type="hidden" name="csrf_token" value="([^"]+)">', page)
    assert match is not None, page
    response = client.post("/form", data={"csrf_token": match.group(1), "title": "hi"})
    assert response.text == "saved hi"
    assert client.post("/form", data={"title": "no token"}).status_code == 403


def test_csrf_token_is_in_templates_only_during_a_request() -> None:
    app = _app()
    with app.test_request_context("/"):
        assert render_template_string("{{ csrf_token() == csrf_token() }}") == "True"
    with app.app_context():
        assert render_template_string("{{ csrf_token is defined }}") == "False"
