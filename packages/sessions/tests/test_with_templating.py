"""With the real tumbler-templating installed (the integration session):
``session`` and ``get_flashed_messages`` in every template's context.

Collected only where tumbler_templating can be imported (see conftest.py);
alone, ``test_template_context.py`` proves the same contract with a stand-in.
"""

from __future__ import annotations

import tumbler
from tumbler_sessions import flash, session
from tumbler_templating import render_template_string
from werkzeug.test import Client


def make_app() -> tumbler.App:
    return tumbler.App("with_templating", plugins=["sessions", "templating"], config={"SECRET_KEY": "k"})


def test_session_in_templates() -> None:
    app = make_app()

    @app.get("/")
    def index() -> str:
        session["test"] = "aha"
        return render_template_string("{{ session.test }} {{ session['test'] }}")

    assert Client(app).get("/").text == "aha aha"


def test_flashed_messages_in_templates() -> None:
    app = make_app()

    @app.get("/flash")
    def do_flash() -> str:
        flash("Hello <World>", "info")
        return ""

    @app.get("/")
    def index() -> str:
        return render_template_string(
            "{% for category, message in get_flashed_messages(with_categories=true) %}"
            "{{ category }}: {{ message }}{% endfor %}"
        )

    client = Client(app)
    client.get("/flash")
    assert client.get("/").text == "info: Hello &lt;World&gt;"


def test_template_without_session_does_not_vary() -> None:
    app = make_app()

    @app.get("/")
    def index() -> str:
        return render_template_string("plain")

    rv = Client(app).get("/")
    assert rv.text == "plain"
    assert "Vary" not in rv.headers


def test_outside_a_request() -> None:
    app = make_app()
    with app.app_context():
        assert render_template_string("{{ session is defined }} {{ get_flashed_messages is defined }}") == (
            "False True"
        )
