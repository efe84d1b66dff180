"""The app the hostile-input suite attacks: every first-party plugin, realistic views.

Templating renders what the client sent (autoescaped), sessions keep a login and
flash messages, signals count finished requests, the CLI plugin gets a command,
testing and security are loaded (security with its defaults: cross-origin
protection, headers, production checks). ``site/`` is the app's root: only
``site/static`` and ``site/uploads`` are served; ``site/secret.txt`` and
``../outside-sentinel.txt`` hold a sentinel line no response may contain.

``/fail`` is the one route that fails on purpose (a 500).
"""

from __future__ import annotations

import os
import typing as t
from datetime import timedelta
from pathlib import Path

import tumbler_signals as signals
from tumbler import App, abort, redirect, request, send_from_directory, url_for
from tumbler_cli import cli
from tumbler_sessions import flash, session
from tumbler_templating import render_template
from werkzeug.exceptions import HTTPException

SITE = Path(__file__).resolve().parent / "site"
#: The line in site/secret.txt and outside-sentinel.txt.
SENTINEL = "HOSTILE-SENTINEL-7f3a"
SECRET_KEY = "hostile-suite-4c9d1e0b7a2f48e6b3d5c8a1f0e9d7b6"
#: Requests whose body may be this large; larger ones get 413.
MAX_CONTENT_LENGTH = 1024 * 1024


def create_app() -> App:
    app = App(
        "hostile_app",
        root_path=str(SITE),
        config={
            "SECRET_KEY": SECRET_KEY,
            "MAX_CONTENT_LENGTH": MAX_CONTENT_LENGTH,
            "PERMANENT_SESSION_LIFETIME": timedelta(hours=1),
            "SESSION_COOKIE_SAMESITE": "Lax",
        },
    )
    app.extensions["hostile.finished"] = [0]
    _views(app)
    _errors(app)
    _plugins_in_use(app)
    return app


def _echo(label: str, value: t.Any) -> str:
    return render_template("echo.html", label=label, value=value)


def _views(app: App) -> None:
    @app.get("/")
    def index() -> str:
        return _echo("home", "welcome")

    @app.get("/search")
    def search() -> str:
        return _echo("query", request.args.get("q", ""))

    @app.post("/echo-form")
    def echo_form() -> str:
        return _echo("form", request.form.get("q", ""))

    @app.get("/user/<name>")
    def user(name: str) -> str:
        return _echo("user", name)

    @app.get("/agent")
    def agent() -> str:
        return _echo("agent", request.headers.get("User-Agent", ""))

    @app.post("/json")
    def json_view() -> dict[str, t.Any]:
        data = request.get_json()
        return {"type": type(data).__name__, "size": len(request.get_data())}

    @app.post("/json-echo")
    def json_echo() -> str:
        data = request.get_json()
        return _echo("json", data.get("q", "") if isinstance(data, dict) else repr(data))

    @app.post("/upload")
    def upload() -> str:
        names = [f"{f.filename} ({len(f.read())} bytes)" for f in request.files.values()]
        return _echo("upload", ", ".join(names) + " | " + ", ".join(request.form.values()))

    @app.get("/session")
    def show_session() -> dict[str, t.Any]:
        return dict(session)

    @app.post("/login")
    def login() -> t.Any:
        session["user"] = request.form.get("user", "")
        session.permanent = True
        flash(f"welcome {session['user']}", "info")
        return redirect(url_for("index"))

    @app.get("/flash")
    def flash_view() -> t.Any:
        flash(request.args.get("m", ""), request.args.get("c", "message"))
        return redirect(url_for("index"))

    @app.get("/files/<path:name>")
    def files(name: str) -> t.Any:
        return send_from_directory(SITE / "uploads", name)

    @app.get("/go")
    def go() -> t.Any:
        return redirect(request.args.get("next", "/"))

    @app.get("/pref")
    def pref() -> t.Any:
        response = app.make_response(_echo("pref", request.args.get("v", "")))
        response.set_cookie("pref", request.args.get("v", ""))
        return response

    @app.get("/abort")
    def abort_view() -> t.Any:
        abort(400, description=request.args.get("d", "no reason"))

    @app.get("/stream")
    def stream() -> t.Any:
        words = request.args.getlist("w")
        return (f"{i}:{len(w)}\n" for i, w in enumerate(words))

    @app.route("/any", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def any_method() -> str:
        return f"method {request.method} ok"

    @app.get("/fail")
    def fail() -> str:
        raise RuntimeError("deliberate failure for the hostile suite")


def _errors(app: App) -> None:
    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> t.Any:
        # the app's own error pages use url_for (in base.html), as most apps' do
        return render_template("error.html", code=e.code, name=e.name, description=e.description), e.code

    @app.errorhandler(500)
    def server_error(e: Exception) -> t.Any:
        return render_template("error.html", code=500, name="Server Error", description="It failed."), 500


def _plugins_in_use(app: App) -> None:
    def count(sender: App, response: t.Any, **extra: t.Any) -> None:
        sender.extensions["hostile.finished"][0] += 1

    signals.request_finished.connect(count, app, weak=False)

    @cli(app).command("hostile-stats")
    def stats() -> None:
        print(f"finished requests: {app.extensions['hostile.finished'][0]}")


app = create_app()

if os.environ.get("HOSTILE_PRINT_PLUGINS"):
    print(sorted(app.plugins))
