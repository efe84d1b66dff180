"""What the request path leaves out, and that leaving it out changes no answer:
idle plugins (``app.plugins.set_idle``), teardown steps with nothing to run,
an app context's ``g`` nobody used, and a repeated static match.
"""

from __future__ import annotations

import pytest
import tumbler
from tumbler import App, PluginError, hookimpl
from werkzeug.routing import Rule
from werkzeug.test import Client


class Counter:
    """A plugin counting its per-request hook calls."""

    tumbler_plugin_name = "counter"

    def __init__(self) -> None:
        self.calls: list[str] = []

    @hookimpl
    def tumbler_request_started(self, app: App) -> None:
        self.calls.append("request_started")

    @hookimpl
    def tumbler_teardown_request(self, app: App, exc: BaseException | None) -> None:
        self.calls.append("teardown_request")


def counted_app() -> tuple[App, Counter]:
    counter = Counter()
    app = App("lean_app", plugins=[counter])
    app.add_url_rule("/", "index", lambda: "hi")
    return app, counter


def test_an_idle_plugin_is_not_called_and_wakes_while_serving() -> None:
    app, counter = counted_app()
    client = Client(app)
    assert client.get("/").text == "hi"
    assert counter.calls == ["request_started", "teardown_request"]
    app.plugins.set_idle("counter")
    assert client.get("/").text == "hi"
    assert counter.calls == ["request_started", "teardown_request"]
    app.plugins.set_idle("counter", False)
    client.get("/")
    assert counter.calls == ["request_started", "teardown_request"] * 2


def test_idle_leaves_setup_hooks_and_other_plugins_alone() -> None:
    seen: list[str] = []

    class Other:
        tumbler_plugin_name = "other"

        @hookimpl
        def tumbler_request_started(self, app: App) -> None:
            seen.append("other")

    counter = Counter()
    app = App("lean_app", plugins=[counter, Other()])
    app.add_url_rule("/", "index", lambda: "hi")
    app.plugins.set_idle("counter")
    Client(app).get("/")
    assert seen == ["other"] and counter.calls == []
    assert app.plugins.call_order("tumbler_request_started") == ["counter", "other"]  # still loaded


def test_set_idle_names_an_unknown_plugin() -> None:
    app, _ = counted_app()
    with pytest.raises(PluginError, match=r"set_idle\('countr'\): no plugin of that name is loaded. Loaded: counter"):
        app.plugins.set_idle("countr")


def test_teardown_functions_and_overrides_still_run() -> None:
    """Skipping empty teardown steps never skips a registered function or an override."""
    ran: list[str] = []

    class Overriding(App):
        def do_teardown_appcontext(self, exc: BaseException | None = None) -> None:
            ran.append("override")
            super().do_teardown_appcontext(exc)

    app = Overriding("lean_app", plugins=[])
    app.add_url_rule("/", "index", lambda: "hi")
    app.teardown_request(lambda exc: ran.append("teardown_request"))
    Client(app).get("/")
    assert ran == ["teardown_request", "override"]
    plain = App("lean_plain", plugins=[])
    plain.add_url_rule("/", "index", lambda: "hi")
    plain.teardown_appcontext(lambda exc: ran.append("teardown_appcontext"))
    Client(plain).get("/")
    assert ran[2:] == ["teardown_appcontext"]


def test_an_overridden_app_context_is_used_for_requests() -> None:
    made: list[str] = []

    class Tracking(App):
        def app_context(self) -> tumbler.ctx.AppContext:
            made.append("app_context")
            return super().app_context()

    app = Tracking("lean_app", plugins=[])
    app.add_url_rule("/", "index", lambda: "hi")
    client = Client(app)
    assert client.get("/").text == "hi" and client.get("/").text == "hi"
    assert made == ["app_context", "app_context"]


def test_g_is_made_on_first_use_with_the_apps_class() -> None:
    class Globals(tumbler.ctx._AppCtxGlobals):
        made = 0

        def __init__(self) -> None:
            Globals.made += 1

    app = App("lean_app", plugins=[])
    app.app_ctx_globals_class = Globals

    @app.get("/")
    def index() -> str:
        return "hi"

    @app.get("/g")
    def uses_g() -> str:
        tumbler.g.x = 1
        tumbler.g.y = tumbler.g.x + 1
        return str(tumbler.g.y)

    client = Client(app)
    assert client.get("/").text == "hi" and Globals.made == 0
    assert client.get("/g").text == "2" and Globals.made == 1
    with app.app_context() as ctx:
        replacement = Globals()
        ctx.g = replacement
        assert tumbler.g._get_current_object() is replacement  # type: ignore[attr-defined]


