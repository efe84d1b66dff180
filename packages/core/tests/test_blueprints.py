"""Blueprints: prefixes, subdomains, defaults, nesting, scoped hooks and handlers."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
import tumbler
from tumbler import App, Blueprint, url_for
from werkzeug.test import Client


def test_url_prefix_and_endpoints(app: App, client: Client) -> None:
    bp = Blueprint("shop", __name__, url_prefix="/shop")

    @bp.route("/")
    def index() -> str:
        return f"{tumbler.request.endpoint} {tumbler.request.blueprint}"

    @bp.get("/item/<int:id>")
    def item(id: int) -> str:
        return url_for(".index") + " " + url_for("shop.item", id=id + 1)

    app.register_blueprint(bp)
    assert client.get("/shop/").text == "shop.index shop"
    assert client.get("/shop/item/1").text == "/shop/ /shop/item/2"
    assert app.blueprints == {"shop": bp}
    assert list(app.iter_blueprints()) == [bp]


@pytest.mark.parametrize(
    ("prefix", "rule", "url"),
    [
        ("/foo", "", "/foo"),
        ("/foo/", "", "/foo/"),
        ("/foo", "/", "/foo/"),
        ("/foo/", "/", "/foo/"),
        ("/foo/", "/bar", "/foo/bar"),
        ("/foo/", "bar", "/foo/bar"),
        ("/foo", "bar", "/foo/bar"),
        ("/foo/", "//bar", "/foo/bar"),
        ("/foo//", "/bar", "/foo/bar"),
    ],
)
def test_url_prefix_joining(app: App, prefix: str, rule: str, url: str) -> None:
    bp = Blueprint("test", __name__, url_prefix=prefix)

    @bp.route(rule)
    def index() -> str:
        return ""

    app.register_blueprint(bp)
    with app.test_request_context():
        assert url_for("test.index") == url


def test_register_options_override_the_blueprint(app: App, client: Client) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/a", url_defaults={"lang": "en"})

    @bp.route("/")
    def index(lang: str) -> str:
        return lang

    app.register_blueprint(bp)
    app.register_blueprint(bp, name="bp2", url_prefix="/b", url_defaults={"lang": "de"})
    assert client.get("/a/").text == "en"
    assert client.get("/b/").text == "de"
    with app.test_request_context():
        assert url_for("bp2.index") == "/b/"


def test_registering_twice_needs_a_new_name(app: App) -> None:
    bp = Blueprint("bp", __name__)
    app.register_blueprint(bp)
    with pytest.raises(ValueError, match="'bp' is already registered for this blueprint.*name="):
        app.register_blueprint(bp)
    with pytest.raises(ValueError, match="a different blueprint"):
        app.register_blueprint(Blueprint("bp", __name__))


def test_blueprint_name_rules() -> None:
    with pytest.raises(ValueError, match="may not contain a dot"):
        Blueprint("a.b", __name__)
    with pytest.raises(ValueError, match="may not be empty"):
        Blueprint("", __name__)
    bp = Blueprint("bp", __name__)
    with pytest.raises(ValueError, match="'endpoint' may not contain a dot"):
        bp.add_url_rule("/", endpoint="a.b")
    with pytest.raises(ValueError, match="on itself"):
        bp.register_blueprint(bp)


def test_setup_after_registration_fails(app: App) -> None:
    bp = Blueprint("bp", __name__)
    app.register_blueprint(bp)
    with pytest.raises(tumbler.SetupError, match="'route'|'add_url_rule'") as info:
        bp.add_url_rule("/late", "late", lambda: "")
    assert "blueprint 'bp'" in str(info.value)


def test_subdomain(app: App) -> None:
    app.config["SERVER_NAME"] = "example.test"
    app.subdomain_matching = True
    bp = Blueprint("api", __name__, subdomain="api")

    @bp.route("/")
    def index() -> str:
        return "api"

    app.register_blueprint(bp)
    client = Client(app)
    assert client.get("/", "http://api.example.test/").text == "api"
    assert client.get("/", "http://example.test/").status_code == 404
    with app.app_context():
        assert url_for("api.index") == "http://api.example.test/"


def test_nesting(app: App, client: Client) -> None:
    parent = Blueprint("parent", __name__)
    child = Blueprint("child", __name__)
    grandchild = Blueprint("grandchild", __name__)

    @grandchild.route("/")
    def index() -> str:
        return f"{tumbler.request.endpoint} {tumbler.request.blueprints}"

    @grandchild.route("/up")
    def up() -> str:
        return url_for(".index")

    child.register_blueprint(grandchild, url_prefix="/grandchild")
    parent.register_blueprint(child, url_prefix="/child")
    app.register_blueprint(parent, url_prefix="/parent")
    assert set(app.blueprints) == {"parent", "parent.child", "parent.child.grandchild"}
    assert (
        client.get("/parent/child/grandchild/").text
        == "parent.child.grandchild.index ['parent.child.grandchild', 'parent.child', 'parent']"
    )
    assert client.get("/parent/child/grandchild/up").text == "/parent/child/grandchild/"


def test_nested_blueprint_registered_twice_under_new_names(app: App, client: Client) -> None:
    parent = Blueprint("parent", __name__)
    child = Blueprint("child", __name__)

    @child.route("/")
    def index() -> str:
        return tumbler.request.endpoint or ""

    parent.register_blueprint(child, url_prefix="/a")
    parent.register_blueprint(child, name="child2", url_prefix="/b")
    app.register_blueprint(parent, url_prefix="/p")
    assert client.get("/p/a/").text == "parent.child.index"
    assert client.get("/p/b/").text == "parent.child2.index"


def test_nested_subdomains(app: App) -> None:
    app.config["SERVER_NAME"] = "example.test"
    app.subdomain_matching = True
    parent = Blueprint("parent", __name__, subdomain="api")
    child = Blueprint("child", __name__, subdomain="v1")

    @child.route("/")
    def index() -> str:
        return "v1"

    parent.register_blueprint(child)
    app.register_blueprint(parent)
    assert Client(app).get("/", "http://v1.api.example.test/").text == "v1"


def test_nested_url_defaults(app: App, client: Client) -> None:
    parent = Blueprint("parent", __name__, url_prefix="/<lang>")
    child = Blueprint("child", __name__, url_defaults={"kind": "c"})

    @child.route("/", defaults={"extra": 1})
    def index(lang: str, kind: str, extra: int) -> str:
        return f"{lang} {kind} {extra}"

    parent.register_blueprint(child, url_prefix="/child")
    app.register_blueprint(parent)
    assert client.get("/en/child/").text == "en c 1"


def test_scoped_request_hooks_run_in_order(app: App, client: Client) -> None:
    calls: list[str] = []
    parent = Blueprint("parent", __name__, url_prefix="/p")
    child = Blueprint("child", __name__, url_prefix="/c")

    def record(name: str) -> t.Callable[..., t.Any]:
        def hook(*args: t.Any) -> t.Any:
            calls.append(name)
            return args[0] if name.startswith("after") else None

        return hook

    app.before_request(record("before app"))
    parent.before_request(record("before parent"))
    child.before_request(record("before child"))
    app.after_request(record("after app"))
    parent.after_request(record("after parent"))
    child.after_request(record("after child"))
    app.teardown_request(record("teardown app"))
    parent.teardown_request(record("teardown parent"))
    child.teardown_request(record("teardown child"))

    @child.route("/")
    def index() -> str:
        calls.append("view")
        return "x"

    @app.route("/")
    def top() -> str:
        calls.append("top view")
        return "y"

    parent.register_blueprint(child)
    app.register_blueprint(parent)
    client.get("/p/c/")
    assert calls == [
        "before app",
        "before parent",
        "before child",
        "view",
        "after child",
        "after parent",
        "after app",
        "teardown child",
        "teardown parent",
        "teardown app",
    ]
    calls.clear()
    client.get("/")
    assert calls == ["before app", "top view", "after app", "teardown app"]


def test_app_wide_variants(app: App, client: Client) -> None:
    calls: list[str] = []
    bp = Blueprint("bp", __name__)

    @bp.before_app_request
    def before() -> None:
        calls.append("before")

    @bp.after_app_request
    def after(response: tumbler.Response) -> tumbler.Response:
        calls.append("after")
        return response

    @bp.teardown_app_request
    def teardown(exc: BaseException | None) -> None:
        calls.append("teardown")

    @bp.app_url_value_preprocessor
    def preprocess(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        calls.append(f"preprocess {endpoint}")

    @bp.app_url_defaults
    def defaults(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("q", "1")

    @bp.app_errorhandler(404)
    def not_found(e: Exception) -> tuple[str, int]:
        return "bp says not found", 404

    @app.route("/")
    def index() -> str:
        return url_for("index")

    app.register_blueprint(bp)
    app.register_blueprint(bp, name="again")  # app-wide functions are added once
    assert client.get("/").text == "/?q=1"
    assert calls == ["preprocess index", "before", "after", "teardown"]
    assert client.get("/missing").text == "bp says not found"


def test_error_handlers_blueprint_before_app(app: App, client: Client) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/bp")

    @app.errorhandler(404)
    def app_404(e: Exception) -> tuple[str, int]:
        return "app 404", 404

    @bp.errorhandler(404)
    def bp_404(e: Exception) -> tuple[str, int]:
        return "bp 404", 404

    @bp.errorhandler(ValueError)
    def bp_value(e: Exception) -> str:
        return "bp value"

    @app.errorhandler(ValueError)
    def app_value(e: Exception) -> str:
        return "app value"

    @bp.route("/abort")
    def bp_abort() -> str:
        tumbler.abort(404)

    @bp.route("/value")
    def bp_raise() -> str:
        raise ValueError

    @app.route("/value")
    def app_raise() -> str:
        raise ValueError

    app.register_blueprint(bp)
    assert client.get("/bp/abort").text == "bp 404"
    assert client.get("/bp/value").text == "bp value"
    assert client.get("/value").text == "app value"
    # a URL that matches nothing belongs to no blueprint
    assert client.get("/bp/nothing").text == "app 404"


def test_nested_error_handlers_innermost_first(app: App, client: Client) -> None:
    parent = Blueprint("parent", __name__)
    child = Blueprint("child", __name__)

    @parent.errorhandler(KeyError)
    def parent_key(e: Exception) -> str:
        return "parent key"

    @child.errorhandler(LookupError)
    def child_lookup(e: Exception) -> str:
        return "child lookup"

    @child.route("/child")
    def index() -> str:
        raise KeyError

    @parent.route("/parent")
    def parent_view() -> str:
        raise IndexError

    parent.register_blueprint(child)
    app.register_blueprint(parent)
    # the child's handler wins even though the parent's is for a closer class
    assert client.get("/child").text == "child lookup"
    assert client.get("/parent").status_code == 500


def test_scoped_url_processors(app: App, client: Client) -> None:
    bp = Blueprint("lang", __name__, url_prefix="/<lang_code>")

    @bp.url_defaults
    def add_language_code(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang_code", tumbler.g.lang_code)

    @bp.url_value_preprocessor
    def pull_lang_code(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        assert values is not None
        tumbler.g.lang_code = values.pop("lang_code")

    @bp.route("/")
    def index() -> str:
        return url_for(".about")

    @bp.route("/about")
    def about() -> str:
        return url_for(".index")

    app.register_blueprint(bp)
    assert client.get("/de/").text == "/de/about"
    assert client.get("/de/about").text == "/de/"


def test_endpoint_decorator(app: App, client: Client) -> None:
    bp = Blueprint("bp", __name__)
    bp.add_url_rule("/", endpoint="index")

    @bp.endpoint("bp.index")
    def index() -> str:
        return "endpoint"

    app.register_blueprint(bp)
    assert client.get("/").text == "endpoint"


def test_static_folder(tmp_path: Path) -> None:
    (tmp_path / "bp_static").mkdir()
    (tmp_path / "bp_static" / "x.txt").write_text("bp file")
    app = App(__name__, plugins=[], root_path=str(tmp_path))
    bp = Blueprint("admin", __name__, static_folder="bp_static", url_prefix="/admin", root_path=str(tmp_path))
    assert bp.static_url_path == "/bp_static"
    app.register_blueprint(bp)
    bp2 = Blueprint("b2", __name__, static_folder="bp_static", static_url_path="/files", root_path=str(tmp_path))
    app.register_blueprint(bp2, url_prefix="/b2")
    client = Client(app)
    assert client.get("/admin/bp_static/x.txt").text == "bp file"
    assert client.get("/admin/bp_static/missing.txt").status_code == 404
    assert client.get("/b2/files/x.txt").text == "bp file"
    with app.test_request_context():
        assert url_for("admin.static", filename="x.txt") == "/admin/bp_static/x.txt"


def test_record_and_record_once(app: App) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/x")
    every: list[tuple[str, bool]] = []
    once: list[str] = []
    bp.record(lambda state: every.append((state.name, state.first_registration)))
    bp.record_once(lambda state: once.append(state.url_prefix))
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="again", url_prefix="/y")
    assert every == [("bp", True), ("again", False)]
    assert once == ["/x"]


def test_setup_state_add_url_rule(app: App, client: Client) -> None:
    bp = Blueprint("bp", __name__, url_prefix="/pre")

    def deferred(state: tumbler.BlueprintSetupState) -> None:
        state.add_url_rule("/deferred", "deferred", lambda: "deferred")

    bp.record(deferred)
    app.register_blueprint(bp)
    assert client.get("/pre/deferred").text == "deferred"
    assert "bp.deferred" in app.view_functions


def test_blueprint_hooks_do_not_run_for_other_blueprints(app: App, client: Client) -> None:
    a, b = Blueprint("a", __name__), Blueprint("b", __name__)
    calls: list[str] = []
    a.before_request(lambda: calls.append("a") and None)

    @b.route("/b")
    def bview() -> str:
        return "b"

    app.register_blueprint(a)
    app.register_blueprint(b)
    client.get("/b")
    assert calls == []


def test_cli_group_attribute() -> None:
    assert Blueprint("bp", __name__, cli_group="tools").cli_group == "tools"
    assert Blueprint("bp", __name__, cli_group=None).cli_group is None
