"""Differential tests: the direct path for plain routes (``StaticRoutes``) and
the direct text answer (no Response object) must answer exactly as werkzeug's
matcher and a full ``Response`` would.

Each app is built twice from one recipe; the second copy has both shortcuts
turned off. Every request goes to both, and status, header list and body
must be identical.
"""

from __future__ import annotations

import itertools
import logging
import os
import typing as t

import pytest
import tumbler
from tumbler import App, Blueprint, abort
from tumbler.routing import StaticRoutes
from werkzeug.routing import Rule
from werkzeug.test import EnvironBuilder

HERE = os.path.dirname(__file__)
Answer = tuple[str, list[tuple[str, str]], bytes]


def basic_routes(app: App) -> None:
    @app.route("/")
    def index() -> str:
        return "index"

    @app.route("/about")
    def about() -> str:
        return "about"

    @app.route("/folder/")
    def folder() -> str:
        return "folder"

    @app.route("/loose/", strict_slashes=False)
    def loose() -> str:
        return "loose"

    @app.route("/ümlaut")
    def umlaut() -> str:
        return "ümlaut ✓"

    @app.route("/with space")
    def space() -> str:
        return "space"

    @app.route("/post-only", methods=["POST"])
    def post_only() -> str:
        return "posted"

    @app.get("/split")
    def split_get() -> str:
        return "split get"

    @app.post("/split")
    def split_post() -> str:
        return "split post"

    @app.route("/dup")
    def dup_first() -> str:
        return "first"

    @app.route("/dup", endpoint="dup_second")
    def dup_second() -> str:
        return "second"

    @app.route("/<name>", methods=["GET", "POST", "PUT"])
    def named(name: str) -> str:
        return f"name {name}"

    @app.route("/page/", defaults={"page": 1})
    @app.route("/page/<int:page>")
    @app.route("/page/first")
    def page(page: int = 0) -> str:
        return f"page {page}"

    @app.route("/lang", defaults={"lang": "en"})
    def lang(lang: str) -> str:
        return f"lang {lang}"

    app.add_url_rule("/old", "old", redirect_to="/about")
    app.add_url_rule("/old-func", "old_func", redirect_to=lambda adapter: "/folder/")
    app.url_map.add(Rule("/build-only", endpoint="about", build_only=True))
    app.url_map.add(Rule("/raw", endpoint="raw"))  # no methods: every method
    app.view_functions["raw"] = lambda: "raw"

    @app.route("/json")
    def as_json() -> dict[str, t.Any]:
        return {"b": 1, "a": [1, 2]}

    @app.route("/bytes")
    def as_bytes() -> bytes:
        return b"bytes"

    @app.route("/created")
    def created() -> tuple[str, int]:
        return "created", 201

    @app.route("/resp")
    def resp() -> tumbler.Response:
        return tumbler.Response("resp", headers={"X-A": "1"})

    @app.route("/teapot")
    def teapot() -> str:
        abort(418)

    @app.route("/boom")
    def boom() -> str:
        raise ValueError("boom")

    @app.route("/after-this")
    def after_this() -> str:
        @tumbler.after_this_request
        def add(response: tumbler.Response) -> tumbler.Response:
            response.headers["X-After-This"] = "1"
            return response

        return "after this"

    @app.route("/processed")
    def processed() -> str:
        tumbler.request_ctx.add_response_processor(lambda r: r.headers.set("X-Processed", "1"))
        return "processed"

    @app.route("/markup")
    def markup() -> str:
        class Markup(str):
            pass

        return Markup("<b>markup</b>")

    bp = Blueprint("bp", __name__, url_prefix="/bp")

    @bp.route("/")
    def bp_index() -> str:
        return tumbler.url_for(".bp_x")

    @bp.route("/x")
    def bp_x() -> str:
        return f"bp x {tumbler.g.get('seen')}"

    @bp.before_request
    def bp_before() -> None:
        tumbler.g.seen = "before"

    @bp.route("/one")
    @bp.route("/two")
    def bp_twice() -> str:
        return f"twice {tumbler.request.path}"

    app.register_blueprint(bp)
    app.url_map.add(Rule("/alias", endpoint="about", alias=True))
    app.url_map.add(Rule("/empty-defaults", endpoint="shared", defaults={}))
    app.url_map.add(Rule("/shared", endpoint="shared"))
    app.view_functions["shared"] = lambda: "shared"


