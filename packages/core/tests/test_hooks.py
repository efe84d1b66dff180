"""Every kernel hook spec: documented, and exercised by a ``test_hook_<name>`` test here."""

from __future__ import annotations

import ast
import functools
import inspect
import re
import typing as t
from pathlib import Path

import pluggy
import pytest
import tumbler
from tumbler import App, Blueprint, hookimpl, hookspecs
from werkzeug.test import Client

SPECS = sorted(
    name
    for name, value in vars(hookspecs).items()
    if name.startswith("tumbler_") and callable(value) and hasattr(value, "tumbler_spec")
)


@functools.cache
def _test_functions() -> dict[str, ast.FunctionDef]:
    found: dict[str, ast.FunctionDef] = {}
    for path in Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_hook_"):
                found[node.name] = node
    return found


def test_the_kernel_declares_hooks() -> None:
    assert "tumbler_configure" in SPECS and "tumbler_request_started" in SPECS


@pytest.mark.parametrize("name", SPECS)
def test_hook_spec_is_documented(name: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, name))
    assert doc and len(doc) > 40, f"the hook spec {name} needs a docstring saying when it is called and what it returns"
    assert "Return" in doc or "return" in doc, f"the docstring of {name} must say what its return value means"


@pytest.mark.parametrize("name", SPECS)
def test_hook_spec_says_what_happens_for_error_pages_and_since_when(name: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert all(code in doc for code in ("404", "405", "500")), f"{name}: say whether it runs for a 404, 405 and 500"
    assert re.search(r"\.\. versionadded:: 0\.\d+\.\d+", doc), f"{name}: add '.. versionadded:: <version>'"


@pytest.mark.parametrize("name", SPECS)
def test_hook_spec_has_a_test(name: str) -> None:
    test_name = f"test_hook_{name.removeprefix('tumbler_')}"
    tests = _test_functions()
    assert test_name in tests, f"the hook spec {name} needs a test named {test_name} in packages/core/tests"
    source = ast.unparse(tests[test_name])
    assert f"def {name}(" in source, f"{test_name} must implement {name}"


def test_hook_specs_are_typed() -> None:
    for name in SPECS:
        hints = getattr(hookspecs, name).__annotations__
        params = inspect.signature(getattr(hookspecs, name)).parameters
        assert set(params) <= set(hints), f"{name} has untyped parameters"
        assert "return" in hints, f"{name} has no return annotation"


# -- one test per hook ---------------------------------------------------------------------


def _app(*plugins: object) -> App:
    app = App("hooks_app", plugins=list(plugins))

    @app.route("/")
    def index() -> str:
        return "index"

    return app


def test_hook_addhooks() -> None:
    class Specs:
        @staticmethod
        @pluggy.HookspecMarker("tumbler")
        def tumbler_color(app: App) -> str:  # type: ignore[empty-body]
            """Name a color; all results are collected."""

    class Plugin:
        @hookimpl
        def tumbler_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
            pluginmanager.add_hookspecs(Specs)

        @hookimpl
        def tumbler_color(self, app: App) -> str:
            return "blue"

    app = App(__name__, plugins=[Plugin()])
    assert app.plugins.hook.tumbler_color(app=app) == ["blue"]
    assert app.plugins.hook.tumbler_color.spec is not None


def test_hook_configure() -> None:
    calls: list[str] = []

    class Plugin:
        @hookimpl
        def tumbler_configure(self, app: App) -> None:
            # every plugin is registered by now, and the app's config is complete
            calls.append(app.config["MINE"])
            app.config.setdefault("PLUGIN_DEFAULT", "x")

    app = App(__name__, plugins=[Plugin()], config={"MINE": "from config"})
    assert calls == ["from config"]
    assert app.config["PLUGIN_DEFAULT"] == "x"


def test_hook_blueprint_registered() -> None:
    seen: list[tuple[str, str, dict[str, t.Any]]] = []
    key = tumbler.StashKey[str]("bp-data")

    class Plugin:
        @hookimpl
        def tumbler_blueprint_registered(
            self, app: App, blueprint: Blueprint, name: str, options: dict[str, t.Any]
        ) -> None:
            seen.append((name, blueprint.stash.get(key, "-"), dict(options)))

    app = App(__name__, plugins=[Plugin()])
    parent, child = Blueprint("parent", __name__), Blueprint("child", __name__)
    child.stash[key] = "child data"
    parent.register_blueprint(child, url_prefix="/c")
    app.register_blueprint(parent, url_prefix="/p")
    app.register_blueprint(parent, name="again")
    assert [(n, d) for n, d, _ in seen] == [
        ("parent", "-"),
        ("parent.child", "child data"),
        ("again", "-"),
        ("again.child", "child data"),
    ]
    assert seen[0][2] == {"url_prefix": "/p"}


def test_hook_appcontext_pushed() -> None:
    seen: list[str] = []

    class Plugin:
        @hookimpl
        def tumbler_appcontext_pushed(self, app: App) -> None:
            seen.append(tumbler.current_app.name)
            tumbler.g.from_plugin = True

    app = _app(Plugin())
    with app.app_context():
        assert tumbler.g.from_plugin
    Client(app).get("/")
    assert seen == ["hooks_app", "hooks_app"]


def test_hook_appcontext_popped() -> None:
    seen: list[bool] = []

    class Plugin:
        @hookimpl
        def tumbler_appcontext_popped(self, app: App) -> None:
            seen.append(tumbler.has_app_context())

    app = _app(Plugin())
    Client(app).get("/")
    assert seen == [False]  # called after the context is gone


def test_hook_teardown_appcontext() -> None:
    seen: list[t.Any] = []

    class Plugin:
        @hookimpl
        def tumbler_teardown_appcontext(self, app: App, exc: BaseException | None) -> None:
            seen.append((exc, tumbler.has_app_context()))

    app = _app(Plugin())
    app.testing = True

    @app.route("/fail")
    def fail() -> str:
        raise KeyError("x")

    order: list[str] = []
    app.teardown_appcontext(lambda exc: order.append("app function"))
    client = Client(app)
    client.get("/")
    with pytest.raises(KeyError):
        client.get("/fail")
    assert seen[0] == (None, True)
    assert isinstance(seen[1][0], KeyError)
    assert order == ["app function", "app function"]


def test_hook_request_started() -> None:
    class Plugin:
        @hookimpl
        def tumbler_request_started(self, app: App) -> t.Any:
            if tumbler.request.args.get("block"):
                return {"blocked": tumbler.request.endpoint}
            return None

    app = _app(Plugin())
    before: list[str] = []
    app.before_request(lambda: before.append("before") and None)
    client = Client(app)
    assert client.get("/").text == "index"
    assert client.get("/?block=1").json == {"blocked": "index"}
    assert before == ["before"]  # the answered request skipped before_request


def test_hook_request_received() -> None:
    seen: list[tuple[str, t.Any]] = []

    class Plugin:
        @hookimpl
        def tumbler_request_received(self, app: App, environ: dict[str, t.Any]) -> None:
            if environ["PATH_INFO"] == "/old":
                environ["PATH_INFO"] = "/"  # rewriting the path (before reading request) changes what is matched
            seen.append((tumbler.request.path, tumbler.request.url_rule))  # pushed, not matched yet
            tumbler.g.started = True
            if environ["PATH_INFO"] == "/private":
                tumbler.abort(403)  # answered by the app's error handlers

    app = _app(Plugin())
    app.errorhandler(403)(lambda e: ("go away", 403))
    app.add_url_rule("/g", "g", lambda: str(tumbler.g.started))
    client = Client(app)
    assert client.get("/old").text == "index"
    assert client.get("/g").text == "True"
    assert (client.get("/private").status_code, client.get("/private").text) == (403, "go away")
    assert client.get("/missing").status_code == 404
    assert client.post("/").status_code == 405
    assert seen[:2] == [("/", None), ("/g", None)]
    assert len(seen) == 6  # also for 403, 404 and 405
    with app.test_request_context("/old") as ctx:
        assert ctx.request.endpoint == "index"


def test_hook_request_received_unimplemented_costs_nothing() -> None:
    app = _app()
    Client(app).get("/")
    assert app._hooks.request_received == ()


def test_hook_teardown_request() -> None:
    seen: list[t.Any] = []

    class Plugin:
        @hookimpl
        def tumbler_teardown_request(self, exc: BaseException | None) -> None:
            seen.append((type(exc).__name__, tumbler.request.path))

    app = _app(Plugin())

    @app.route("/fail")
    def fail() -> str:
        raise ValueError

    client = Client(app)
    client.get("/")
    assert client.get("/fail").status_code == 500
    assert seen == [("NoneType", "/"), ("ValueError", "/fail")]


def test_hook_make_response() -> None:
    class Money:
        def __init__(self, cents: int) -> None:
            self.cents = cents

    class Plugin:
        @hookimpl
        def tumbler_make_response(self, app: App, rv: t.Any) -> t.Any:
            if isinstance(rv, Money):
                return f"{rv.cents / 100:.2f}"
            return None

    app = _app(Plugin())
    app.add_url_rule("/money", "money", lambda: Money(250))
    app.add_url_rule("/tuple", "tuple", lambda: (Money(1), 201))
    app.add_url_rule("/other", "other", lambda: 42)
    client = Client(app)
    assert client.get("/money").text == "2.50"
    assert client.get("/tuple").status_code == 201
    assert client.get("/other").status_code == 500  # still a TypeError: the plugin passed


def test_hook_process_response() -> None:
    class Plugin:
        @hookimpl
        def tumbler_process_response(self, response: tumbler.Response) -> None:
            response.headers["X-Plugin"] = "seen"

    app = _app(Plugin())

    @app.after_request
    def after(response: tumbler.Response) -> tumbler.Response:
        assert "X-Plugin" not in response.headers  # plugins come after after_request
        return response

    client = Client(app)
    assert client.get("/").headers["X-Plugin"] == "seen"
    assert client.get("/missing").headers["X-Plugin"] == "seen"


def test_hook_request_exception() -> None:
    seen: list[BaseException] = []

    class Plugin:
        @hookimpl
        def tumbler_request_exception(self, app: App, exception: BaseException) -> None:
            seen.append(exception)

    app = _app(Plugin())
    app.register_error_handler(KeyError, lambda e: "handled")

    @app.route("/fail")
    def fail() -> str:
        raise ValueError("unhandled")

    @app.route("/handled")
    def handled() -> str:
        raise KeyError

    client = Client(app)
    assert client.get("/handled").text == "handled"
    assert client.get("/fail").status_code == 500
    assert [str(e) for e in seen] == ["unhandled"]


def test_wrapper_hooks_go_through_pluggy() -> None:
    order: list[str] = []

    class Wrapper:
        @hookimpl(wrapper=True)
        def tumbler_process_response(self, response: tumbler.Response) -> t.Generator[None, None, None]:
            order.append("wrapper before")
            yield
            order.append("wrapper after")

    class Plain:
        @hookimpl
        def tumbler_process_response(self, response: tumbler.Response) -> None:
            order.append("plain")

    Client(_app(Wrapper(), Plain())).get("/")
    assert order == ["wrapper before", "plain", "wrapper after"]