def test_repeated_static_requests_answer_as_werkzeug(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second request for a static path skips matching; each answer is the one werkzeug gives."""
    app = App("lean_app", plugins=[])
    app.add_url_rule("/a", "a", lambda: "a")
    app.add_url_rule("/p", "p", lambda: tumbler.request.method, methods=["POST"])
    client = Client(app)
    answers = []
    for _ in range(3):
        answers.append((client.get("/a").text, client.post("/p").text, client.get("/p").status_code))
        answers.append((client.get("/a", base_url="https://localhost").text, client.head("/a").status_code, 0))
    assert answers == [("a", "POST", 405), ("a", 200, 0)] * 3
    websocket = {"Upgrade": "websocket", "Connection": "Upgrade"}
    upgrade = client.get("/a", headers=websocket)
    app._direct_routes = False  # werkzeug alone, for the expected answer
    assert upgrade.status_code == Client(app).get("/a", headers=websocket).status_code == 400
    app._direct_routes = True
    app.url_map.add(Rule("/b", endpoint="a"))  # the map changed after requests: matching starts over
    assert client.get("/b").text == "a" and client.get("/a").text == "a"


def test_remembered_matches_are_bounded() -> None:
    app = App("lean_app", plugins=[])
    for i in range(40):
        app.add_url_rule(f"/r{i}", f"r{i}", lambda: "r", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    client = Client(app)
    for host in range(30):  # hosts werkzeug accepts: each becomes a key
        for i in range(40):
            for method in ("GET", "POST"):
                assert client.open(f"/r{i}", method=method, base_url=f"http://h{host}.test").text == "r"
    assert len(app._static_routes.seen) <= 1024


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 5000])
def test_the_direct_answer_says_its_length(size: int) -> None:
    app = App("lean_app", plugins=[])
    app.add_url_rule("/", "index", lambda: "é" * size)  # two bytes each in UTF-8
    response = Client(app).get("/")
    assert response.headers["Content-Length"] == str(2 * size) and len(response.data) == 2 * size
    assert Client(app).head("/").headers["Content-Length"] == str(2 * size)


def _not_found_apps() -> tuple[App, App]:
    """The same app twice; the second has an after_request function, so its 404s take the general path."""
    made = []
    for general in (False, True):
        app = App("lean_app", plugins=[])

        @app.get("/gone/<int:n>")
        def gone(n: int) -> str:
            tumbler.abort(404, description=f"Item {n} <b>went</b> away.\nSorry." if n else None)
            return ""

        if general:
            app.after_request(lambda response: response)
        made.append(app)
    return made[0], made[1]


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
def test_the_direct_404_answers_as_werkzeugs_page(method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    direct, general = _not_found_apps()
    full_dispatch, direct_pages = tumbler.pipeline._full_dispatch, []

    def counting(*args: object) -> object:
        direct_pages.extend([rv] if type(rv := full_dispatch(*args)) is bytes else [])  # type: ignore[arg-type]
        return rv

    monkeypatch.setattr(tumbler.pipeline, "_full_dispatch", counting)
    for path in ("/missing", "/gone/0", "/gone/7", "/gone/7", "/missing/again"):
        expected = Client(general).open(path, method=method)
        got = Client(direct).open(path, method=method)
        assert (got.status, got.data) == (expected.status, expected.data), path
        assert sorted(got.headers.items()) == sorted(expected.headers.items()), path
    assert b"Item 7 &lt;b&gt;went&lt;/b&gt; away.<br>Sorry." in Client(direct).get("/gone/7").data
    # every 404 of the direct app took the direct answer (a POST to /gone/<n> is a 405: the general path)
    assert len(direct_pages) == (3 if method == "POST" else 6)


def test_the_direct_404_keeps_handlers_and_many_descriptions() -> None:
    app = App("lean_app", plugins=[])

    @app.get("/gone/<int:n>")
    def gone(n: int) -> str:
        tumbler.abort(404, description=f"Item {n} went away.")
        return ""

    client = Client(app)
    pages = {client.get(f"/gone/{n}").data for n in range(100)}  # more than are remembered
    assert len(pages) == 100 and all(f"Item {n} went away.".encode() in client.get(f"/gone/{n}").data for n in (5, 99))
    handled = App("lean_handled", plugins=[])
    handled.register_error_handler(404, lambda e: ("custom", 404))
    assert Client(handled).get("/nowhere").text == "custom"
