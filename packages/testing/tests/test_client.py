from __future__ import annotations

import io
from importlib import metadata

import pytest
from tumbler import App, Blueprint, Response, g, hookimpl, redirect, request, stream_with_context
from tumbler.globals import request_ctx
from tumbler_testing import EnvironBuilder, TestClient, test_client
from werkzeug.test import EnvironBuilder as WerkzeugEnvironBuilder


@pytest.fixture
def client(app: App) -> TestClient:
    return test_client(app)


# -- cookies ---------------------------------------------------------------


def test_cookies_are_kept_across_requests(app, client):
    @app.post("/set")
    def set_cookie():
        response = Response("set")
        response.set_cookie("flavour", request.form["flavour"])
        return response

    @app.get("/get")
    def get_cookie():
        return request.cookies.get("flavour", "none")

    assert client.get("/get").text == "none"
    client.post("/set", data={"flavour": "oat"})
    assert client.get("/get").text == "oat"
    assert client.get_cookie("flavour").value == "oat"


def test_cookies_can_be_turned_off(app):
    @app.get("/set")
    def set_cookie():
        response = Response("set")
        response.set_cookie("flavour", "oat")
        return response

    @app.get("/get")
    def get_cookie():
        return request.cookies.get("flavour", "none")

    client = test_client(app, use_cookies=False)
    client.get("/set")
    assert client.get("/get").text == "none"


def test_cookies_follow_server_name(app, client):
    app.config["SERVER_NAME"] = "example.com"

    @app.get("/set")
    def set_cookie():
        response = Response("set")
        response.set_cookie("flavour", "oat")
        return response

    client.get("/set")
    assert client.get_cookie("flavour") is None
    assert client.get_cookie("flavour", domain="example.com").value == "oat"


# -- bodies ------------------------------------------------------------------


def test_json_request_and_response(app, client):
    @app.post("/echo")
    def echo():
        assert request.is_json
        return {"got": request.get_json()}

    rv = client.post("/echo", json={"drink": {"gin": 1, "tonic": True}})
    assert rv.status_code == 200
    assert rv.is_json
    assert rv.json == {"got": {"drink": {"gin": 1, "tonic": True}}}


def test_json_is_written_by_the_apps_provider(app, client):
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    @app.post("/raw")
    def raw():
        return request.get_data()

    assert client.post("/raw", json="\u20ac").data.decode() == '"\u20ac"'


def test_response_json_is_read_by_the_apps_provider(app, client):
    calls = []
    loads = app.json.loads

    def spying_loads(s, **kwargs):
        calls.append(s)
        return loads(s, **kwargs)

    app.json.loads = spying_loads  # type: ignore[method-assign]

    @app.get("/")
    def index():
        return {"a": 1}

    assert client.get("/").json == {"a": 1}
    assert calls


def test_form_data_and_files(app, client):
    @app.post("/upload")
    def upload():
        upload = request.files["file"]
        return f"{request.form['title']}:{upload.filename}:{upload.read().decode()}"

    rv = client.post("/upload", data={"title": "notes", "file": (io.BytesIO(b"hello"), "notes.txt")})
    assert rv.text == "notes:notes.txt:hello"


def test_full_url_with_query_string_and_form(app, client):
    @app.post("/action")
    def action():
        return f"{request.host} {request.args['vodka']} {request.form['gin']}"

    rv = client.post("http://domain.com/action?vodka=42", data={"gin": 43})
    assert rv.text == "domain.com 42 43"


# -- redirects ---------------------------------------------------------------


def test_follow_redirects_keeps_the_history(app, client):
    @app.get("/a")
    def a():
        return redirect("/b")

    @app.get("/b")
    def b():
        return redirect("/c", code=301)

    @app.get("/c")
    def c():
        return "done"

    rv = client.get("/a", follow_redirects=True)
    assert rv.text == "done"
    assert rv.request.path == "/c"
    assert [r.status_code for r in rv.history] == [302, 301]
    assert [r.request.path for r in rv.history] == ["/a", "/b"]

    rv = client.get("/a")
    assert rv.status_code == 302
    assert rv.location == "/b"
    assert rv.history == ()


def test_redirect_keeps_cookies(app, client):
    @app.get("/login")
    def login():
        response = redirect("/home")
        response.set_cookie("user", "ada")
        return response

    @app.get("/home")
    def home():
        return f"hello {request.cookies['user']}"

    assert client.get("/login", follow_redirects=True).text == "hello ada"


# -- where requests go: the app's URL settings -------------------------------