def with_hooks(app: App) -> None:
    basic_routes(app)

    @app.before_request
    def before() -> str | None:
        return "short-circuit" if tumbler.request.args.get("stop") else None

    @app.errorhandler(404)
    def not_found(e: Exception) -> str:
        return f"nothing at {tumbler.request.path}"


def with_after_request(app: App) -> None:
    basic_routes(app)

    @app.after_request
    def after(response: tumbler.Response) -> tumbler.Response:
        response.headers["X-After"] = "1"
        return response


def with_map_settings(app: App) -> None:
    app.url_map.strict_slashes = False
    app.url_map.merge_slashes = False
    app.url_map.redirect_defaults = False
    basic_routes(app)


def with_server_name(app: App) -> None:
    app.config["SERVER_NAME"] = "example.test"
    basic_routes(app)


RECIPES = {
    "basic": basic_routes,
    "hooks": with_hooks,
    "after_request": with_after_request,
    "map_settings": with_map_settings,
    "server_name": with_server_name,
}

PATHS = [
    "/",
    "/about",
    "/about/",
    "/about?x=1",
    "/folder",
    "/folder/",
    "/folder?x=1",
    "/loose",
    "/loose/",
    "/ümlaut",
    "/ümlaut/",
    "/with space",
    "/post-only",
    "/split",
    "/dup",
    "/anything",
    "/page/",
    "/page/1",
    "/page/2",
    "/page/first",
    "/lang",
    "/old",
    "/old-func",
    "/build-only",
    "/raw",
    "/json",
    "/bytes",
    "/created",
    "/resp",
    "/teapot",
    "/boom",
    "/after-this",
    "/processed",
    "/markup",
    "/bp/",
    "/bp",
    "/bp/x",
    "/bp/x/",
    "/bp/one",
    "/bp/two",
    "/alias",
    "/empty-defaults",
    "/shared",
    "/missing/deeper",
    "/static/index.html",
    "/static/",
    "/?stop=1",
    "/about?stop=1",
    "/nothing?stop=1",
]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "BREW", "get", "head"]
#: PATH_INFO values as a server may pass them (latin-1 decoded bytes, no unquoting).
RAW_PATHS = [
    "",
    "/%C3%BCmlaut",
    "/\xc3\xbcmlaut",
    "/\xff",
    "/about%2F",
    "//about",
    "/about//",
    "/./about",
    "/../about",
    "/ABOUT",
    "/about\x00",
    "/%2e%2e/about",
]


#: Requests that werkzeug matches as websockets.
WEBSOCKET: list[dict[str, t.Any]] = [
    {"headers": {"Connection": "Upgrade", "Upgrade": "websocket"}},
    {"headers": {"Connection": "keep-alive, upgrade", "Upgrade": "WebSocket"}, "base_url": "https://localhost/"},
    {"headers": {"Upgrade": "h2c"}},
    {"environ_overrides": {"wsgi.url_scheme": "ws"}},
]


def _make(recipe: t.Callable[[App], None], direct: bool) -> App:
    app = App("direct_app", plugins=[], root_path=HERE)
    recipe(app)
    if not direct:
        app.finish_setup()
        app._direct_routes = False  # werkzeug matches every request

        class PlainResponse(tumbler.Response):
            pass

        app.response_class = PlainResponse  # every str becomes a real Response
    return app


def _answer(app: App, environ: dict[str, t.Any]) -> Answer:
    started: list[tuple[str, list[tuple[str, str]]]] = []
    body_iter = app(environ, lambda status, headers, exc_info=None: started.append((status, list(headers))))
    try:
        body = b"".join(body_iter)
    finally:
        close = getattr(body_iter, "close", None)
        if close is not None:
            close()
    # Date is the clock, not the answer: two requests may straddle a second
    headers = [(k, v) for k, v in started[0][1] if k != "Date"]
    return started[0][0], headers, body


def _environ(method: str, path: str | None = None, raw: str | None = None, **kwargs: t.Any) -> dict[str, t.Any]:
    builder = EnvironBuilder(path or "/", method=method, **kwargs)
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    if raw is not None:
        environ["PATH_INFO"] = raw
    return environ


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """The /boom requests log tracebacks; formatting thousands of them is slow."""
    monkeypatch.setattr(logging.getLogger("direct_app"), "disabled", True)


