"""One app using every first-party plugin together, as `pip install tumbler-framework` gives it."""

from __future__ import annotations

import json

import click
import pytest
import tumbler_signals as signals
from tumbler import App, Blueprint, redirect, request, url_for
from tumbler_cli import cli, main_group
from tumbler_sessions import flash, session
from tumbler_templating import render_template, template_filter
from tumbler_testing import test_client


@pytest.fixture
def app() -> App:
    app = App(__name__, config={"SECRET_KEY": "integration"})
    app.config["TESTING"] = True
    admin = Blueprint("admin", __name__, url_prefix="/admin")

    @template_filter(app)
    def shout(s: str) -> str:
        return s.upper() + "!"

    @app.post("/login")
    def login():
        session["user"] = request.form["user"]
        flash(f"welcome {request.form['user']}", "info")
        return redirect(url_for("page"))

    @app.get("/")
    def page():
        return render_template("page.html", title="home")

    @admin.get("/")
    def admin_home():
        return {"user": session.get("user")}

    @cli(app).command("greet")
    @click.argument("name")
    def greet(name: str) -> None:
        click.echo(f"hello {name} from {app.name}")

    app.register_blueprint(admin)
    return app


def test_every_plugin_is_loaded_and_listed(app: App) -> None:
    names = [info.name for info in app.plugins.list()]
    assert names == sorted(names)
    assert {"cli", "sessions", "signals", "templating", "testing"} <= set(names)
    assert "sessions" in app.plugins.call_order("tumbler_template_context")
    assert "signals" in app.plugins.call_order("tumbler_template_rendered")
    assert "templating" in app.plugins.call_order("tumbler_cli_commands")


def test_login_flashes_into_a_template_and_keeps_the_session(app: App, client) -> None:
    response = client.post("/login", data={"user": "ada"}, follow_redirects=True)
    assert response.status_code == 200
    assert '<p class="info">welcome ada</p>' in response.text
    assert "<span>ada</span>" in response.text
    assert response.headers["Vary"] == "Cookie"
    # the flash was consumed, the session stays
    again = client.get("/")
    assert "welcome" not in again.text and "<span>ada</span>" in again.text
    assert client.get("/admin/").json == {"user": "ada"}


def test_signals_see_templates_flashes_and_the_saved_session(app: App) -> None:
    seen: list[tuple[str, object]] = []

    def on_flash(sender, message, category):
        seen.append(("flashed", (message, category)))

    def on_before(sender, template, context):
        context["title"] = "changed by a receiver"

    def on_rendered(sender, template, context):
        seen.append(("rendered", template.name))

    def on_finished(sender, response):
        seen.append(("finished", "session=" in response.headers.get("Set-Cookie", "")))

    with (
        signals.message_flashed.connected_to(on_flash, app),
        signals.before_render_template.connected_to(on_before, app),
        signals.template_rendered.connected_to(on_rendered, app),
        signals.request_finished.connected_to(on_finished, app),
    ):
        client = test_client(app)
        client.post("/login", data={"user": "alan"})
        page = client.get("/")
    assert "<h1>changed by a receiver</h1>" in page.text
    assert seen == [
        ("flashed", ("welcome alan", "info")),
        ("finished", True),
        ("rendered", "page.html"),
        ("finished", True),
    ]


def test_session_transaction_uses_the_sessions_plugin(app: App, client) -> None:
    with client.session_transaction() as sess:
        sess["user"] = "grace"
    assert client.get("/admin/").json == {"user": "grace"}


def test_cli_runner_runs_app_and_plugin_commands(app: App, runner) -> None:
    assert runner.invoke(args=["greet", "you"]).output == f"hello you from {app.name}\n"
    listed = runner.invoke(args=["templates"])
    assert listed.exit_code == 0 and "page.html" in listed.output
    plugins = runner.invoke(main_group, ["plugins", "--json"])
    assert {p["name"] for p in json.loads(plugins.output)} >= {"sessions", "signals", "templating", "cli", "testing"}


def test_a_filter_from_templating_and_a_denied_plugin(make_app) -> None:
    bare = make_app(disable=["sessions"])
    assert "sessions" not in bare.plugins
    assert "templating" in bare.plugins