def test_base_url_from_server_name_and_application_root(app, client):
    app.config["SERVER_NAME"] = "example.com:1234"
    app.config["APPLICATION_ROOT"] = "/foo"

    @app.get("/")
    def index():
        return request.url

    assert client.get("/").text == "http://example.com:1234/foo/"
    with app.test_request_context():
        assert request.url == "http://example.com:1234/foo/"


def test_default_base_url(app, client):
    @app.get("/")
    def index():
        return request.url

    assert client.get("/").text == "http://localhost/"
    assert client.get("/", url_scheme="https").text == "https://localhost/"


def test_preferred_url_scheme(app, client):
    app.config["PREFERRED_URL_SCHEME"] = "https"

    @app.get("/")
    def index():
        return request.url

    assert client.get("/").text == "https://localhost/"


def test_subdomain():
    app = App("subdomains", plugins=["testing"], subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.com"
    bp = Blueprint("company", __name__, subdomain="xxx")

    @bp.get("/")
    def index():
        return request.url

    app.register_blueprint(bp)
    assert test_client(app).get("/", subdomain="xxx").text == "http://xxx.example.com/"


def test_subdomain_and_base_url_conflict(app, client):
    with pytest.raises(ValueError, match="subdomain"):
        client.get("/", base_url="http://localhost", subdomain="xxx")


def test_environ_builder_knows_the_app(app):
    app.config.update(SERVER_NAME="example.com", APPLICATION_ROOT="/root", PREFERRED_URL_SCHEME="https")
    builder = EnvironBuilder(app, "/page")
    try:
        assert builder.base_url == "https://example.com/root/"
        assert builder.path == "/page"
    finally:
        builder.close()
    builder = EnvironBuilder(app, "http://other.org/x")
    # a full URL keeps its own scheme and host; the app's root stays
    assert (builder.url_scheme, builder.host, builder.script_root, builder.path) == ("http", "other.org", "/root", "/x")


# -- environ_base ------------------------------------------------------------


def test_environ_base_defaults(app, client):
    @app.get("/")
    def index():
        return f"{request.remote_addr} {request.user_agent.string}"

    assert client.get("/").text == f"127.0.0.1 Werkzeug/{metadata.version('werkzeug')}"


def test_environ_base_can_be_changed(app, client):
    @app.get("/")
    def index():
        return f"{request.remote_addr} {request.user_agent.string} {request.environ.get('X_EXTRA')}"

    client.environ_base["REMOTE_ADDR"] = "192.168.0.22"
    client.environ_base["HTTP_USER_AGENT"] = "Foo"
    assert client.get("/").text == "192.168.0.22 Foo None"
    assert client.get("/", environ_base={"X_EXTRA": "1", "REMOTE_ADDR": "10.0.0.1"}).text == "10.0.0.1 Foo 1"


def test_open_with_builder_environ_or_request(app, client, request: pytest.FixtureRequest):
    @app.get("/index")
    def index():
        return request_ctx.request.remote_addr

    builder = EnvironBuilder(app, path="/index", method="GET")
    request.addfinalizer(builder.close)
    assert client.open(builder).text == "127.0.0.1"

    environ = builder.get_environ()
    client.environ_base["REMOTE_ADDR"] = "127.0.0.2"
    assert client.open(environ).text == "127.0.0.2"

    plain = WerkzeugEnvironBuilder(path="/index")
    request.addfinalizer(plain.close)
    client.environ_base["REMOTE_ADDR"] = "127.0.0.3"
    assert client.open(plain.get_request()).text == "127.0.0.3"


# -- context preservation ----------------------------------------------------


def test_contexts_are_kept_inside_with_block(app, client):
    @app.post("/")
    def index():
        g.value = 42
        return "ok"

    with client:
        client.post("/?page=2", json={"a": 1})
        assert request.args["page"] == "2"
        assert request.get_json() == {"a": 1}
        assert g.value == 42
    with pytest.raises(RuntimeError, match="outside of request context"):
        request.args  # noqa: B018
    with pytest.raises(RuntimeError, match="outside of application context"):
        g.value  # noqa: B018


def test_no_contexts_kept_without_with_block(app, client):
    @app.get("/")
    def index():
        return "ok"

    client.get("/")
    with pytest.raises(RuntimeError):
        request.args  # noqa: B018


def test_only_the_last_request_is_kept(app, client):
    @app.get("/<name>")
    def index(name):
        g.name = name
        return name

    with client:
        client.get("/one")
        client.get("/two")
        assert request.path == "/two"
        assert g.name == "two"
    with pytest.raises(RuntimeError):
        request.path  # noqa: B018


def test_failed_request_is_kept_and_popped(app, client):
    app.testing = False
    torn_down = []

    @app.teardown_request
    def teardown(exc):
        torn_down.append(exc)

    @app.get("/boom")
    def boom():
        g.seen = True
        raise ZeroDivisionError

    with client:
        rv = client.get("/boom")
        assert rv.status_code == 500
        assert g.seen
        assert request.path == "/boom"
    assert len(torn_down) == 2  # once when the request ended, once at the end of the block
    with pytest.raises(RuntimeError):
        request.path  # noqa: B018


def test_propagated_exception_keeps_the_context_until_the_block_ends(app, client):
    @app.get("/boom")
    def boom():
        g.seen = True
        raise ZeroDivisionError

    with client:
        with pytest.raises(ZeroDivisionError):
            client.get("/boom")
        assert g.seen
    with pytest.raises(RuntimeError):
        g.seen  # noqa: B018


def test_redirects_inside_with_block_keep_the_final_request(app, client):
    @app.get("/a")
    def a():
        return redirect("/b")

    @app.get("/b")
    def b():
        g.here = "b"
        return "b"

    with client:
        client.get("/a", follow_redirects=True)
        assert request.path == "/b"
        assert g.here == "b"
    with pytest.raises(RuntimeError):
        request.path  # noqa: B018


def test_client_cannot_be_nested(client):
    with client:
        with pytest.raises(RuntimeError, match="Cannot nest client invocations"):
            with client:
                pass


def test_client_can_be_reused(client):
    with client:
        assert client.get("/").status_code == 404
    with client:
        assert client.get("/").status_code == 404


def test_streamed_response_keeps_its_context_until_closed(app):
    @app.get("/")
    def index():
        return stream_with_context(iter(["hello"]))

    with app.test_request_context() as outer:
        client = test_client(app)
        with client:
            rv = client.get("/")
        rv.close()
        assert request_ctx._get_current_object() is outer


# -- choosing the client class -------------------------------------------------


class MyClient(TestClient):
    pass


class OtherClient(TestClient):
    pass


class ClientPlugin:
    tumbler_plugin_name = "clientplugin"

    def __init__(self, cls):
        self.cls = cls

    @hookimpl
    def tumbler_test_client_class(self, app):
        return self.cls


def _client_plugin(cls):
    return ClientPlugin(cls)


def test_default_client_class(client):
    assert type(client) is TestClient


def test_plugin_chooses_the_client_class():
    app = App("x", plugins=["testing", _client_plugin(MyClient)])
    assert type(test_client(app)) is MyClient


def test_plugin_passing_keeps_the_default():
    app = App("x", plugins=["testing", _client_plugin(None)])
    assert type(test_client(app)) is TestClient


def test_app_attribute_beats_the_hook():
    app = App("x", plugins=["testing", _client_plugin(MyClient)])
    app.test_client_class = OtherClient  # type: ignore[attr-defined]
    assert type(test_client(app)) is OtherClient


def test_app_subclass_attribute():
    class MyApp(App):
        test_client_class = MyClient

    assert type(test_client(MyApp("x", plugins=["testing"]))) is MyClient


def test_wrong_client_class_names_the_plugin():
    app = App("x", plugins=["testing", _client_plugin(dict)])
    with pytest.raises(TypeError, match=r"implemented by clientplugin.*tumbler_testing.TestClient"):
        test_client(app)


def test_client_kwargs_are_passed(app):
    client = test_client(app, allow_subdomain_redirects=True)
    assert client.allow_subdomain_redirects is True


def test_responses_are_the_apps_response_class():
    class MyResponse(Response):
        def shout(self):
            return self.text.upper()

    class MyApp(App):
        response_class = MyResponse

    app = MyApp("x", plugins=["testing"])

    @app.get("/")
    def index():
        return "hi"

    rv = test_client(app).get("/")
    assert isinstance(rv, MyResponse)
    assert rv.shout() == "HI"
    assert type(test_client(app).get("/")) is type(rv)


def test_every_public_name_is_importable():
    import tumbler_testing

    names = set(tumbler_testing.__all__) - {"TestCliRunner"}  # needs tumbler-cli
    assert all(getattr(tumbler_testing, name) is not None for name in names)
    assert set(tumbler_testing.__all__) <= set(dir(tumbler_testing))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        tumbler_testing.nope  # noqa: B018
