"""Routing: rules, methods, converters, defaults, slashes, redirects, hosts."""

from __future__ import annotations

import typing as t
import uuid

import pytest
import tumbler
from tumbler import App
from werkzeug.routing import BaseConverter, ValidationError
from werkzeug.test import Client


def test_route_and_method_shortcuts(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        return "index"

    @app.get("/get")
    def get() -> str:
        return "GET"

    @app.post("/post")
    def post() -> str:
        return "POST"

    @app.put("/put")
    def put() -> str:
        return "PUT"

    @app.patch("/patch")
    def patch() -> str:
        return "PATCH"

    @app.delete("/delete")
    def delete() -> str:
        return "DELETE"

    assert client.get("/").text == "index"
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        response = client.open(f"/{method.lower()}", method=method)
        assert response.text == method
        other = "POST" if method == "GET" else "GET"
        assert client.open(f"/{method.lower()}", method=other).status_code == 405


def test_shortcuts_refuse_methods(app: App) -> None:
    with pytest.raises(TypeError, match="Use the 'route' decorator"):
        app.get("/", methods=["POST"])


def test_methods_must_be_a_list(app: App) -> None:
    with pytest.raises(TypeError, match=r"methods=\[\"POST\"\]"):

        @app.route("/", methods="POST")
        def index() -> str:
            return ""


def test_methods_are_case_insensitive(app: App, client: Client) -> None:
    @app.route("/", methods=["get", "post"])
    def index() -> str:
        return tumbler.request.method

    assert client.post("/").text == "POST"


def test_add_url_rule_and_endpoint_decorator(app: App, client: Client) -> None:
    app.add_url_rule("/", "index")

    @app.endpoint("index")
    def index() -> str:
        return "from endpoint"

    def other() -> str:
        return "other"

    app.add_url_rule("/other", view_func=other)
    app.add_url_rule("/named", "a_name", other)
    assert client.get("/").text == "from endpoint"
    assert client.get("/other").text == "other"
    assert client.get("/named").text == "other"
    assert {r.endpoint for r in app.url_map.iter_rules()} >= {"index", "other", "a_name"}


def test_add_url_rule_without_view_or_endpoint(app: App) -> None:
    with pytest.raises(TypeError, match="needs a view_func"):
        app.add_url_rule("/")


def test_endpoint_clash_says_what_to_change(app: App) -> None:
    @app.route("/a")
    def index() -> str:
        return "a"

    with pytest.raises(tumbler.SetupError, match="overwriting an existing endpoint function: index") as info:

        @app.route("/b", endpoint="index")
        def index2() -> str:
            return "b"

    assert "endpoint=" in str(info.value)


def test_same_view_on_two_rules(app: App, client: Client) -> None:
    @app.route("/a")
    @app.route("/b")
    def index() -> str:
        return tumbler.request.path

    assert client.get("/a").text == "/a"
    assert client.get("/b").text == "/b"


def test_automatic_head(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        return "hello"

    response = client.head("/")
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["Content-Length"] == "5"


def test_automatic_options(app: App, client: Client) -> None:
    @app.route("/", methods=["GET", "POST"])
    def index() -> str:
        return "never for OPTIONS"

    response = client.options("/")
    assert response.status_code == 200
    assert response.data == b""
    assert sorted(response.allow) == ["GET", "HEAD", "OPTIONS", "POST"]


def test_automatic_options_lists_every_rule_of_the_path(app: App, client: Client) -> None:
    @app.get("/")
    def read() -> str:
        return ""

    @app.delete("/")
    def remove() -> str:
        return ""

    assert sorted(client.options("/").allow) == ["DELETE", "GET", "HEAD", "OPTIONS"]


def test_automatic_options_can_be_turned_off(app: App, client: Client) -> None:
    @app.route("/", provide_automatic_options=False)
    def index() -> str:
        return ""

    @app.route("/own", methods=["GET", "OPTIONS"])
    def own() -> str:
        return f"own {tumbler.request.method}"

    def view() -> str:
        return "attr"

    view.provide_automatic_options = False  # type: ignore[attr-defined]
    view.methods = ["GET", "OPTIONS"]  # type: ignore[attr-defined]
    app.add_url_rule("/attr", view_func=view)

    assert client.options("/").status_code == 405
    assert client.options("/own").text == "own OPTIONS"
    assert client.options("/attr").text == "attr"


def test_automatic_options_config_switch() -> None:
    app = App(__name__, plugins=[], config={"PROVIDE_AUTOMATIC_OPTIONS": False})

    @app.route("/")
    def index() -> str:
        return ""

    assert Client(app).options("/").status_code == 405


def test_405_lists_allowed_methods(app: App, client: Client) -> None:
    @app.route("/", methods=["POST", "PUT"])
    def index() -> str:
        return ""

    response = client.get("/")
    assert response.status_code == 405
    assert sorted(response.allow) == ["OPTIONS", "POST", "PUT"]
    assert "Method Not Allowed" in response.text


def test_unknown_method_is_405(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        return ""

    assert client.open("/", method="BREW").status_code == 405


def test_404(app: App, client: Client) -> None:
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert "Not Found" in response.text


def test_view_function_attribute_required_methods(app: App, client: Client) -> None:
    def view() -> str:
        return tumbler.request.method

    view.methods = ["GET"]  # type: ignore[attr-defined]
    view.required_methods = ["POST"]  # type: ignore[attr-defined]
    app.add_url_rule("/", view_func=view)
    assert client.post("/").text == "POST"
    assert client.get("/").text == "GET"


# -- converters -------------------------------------------------------------


def test_builtin_converters(app: App, client: Client) -> None:
    @app.route("/default/<value>")
    def default(value: str) -> str:
        return f"default {value!r}"

    @app.route("/string/<string(length=2):value>")
    def string(value: str) -> str:
        return f"string {value!r}"

    @app.route("/int/<int:value>")
    def integer(value: int) -> str:
        return f"int {value!r}"

    @app.route("/float/<float:value>")
    def floating(value: float) -> str:
        return f"float {value!r}"

    @app.route("/path/<path:value>")
    def path(value: str) -> str:
        return f"path {value!r}"

    @app.route("/uuid/<uuid:value>")
    def uuid_(value: uuid.UUID) -> str:
        return f"uuid {type(value).__name__} {value}"

    @app.route("/any/<any(red, green):value>")
    def any_(value: str) -> str:
        return f"any {value!r}"

    assert client.get("/default/a b").text == "default 'a b'"
    assert client.get("/string/ab").text == "string 'ab'"
    assert client.get("/string/abc").status_code == 404
    assert client.get("/int/42").text == "int 42"
    assert client.get("/int/x").status_code == 404
    assert client.get("/float/1.5").text == "float 1.5"
    assert client.get("/path/a/b/c.txt").text == "path 'a/b/c.txt'"
    u = uuid.uuid4()
    assert client.get(f"/uuid/{u}").text == f"uuid UUID {u}"
    assert client.get("/uuid/not-a-uuid").status_code == 404
    assert client.get("/any/green").text == "any 'green'"
    assert client.get("/any/blue").status_code == 404


def test_custom_converter(app: App, client: Client) -> None:
    class ListConverter(BaseConverter):
        def to_python(self, value: str) -> list[str]:
            if value == "invalid":
                raise ValidationError()
            return value.split(",")

        def to_url(self, value: t.Any) -> str:
            return ",".join(BaseConverter.to_url(self, x) for x in value)

    app.url_map.converters["list"] = ListConverter

    @app.route("/<list:items>")
    def index(items: list[str]) -> str:
        return "|".join(items)

    assert client.get("/1,2,3").text == "1|2|3"
    assert client.get("/invalid").status_code == 404
    with app.test_request_context():
        assert tumbler.url_for("index", items=["a", "b c"]) == "/a,b%20c"


def test_unknown_converter_says_how_to_register_it(app: App) -> None:
    with pytest.raises(LookupError) as info:

        @app.route("/<money:amount>")
        def index(amount: t.Any) -> str:
            return ""

    message = str(info.value)
    assert "'/<money:amount>'" in message
    assert "app.url_map.converters['name']" in message
    assert "int" in message  # lists the known ones


# -- defaults, slashes, redirects -------------------------------------------


def test_defaults(app: App, client: Client) -> None:
    @app.route("/users/", defaults={"page": 1})
    @app.route("/users/page/<int:page>")
    def users(page: int) -> str:
        return f"page {page}"

    assert client.get("/users/").text == "page 1"
    assert client.get("/users/page/2").text == "page 2"
    response = client.get("/users/page/1")
    assert response.status_code in (301, 308)
    assert response.location.endswith("/users/")


def test_defaults_that_do_not_vary_the_url(app: App, client: Client) -> None:
    @app.route("/", defaults={"lang": "en"})
    def index(lang: str) -> str:
        return lang

    assert client.get("/").text == "en"


def test_strict_slashes_redirect(app: App, client: Client) -> None:
    @app.route("/folder/")
    def folder() -> str:
        return "folder"

    @app.route("/file")
    def file() -> str:
        return "file"

    response = client.get("/folder")
    assert response.status_code == 308
    assert response.location in ("http://localhost/folder/", "/folder/")
    assert client.get("/folder/").text == "folder"
    assert client.get("/file/").status_code == 404
    response = client.get("/folder?x=1")
    assert response.location.endswith("/folder/?x=1")


def test_strict_slashes_off(app: App, client: Client) -> None:
    @app.route("/folder/", strict_slashes=False)
    def folder() -> str:
        return "folder"

    assert client.get("/folder").text == "folder"
    assert client.get("/folder/").text == "folder"


def test_strict_slashes_off_on_the_map(client: Client, app: App) -> None:
    app.url_map.strict_slashes = False

    @app.route("/folder/")
    def folder() -> str:
        return "folder"

    assert client.get("/folder").text == "folder"


def test_post_to_a_slash_redirect_explains_itself_in_debug(
    app: App, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from werkzeug.routing import RequestRedirect

    app.debug = True

    @app.route("/folder/", methods=["POST"])
    def folder() -> str:
        return tumbler.request.form["a"]

    # the default redirect (308) keeps the form data
    assert client.post("/folder", data={"a": "kept"}, follow_redirects=True).text == "kept"
    monkeypatch.setattr(RequestRedirect, "code", 301)
    with pytest.raises(AssertionError, match="canonical URL 'http://localhost/folder/'") as info:
        client.post("/folder", data={"a": "b"})
    assert "trailing slash" in str(info.value)
    app.debug = False
    assert client.post("/folder", data={"a": "b"}).status_code == 301


def test_redirect_to(app: App, client: Client) -> None:
    @app.route("/new/<int:id>")
    def new(id: int) -> str:
        return f"new {id}"

    app.add_url_rule("/old/<int:id>", "old", redirect_to="/new/<id>")
    app.add_url_rule("/func/<int:id>", "func", redirect_to=lambda adapter, id: f"/new/{id * 2}")
    response = client.get("/old/3")
    assert response.status_code == 308
    assert response.location.endswith("/new/3")
    assert client.get("/func/3").location.endswith("/new/6")
    assert client.get("/old/3", follow_redirects=True).text == "new 3"


# -- subdomains and hosts -------------------------------------------------------


def test_subdomain_matching() -> None:
    app = App(__name__, plugins=[], subdomain_matching=True, config={"SERVER_NAME": "example.test"})

    @app.route("/", subdomain="<user>")
    def user(user: str) -> str:
        return f"user {user}"

    @app.route("/")
    def index() -> str:
        return "main"

    client = Client(app)
    assert client.get("/", "http://alice.example.test/").text == "user alice"
    assert client.get("/", "http://example.test/").text == "main"
    with app.test_request_context():
        assert tumbler.url_for("user", user="bob") == "http://bob.example.test/"
        assert tumbler.url_for("index") == "/"


def test_static_subdomain() -> None:
    app = App(__name__, plugins=[], subdomain_matching=True, config={"SERVER_NAME": "example.test"})

    @app.route("/", subdomain="api")
    def api() -> str:
        return "api"

    client = Client(app)
    assert client.get("/", "http://api.example.test/").text == "api"
    assert client.get("/", "http://example.test/").status_code == 404


def test_without_subdomain_matching_every_host_gets_the_default_rules() -> None:
    app = App(__name__, plugins=[], config={"SERVER_NAME": "example.test"})

    @app.route("/")
    def index() -> str:
        return "index"

    @app.route("/", subdomain="api")
    def api() -> str:
        return "api"

    client = Client(app)
    assert client.get("/", "http://example.test/").text == "index"
    # as in Flask 3.1: SERVER_NAME does not restrict the hosts served
    assert client.get("/", "http://other.test/").text == "index"
    assert client.get("/", "http://api.example.test/").text == "index"


def test_server_name_does_not_restrict_hosts_without_subdomain_matching() -> None:
    app = App(__name__, plugins=[])

    @app.route("/")
    def index() -> str:
        return tumbler.request.host

    assert Client(app).get("/", "http://anything.test/").text == "anything.test"


def test_host_matching(tmp_path: t.Any) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.txt").write_text("A")
    app = App(__name__, plugins=[], host_matching=True, static_host="static.test", root_path=str(tmp_path))

    @app.route("/", host="<name>.example.test")
    def by_host(name: str) -> str:
        return f"host {name}"

    @app.route("/", host="fixed.test")
    def fixed() -> str:
        return "fixed"

    client = Client(app)
    assert client.get("/", "http://shop.example.test/").text == "host shop"
    assert client.get("/", "http://fixed.test/").text == "fixed"
    assert client.get("/", "http://nowhere.test/").status_code == 404
    assert client.get("/static/a.txt", "http://static.test/").text == "A"
    with app.test_request_context(base_url="http://fixed.test/"):
        assert tumbler.url_for("by_host", name="x") == "http://x.example.test/"
        assert tumbler.url_for("static", filename="a.txt") == "http://static.test/static/a.txt"


def test_static_host_needs_host_matching() -> None:
    with pytest.raises(tumbler.SetupError, match="static_host"):
        App(__name__, plugins=[], static_host="static.test")
    with pytest.raises(tumbler.SetupError, match="static_host"):
        App(__name__, plugins=[], host_matching=True)
    App(__name__, plugins=[], host_matching=True, static_folder=None)


def test_trusted_hosts() -> None:
    app = App(__name__, plugins=[], config={"TRUSTED_HOSTS": ["good.test"]})

    @app.route("/")
    def index() -> str:
        return "ok"

    client = Client(app)
    assert client.get("/", "http://good.test/").text == "ok"
    assert client.get("/", "http://evil.test/").status_code == 400


# -- setup ends at the first request ---------------------------------------------


def test_adding_a_route_after_the_first_request_fails(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        return ""

    client.get("/")
    with pytest.raises(tumbler.SetupError, match="'add_url_rule' can no longer be called") as info:
        app.add_url_rule("/late", "late", index)
    assert "its setup has ended (at its first request, or by finish_setup())" in str(info.value)
    for method in (app.before_request, app.after_request, app.teardown_request, app.teardown_appcontext):
        with pytest.raises(tumbler.SetupError, match="can no longer be called"):
            method(lambda *a: None)
    with pytest.raises(tumbler.SetupError, match="can no longer be called"):
        app.register_blueprint(tumbler.Blueprint("late", __name__))
    with pytest.raises(tumbler.SetupError, match="can no longer be called"):
        app.errorhandler(404)


def test_setup_errors_are_value_and_assertion_errors() -> None:
    """``SetupError`` is what a Tumbler user catches; Flask code catches ``AssertionError``."""
    assert issubclass(tumbler.SetupError, ValueError)
    assert issubclass(tumbler.SetupError, AssertionError)
