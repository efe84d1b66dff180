"""Building URLs: ``url_for`` and its options, URL processors, build errors."""

from __future__ import annotations

import typing as t

import pytest
import tumbler
from tumbler import App, url_for
from werkzeug.routing import BuildError
from werkzeug.test import Client


@pytest.fixture
def routed(app: App) -> App:
    @app.route("/")
    def index() -> str:
        return ""

    @app.route("/user/<name>")
    def user(name: str) -> str:
        return name

    @app.route("/item", methods=["POST"])
    def create() -> str:
        return ""

    @app.route("/item", methods=["GET"], endpoint="create_form")
    def create_form() -> str:
        return ""

    return app


def test_url_for_in_a_request(routed: App) -> None:
    with routed.test_request_context():
        assert url_for("index") == "/"
        assert url_for("user", name="ann") == "/user/ann"
        assert url_for("user", name="a b/c") == "/user/a%20b/c"
        assert url_for("user", name="x", page=2, q="a&b") == "/user/x?page=2&q=a%26b"


def test_url_for_external_and_scheme(routed: App) -> None:
    with routed.test_request_context():
        assert url_for("index", _external=True) == "http://localhost/"
        assert url_for("index", _scheme="https", _external=True) == "https://localhost/"
        assert url_for("index", _scheme="https") == "https://localhost/"
        with pytest.raises(ValueError, match="'_external' must be True"):
            url_for("index", _scheme="https", _external=False)


def test_url_for_anchor_is_quoted(routed: App) -> None:
    with routed.test_request_context():
        assert url_for("index", _anchor="x y%$^&") == "/#x%20y%$%5E&"
        assert url_for("user", name="a", _anchor="sec") == "/user/a#sec"


def test_url_for_method(routed: App) -> None:
    with routed.test_request_context():
        assert url_for("create", _method="POST") == "/item"
        with pytest.raises(BuildError):
            url_for("create", _method="DELETE")


def test_url_for_missing_values_is_a_build_error(routed: App) -> None:
    with routed.test_request_context(), pytest.raises(BuildError) as info:
        url_for("user")
    assert "name" in str(info.value)
    with routed.test_request_context(), pytest.raises(BuildError):
        url_for("nope")


def test_url_for_uses_script_root_of_the_request(routed: App) -> None:
    with routed.test_request_context("/", base_url="http://h.test/mount/"):
        assert url_for("user", name="x") == "/mount/user/x"
        assert url_for("user", name="x", _external=True) == "http://h.test/mount/user/x"


def test_url_for_outside_a_request_needs_server_name(routed: App) -> None:
    with routed.app_context(), pytest.raises(RuntimeError, match="'SERVER_NAME'"):
        url_for("index")
    routed.config.update(SERVER_NAME="example.test", APPLICATION_ROOT="/app", PREFERRED_URL_SCHEME="https")
    with routed.app_context():
        assert url_for("user", name="x") == "https://example.test/app/user/x"
        assert url_for("user", name="x", _external=False) == "/app/user/x"


def test_url_for_without_any_context() -> None:
    with pytest.raises(RuntimeError, match="application context"):
        url_for("index")


def test_app_url_for_method(routed: App) -> None:
    routed.config["SERVER_NAME"] = "example.test"
    assert routed.url_for("user", name="z") == "http://example.test/user/z"


def test_url_defaults_and_value_preprocessor(app: App, client: Client) -> None:
    @app.url_defaults
    def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
        if "lang" in values or not app.url_map.is_endpoint_expecting(endpoint, "lang"):
            return
        values["lang"] = tumbler.g.lang

    @app.url_value_preprocessor
    def pull_lang(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        tumbler.g.lang = values.pop("lang", None) if values else None

    @app.route("/<lang>/")
    def index() -> str:
        return url_for("about")

    @app.route("/<lang>/about")
    def about() -> str:
        return f"about in {tumbler.g.lang}"

    assert client.get("/de/").text == "/de/about"
    assert client.get("/fr/about").text == "about in fr"


def test_build_error_handler(routed: App) -> None:
    seen: list[t.Any] = []

    def handler(error: Exception, endpoint: str, values: dict[str, t.Any]) -> str | None:
        seen.append((endpoint, values.get("_anchor")))
        return f"/fallback/{endpoint}" if endpoint == "external_thing" else None

    routed.url_build_error_handlers.append(handler)
    with routed.test_request_context():
        assert url_for("external_thing", _anchor="a") == "/fallback/external_thing"
        with pytest.raises(BuildError):
            url_for("other_thing")
    assert seen == [("external_thing", "a"), ("other_thing", None)]


def test_build_error_handler_may_raise_a_new_build_error(routed: App) -> None:
    def handler(error: BuildError, endpoint: str, values: dict[str, t.Any]) -> str:
        raise BuildError(endpoint, values, "GET") from error

    routed.url_build_error_handlers.append(handler)  # type: ignore[arg-type]
    with routed.test_request_context(), pytest.raises(BuildError) as info:
        url_for("nope")
    assert info.value.__cause__ is not None


def test_redirect_helper(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> t.Any:
        return tumbler.redirect(url_for("target"))

    @app.route("/target")
    def target() -> str:
        return "here"

    @app.route("/moved")
    def moved() -> t.Any:
        return tumbler.redirect("/target", 301)

    response = client.get("/")
    assert response.status_code == 302
    assert response.location == "/target"
    assert isinstance(app.redirect("/x"), tumbler.Response)
    assert client.get("/moved").status_code == 301
    outside = tumbler.redirect("/x", 303)
    assert outside.status_code == 303 and outside.location == "/x"


def test_each_rule_builds_the_same_urls_every_time(app: App) -> None:
    """Rules compile their URL builders at their first build (not when added);
    the first and later builds agree, with and without extra query values."""
    app.add_url_rule("/page/<int:n>", "page", lambda n: "")
    def docs(lang: str) -> str:
        return lang

    app.add_url_rule("/docs/", "docs", docs, defaults={"lang": "en"})
    app.add_url_rule("/docs/<lang>/", "docs", docs)
    assert isinstance(app.url_map._rules_by_endpoint["page"][0], app.url_rule_class)
    with app.test_request_context():
        for _ in range(2):
            assert url_for("page", n=3) == "/page/3"
            assert url_for("page", n=3, q="a b") == "/page/3?q=a+b"
            assert url_for("docs") == "/docs/"
            assert url_for("docs", lang="fr", v=2) == "/docs/fr/?v=2"
            with pytest.raises(BuildError):
                url_for("page")