@pytest.fixture
def direct_counter(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many requests the shortcuts answered (proof the comparison is not vacuous)."""
    counts = {"routes": 0, "text": 0}
    match = StaticRoutes.match

    def counting_match(self: StaticRoutes, path: str, method: str) -> Rule | None:
        rule = match(self, path, method)
        counts["routes"] += rule is not None
        return rule

    monkeypatch.setattr(StaticRoutes, "match", counting_match)
    full_dispatch = tumbler.pipeline._full_dispatch

    def counting_dispatch(*args: t.Any) -> t.Any:
        rv = full_dispatch(*args)
        counts["text"] += type(rv) is tuple  # the direct answer: (body, content type), no Response
        return rv

    monkeypatch.setattr(tumbler.pipeline, "_full_dispatch", counting_dispatch)
    return counts


@pytest.mark.parametrize("recipe", list(RECIPES))
def test_same_answers_with_and_without_the_direct_path(recipe: str, direct_counter: dict[str, int]) -> None:
    fast, slow = _make(RECIPES[recipe], True), _make(RECIPES[recipe], False)
    compared = 0
    for method, path in itertools.product(METHODS, PATHS):
        expected = _answer(slow, _environ(method, path))
        assert _answer(fast, _environ(method, path)) == expected, f"{method} {path}"
        compared += 1
    for method, raw in itertools.product(("GET", "POST", "OPTIONS"), RAW_PATHS):
        expected = _answer(slow, _environ(method, raw=raw))
        assert _answer(fast, _environ(method, raw=raw)) == expected, f"{method} raw {raw!r}"
        compared += 1
    for extra in WEBSOCKET:
        for path in ("/", "/about", "/missing"):
            assert _answer(fast, _environ("GET", path, **extra)) == _answer(slow, _environ("GET", path, **extra)), path
    assert compared == len(METHODS) * len(PATHS) + 3 * len(RAW_PATHS)
    assert direct_counter["routes"] > 50
    if recipe != "after_request":
        assert direct_counter["text"] > 50
    else:
        assert direct_counter["text"] == 0


@pytest.mark.parametrize(
    ("base_url", "host"),
    [("http://localhost/mount/", None), ("https://example.test/", None), ("http://localhost/", "other.test:8080")],
)
def test_same_answers_behind_a_prefix_and_other_hosts(base_url: str, host: str | None) -> None:
    fast, slow = _make(with_server_name, True), _make(with_server_name, False)
    headers = {"Host": host} if host else {}
    for method, path in itertools.product(("GET", "HEAD", "POST", "OPTIONS"), PATHS):
        kwargs = {"base_url": base_url, "headers": headers}
        assert _answer(fast, _environ(method, path, **kwargs)) == _answer(slow, _environ(method, path, **kwargs)), path


def test_direct_path_is_off_where_werkzeug_must_decide(direct_counter: dict[str, int]) -> None:
    for kwargs in ({"subdomain_matching": True}, {"host_matching": True, "static_folder": None}):
        app = App("direct_app", plugins=[], **kwargs)  # type: ignore[arg-type]
        app.add_url_rule("/", "index", lambda: "x", host="localhost" if kwargs.get("host_matching") else None)
        _answer(app, _environ("GET", "/"))
    trusted = App("direct_app", plugins=[], config={"TRUSTED_HOSTS": ["localhost"]})
    trusted.add_url_rule("/", "index", lambda: "x")
    assert _answer(trusted, _environ("GET", "/", headers={"Host": "evil.test"}))[0].startswith("400")
    assert direct_counter["routes"] == 0


def test_rules_added_later_are_seen(direct_counter: dict[str, int]) -> None:
    """The direct path rebuilds itself when the map changes (for example when a
    test adds a rule to ``url_map`` between requests)."""
    app = App("direct_app", plugins=[])
    app.add_url_rule("/", "index", lambda: "index")
    assert _answer(app, _environ("GET", "/"))[2] == b"index"
    app.url_map.add(Rule("/late", endpoint="late"))
    app.view_functions["late"] = lambda: "late"
    assert _answer(app, _environ("GET", "/late"))[2] == b"late"
    app.url_map.add(Rule("/", endpoint="index", defaults={"x": 1}, methods=["POST"]))
    # the first request went through werkzeug, whose bind validated its Host
    assert direct_counter["routes"] == 1
