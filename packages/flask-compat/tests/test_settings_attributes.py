"""Settings Flask reads through an app attribute are read the same way, so a
subclass's class attribute or an instance attribute takes effect wherever
Flask would honour it: on Tumbler's native ``App`` and on compat's ``Flask``.

Each test runs four times: ``App`` and ``Flask``, each with the setting made
a class attribute of a subclass and set on the instance. Settings that Flask
reads once while the app is built (``json_provider_class``, ``url_map_class``,
``config_class``, ``aborter_class``) are tested as class attributes only, as
setting them on a built Flask app changes nothing there either.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta, timezone

import flask
import pytest
import tumbler
import tumbler_flask_compat  # noqa: F401  (before anything imports flask)
import tumbler_testing
from tumbler.json import DefaultJSONProvider
from werkzeug.exceptions import Aborter
from werkzeug.http import parse_date
from werkzeug.routing import Map, Rule

BASES = {"native": tumbler.App, "compat": flask.Flask}


def make_app(base: str, how: str, **settings: t.Any) -> tumbler.App:
    """An app of ``BASES[base]`` with ``settings`` as class attributes of a
    subclass (``how == "class"``) or set on the instance (``"instance"``)."""
    cls = BASES[base]
    if how == "class":
        cls = type("Custom" + cls.__name__, (cls,), dict(settings))
    # tumbler-security (in the full install) refuses these short test keys outside
    # TESTING; Flask has no such check, and these tests are about reading settings
    app = cls("settings_app") if base == "compat" else cls("settings_app", config={"DISABLE_PLUGINS": "security"})
    if how == "instance":
        for name, value in settings.items():
            setattr(app, name, value)
    return app


def client(app: tumbler.App) -> t.Any:
    return tumbler_testing.test_client(app)


both_ways = pytest.mark.parametrize("how", ["class", "instance"])
both_bases = pytest.mark.parametrize("base", list(BASES))


def _session_app(app: tumbler.App) -> tumbler.App:
    from tumbler_sessions import session

    @app.post("/set")
    def set_value() -> str:
        session["who"] = "ada"
        session.permanent = True
        return "ok"

    @app.get("/get")
    def get_value() -> str:
        return str(session.get("who"))

    return app


@both_bases
@both_ways
def test_secret_key(base: str, how: str) -> None:
    app = _session_app(make_app(base, how, secret_key="only-for-tests"))
    c = client(app)
    assert c.post("/set").status_code == 200
    assert c.get("/get").text == "ada"


@both_bases
@both_ways
def test_permanent_session_lifetime(base: str, how: str) -> None:
    app = _session_app(make_app(base, how, secret_key="k", permanent_session_lifetime=timedelta(seconds=120)))
    cookie = client(app).post("/set").headers["Set-Cookie"]
    expires = parse_date(cookie.split("Expires=")[1].split(";")[0])
    assert expires is not None
    assert 100 < (expires - datetime.now(timezone.utc)).total_seconds() <= 121


@both_bases
@both_ways
def test_session_interface(base: str, how: str) -> None:
    from tumbler_sessions import SecureCookieSessionInterface

    class Renamed(SecureCookieSessionInterface):
        def get_cookie_name(self, app: t.Any) -> str:
            return "renamed"

    app = _session_app(make_app(base, how, secret_key="k", session_interface=Renamed()))
    assert client(app).post("/set").headers["Set-Cookie"].startswith("renamed=")


def _failing_app(app: tumbler.App) -> tumbler.App:
    @app.get("/")
    def boom() -> str:
        raise LookupError("from the view")

    return app


@both_bases
@both_ways
def test_testing_propagates_exceptions(base: str, how: str) -> None:
    app = _failing_app(make_app(base, how, testing=True))
    with pytest.raises(LookupError):
        client(app).get("/")
    assert client(_failing_app(make_app(base, how))).get("/").status_code == 500


@both_bases
@both_ways
def test_debug(base: str, how: str) -> None:
    app = _failing_app(make_app(base, how, debug=True))
    with pytest.raises(LookupError):
        client(app).get("/")
    with app.app_context():  # JSON responses are indented in debug mode
        assert app.json.response({"a": 1}).get_data(as_text=True) == '{\n  "a": 1\n}\n'


@both_bases
@both_ways
def test_response_class(base: str, how: str) -> None:
    class Marked(BASES[base].response_class):  # type: ignore[name-defined,misc]
        default_mimetype = "text/x-marked"

    app = make_app(base, how, response_class=Marked)
    app.add_url_rule("/", "index", lambda: "hello")
    assert client(app).get("/").headers["Content-Type"].startswith("text/x-marked")


@both_bases
@both_ways
def test_request_class(base: str, how: str) -> None:
    class Tagged(BASES[base].request_class):  # type: ignore[name-defined,misc]
        tag = "tagged"

    app = make_app(base, how, request_class=Tagged)
    app.add_url_rule("/", "index", lambda: tumbler.request.tag)
    assert client(app).get("/").text == "tagged"


@both_bases
@both_ways
def test_app_ctx_globals_class(base: str, how: str) -> None:
    class Globals(tumbler.ctx._AppCtxGlobals):
        preset = "from the class"

    app = make_app(base, how, app_ctx_globals_class=Globals)
    with app.app_context():
        assert tumbler.g.preset == "from the class"


@both_bases
@both_ways
def test_url_rule_class(base: str, how: str) -> None:
    class MyRule(Rule):
        pass

    app = make_app(base, how, url_rule_class=MyRule)
    app.add_url_rule("/", "index", lambda: "x")
    assert [type(r) for r in app.url_map.iter_rules() if r.endpoint == "index"] == [MyRule]


@both_bases
@both_ways
def test_jinja_options(base: str, how: str) -> None:
    from tumbler_templating import render_template_string

    app = make_app(base, how, jinja_options={"line_statement_prefix": "%"})
    with app.app_context():
        assert render_template_string("% for i in [1, 2]\n{{ i }}\n% endfor\n").split() == ["1", "2"]


@both_bases
@both_ways
def test_jinja_environment(base: str, how: str) -> None:
    from tumbler_templating import Environment, jinja_env

    class MyEnvironment(Environment):
        pass

    app = make_app(base, how, jinja_environment=MyEnvironment)
    with app.app_context():
        assert type(jinja_env(app)) is MyEnvironment


@both_bases
@both_ways
@pytest.mark.parametrize(
    ("name", "tool_class", "make_tool"),
    [
        ("test_client_class", tumbler_testing.TestClient, tumbler_testing.test_client),
        ("test_cli_runner_class", tumbler_testing.TestCliRunner, tumbler_testing.test_cli_runner),
    ],
)
def test_test_tool_classes(base: str, how: str, name: str, tool_class: type, make_tool: t.Callable[..., t.Any]) -> None:
    custom = type("Custom", (tool_class,), {})
    app = make_app(base, how, **{name: custom})
    assert type(make_tool(app)) is custom


class Provider(DefaultJSONProvider):
    sort_keys = False


class MyMap(Map):
    pass


class MyConfig(tumbler.Config):
    pass


class MyAborter(Aborter):
    pass


@both_bases
@pytest.mark.parametrize(
    ("name", "value", "built"),
    [
        ("json_provider_class", Provider, lambda app: app.json),
        ("url_map_class", MyMap, lambda app: app.url_map),
        ("config_class", MyConfig, lambda app: app.config),
        ("aborter_class", MyAborter, lambda app: app.aborter),
    ],
)
def test_classes_read_while_the_app_is_built(base: str, name: str, value: type, built: t.Callable[..., t.Any]) -> None:
    assert type(built(make_app(base, "class", **{name: value}))) is value


def test_flask_style_subclass_from_the_issue() -> None:
    class MyFlask(flask.Flask):
        testing = True
        secret_key = "only-for-tests"

    app = MyFlask(__name__)

    @app.post("/login")
    def login() -> str:
        flask.session["user"] = "ada"
        return "ok"

    @app.get("/me")
    def me() -> str:
        return flask.session["user"]

    c = app.test_client()
    c.post("/login")
    assert c.get("/me").text == "ada"
