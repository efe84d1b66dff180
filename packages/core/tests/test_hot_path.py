"""The request path makes no pluggy calls: hooks are compiled into plain lists.

Counted by replacing ``pluggy.HookCaller.__call__`` (every hook call through
pluggy goes through it) while requests run.
"""

from __future__ import annotations

import os
import typing as t

import pluggy
import pytest
import tumbler
from tumbler import App, Blueprint, hookimpl
from werkzeug.test import Client


@pytest.fixture
def pluggy_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = pluggy.HookCaller.__call__

    def counting(self: pluggy.HookCaller, **kwargs: t.Any) -> t.Any:
        calls.append(self.name)
        return original(self, **kwargs)

    monkeypatch.setattr(pluggy.HookCaller, "__call__", counting)
    return calls


def _busy_app(*plugins: object) -> App:
    """Routes of every kind: plain, variable, JSON, blueprint, errors, hooks."""
    app = App("hot_app", plugins=list(plugins), root_path=os.path.dirname(__file__))
    bp = Blueprint("bp", __name__, url_prefix="/bp")

    @app.route("/")
    def index() -> str:
        return "index"

    @app.route("/user/<int:id>")
    def user(id: int) -> dict[str, int]:
        return {"id": id}

    @app.route("/fail")
    def fail() -> str:
        raise ValueError

    @bp.route("/")
    def bp_index() -> str:
        return tumbler.url_for(".bp_index")

    @bp.before_request
    def before() -> None:
        tumbler.g.x = 1

    app.register_blueprint(bp)
    return app


PATHS = ["/", "/user/3", "/bp/", "/missing", "/fail", "/static/index.html"]


def _requests(app: App) -> list[int]:
    client = Client(app)
    statuses = [client.get(path).status_code for path in PATHS]
    statuses.append(client.post("/").status_code)
    statuses.append(client.head("/").status_code)
    statuses.append(client.options("/").status_code)
    return statuses


def test_no_plugin_makes_no_pluggy_call(pluggy_calls: list[str]) -> None:
    app = _busy_app()
    pluggy_calls.clear()  # setup may call hooks; requests may not
    assert _requests(app) == [200, 200, 200, 404, 500, 200, 405, 200, 200]
    assert pluggy_calls == ["tumbler_setup_finished"]  # once, as the first request ends setup


def test_one_request_hook_is_called_directly(pluggy_calls: list[str]) -> None:
    seen: list[str] = []

    class Plugin:
        @hookimpl
        def tumbler_request_started(self, app: App) -> None:
            seen.append(tumbler.request.path)

    app = _busy_app(Plugin())
    pluggy_calls.clear()
    _requests(app)
    assert pluggy_calls == ["tumbler_setup_finished"]  # once, as the first request ends setup
    assert len(seen) == 9  # it ran for every request, without pluggy in between


def test_every_request_hook_is_called_directly(pluggy_calls: list[str]) -> None:
    seen: set[str] = set()

    class Plugin:
        @hookimpl
        def tumbler_request_received(self) -> None:
            seen.add("request_received")

        @hookimpl
        def tumbler_appcontext_pushed(self) -> None:
            seen.add("appcontext_pushed")

        @hookimpl
        def tumbler_appcontext_popped(self) -> None:
            seen.add("appcontext_popped")

        @hookimpl
        def tumbler_teardown_appcontext(self, exc: BaseException | None) -> None:
            seen.add("teardown_appcontext")

        @hookimpl
        def tumbler_request_started(self, app: App) -> None:
            seen.add("request_started")

        @hookimpl
        def tumbler_teardown_request(self, app: App, exc: BaseException | None) -> None:
            seen.add("teardown_request")

        @hookimpl
        def tumbler_make_response(self, rv: t.Any) -> None:
            seen.add("make_response")

        @hookimpl
        def tumbler_process_response(self, app: App, response: tumbler.Response) -> None:
            seen.add("process_response")

        @hookimpl
        def tumbler_request_exception(self, exception: BaseException) -> None:
            seen.add("request_exception")

    app = _busy_app(Plugin())
    app.add_url_rule("/odd", "odd", lambda: 42)
    pluggy_calls.clear()
    _requests(app)
    Client(app).get("/odd")
    assert pluggy_calls == ["tumbler_setup_finished"]  # once, as the first request ends setup
    assert seen == set(tumbler.plugins.PER_REQUEST_HOOKS)


def test_setup_hooks_do_go_through_pluggy(pluggy_calls: list[str]) -> None:
    app = App(__name__, plugins=[])
    app.register_blueprint(Blueprint("bp", __name__))
    assert "tumbler_configure" in pluggy_calls
    assert "tumbler_blueprint_registered" in pluggy_calls


class _CountingRequest(tumbler.Request):
    made = 0

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        type(self).made += 1
        super().__init__(*args, **kwargs)


def test_routing_builds_no_request_object() -> None:
    """Matching a variable route and answering 404 or 405 read the environ only."""

    class CountingApp(App):
        request_class = _CountingRequest

    app = CountingApp("hot_app", plugins=[])
    app.add_url_rule("/user/<int:id>", "user", lambda id: f"user {id}")
    app.add_url_rule("/data/<name>", "data", lambda name: {"name": name})
    client = Client(app)
    _CountingRequest.made = 0
    assert client.get("/user/3").text == "user 3"
    assert client.get("/data/x").json == {"name": "x"}
    assert client.get("/missing").status_code == 404
    assert client.post("/user/3").status_code == 405
    assert _CountingRequest.made == 0
    # a view that reads the request gets one, routed the same way
    app2 = CountingApp("hot_app", plugins=[])
    app2.add_url_rule("/user/<int:id>", "user", lambda id: tumbler.request.path)
    assert Client(app2).get("/user/3").text == "/user/3"
    assert _CountingRequest.made == 1


def test_an_overridden_create_url_adapter_still_binds_every_request() -> None:
    bound: list[str] = []

    class MyApp(App):
        def create_url_adapter(self, request: tumbler.Request | None) -> t.Any:
            if request is not None:
                bound.append(request.path)
            return super().create_url_adapter(request)

    app = MyApp("hot_app", plugins=[])
    app.add_url_rule("/user/<int:id>", "user", lambda id: f"user {id}")
    client = Client(app)
    assert client.get("/user/3").text == "user 3"
    assert client.get("/missing").status_code == 404
    assert bound == ["/user/3", "/missing"]


def test_an_overridden_raise_routing_exception_sees_404s() -> None:
    class MyApp(App):
        def raise_routing_exception(self, request: tumbler.Request) -> t.NoReturn:
            tumbler.abort(418)

    app = MyApp("hot_app", plugins=[])
    assert Client(app).get("/missing").status_code == 418


def test_trusted_hosts_are_checked_on_variable_routes() -> None:
    app = App("hot_app", plugins=[], config={"TRUSTED_HOSTS": ["good.test"]})
    app.add_url_rule("/user/<int:id>", "user", lambda id: f"user {id}")
    client = Client(app)
    assert client.get("/user/3", "http://good.test/").text == "user 3"
    assert client.get("/user/3", "http://evil.test/").status_code == 400
