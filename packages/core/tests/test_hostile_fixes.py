"""Hostile input that once gave a 500: each now gets a 400 with a message.

Found by the hostile-input suite (``nox -s hostile``, issue 16).
"""

from __future__ import annotations

import typing as t

import pytest
import tumbler
from tumbler import App, SetupError, url_for
from werkzeug.test import EnvironBuilder


def _call(app: App, environ: dict[str, t.Any]) -> tuple[int, bytes]:
    status: list[str] = []
    body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
    return int(status[0].split()[0]), body


def _environ(path: str = "/", **kwargs: t.Any) -> dict[str, t.Any]:
    return EnvironBuilder(path, **kwargs).get_environ()


@pytest.fixture
def linked(app: App) -> App:
    @app.get("/")
    def index() -> str:
        return f"<a href='{url_for('index')}'>home</a>"

    @app.errorhandler(400)
    def bad_request(e: Exception) -> tuple[str, int]:
        # an error page with links, as most apps' base template has
        return f"bad request; <a href='{url_for('index')}'>home</a>", 400

    return app


@pytest.mark.parametrize("host", ["..", "a." + "b" * 300, "x..y:80"])
def test_a_host_that_fails_idna_is_a_400_on_the_direct_path(linked: App, host: str) -> None:
    good = _environ()
    assert _call(linked, good) == (200, b"<a href='/'>home</a>")  # the direct path is warm
    bad = _environ()
    bad["HTTP_HOST"] = host
    status, body = _call(linked, bad)
    assert status == 400
    # the app's own 400 page ran and could build its links
    assert body == b"bad request; <a href='/'>home</a>"
    assert _call(linked, good)[0] == 200


def test_a_bad_host_is_never_remembered_as_good(linked: App) -> None:
    for _ in range(3):
        bad = _environ()
        bad["HTTP_HOST"] = ".."
        assert _call(linked, bad)[0] == 400
    assert ".." not in linked._static_routes.hosts


def test_json_nested_a_thousand_deep_is_a_400(app: App) -> None:
    @app.post("/json")
    def json_view() -> t.Any:
        return {"got": tumbler.request.get_json()}

    for doc in ("[" * 100_000 + "]" * 100_000, '{"a":' * 5_000 + "1" + "}" * 5_000):
        status, body = _call(app, _environ("/json", method="POST", data=doc, content_type="application/json"))
        assert status == 400
        assert b"could not understand" in body


def test_deep_json_outside_a_request_raises_value_error() -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        tumbler.json.loads("[" * 100_000)


def test_raw_non_utf8_bytes_in_the_query_string_are_a_400(app: App) -> None:
    @app.get("/")
    def index() -> t.Any:
        return tumbler.request.args.to_dict()

    environ = _environ()
    environ["QUERY_STRING"] = "a=\xff\xfe&b=1"  # WSGI gives raw bytes as latin-1 characters
    status, body = _call(app, environ)
    assert status == 400
    assert b"The query string is not valid UTF-8" in body
    # percent-encoded bytes were always fine, and stay so
    environ = _environ()
    environ["QUERY_STRING"] = "a=%C3%A9"
    assert _call(app, environ) == (200, b'{"a":"\\u00e9"}\n')


def test_hook_setup_finished(app: App) -> None:
    """tumbler_setup_finished runs once, before the first request is routed."""
    seen: list[str] = []

    class Plugin:
        @tumbler.hookimpl
        def tumbler_setup_finished(self, app: App) -> None:
            seen.append(f"setup finished, first request: {app._got_first_request}")

    app.plugins.register(Plugin(), name="watcher")

    @app.get("/")
    def index() -> str:
        seen.append("view")
        return "ok"

    _call(app, _environ())
    _call(app, _environ())
    assert seen == ["setup finished, first request: False", "view", "view"]


def test_a_failing_setup_finished_fails_every_request(app: App) -> None:
    class Strict:
        @tumbler.hookimpl
        def tumbler_setup_finished(self, app: App) -> None:
            raise SetupError("Set GREETING to a word.")

    app.plugins.register(Strict(), name="strict")
    app.get("/")(lambda: "ok")
    for _ in range(2):
        with pytest.raises(SetupError, match="Set GREETING"):
            _call(app, _environ())
    assert not app._got_first_request


def test_a_redirect_target_with_cr_or_lf_cannot_break_the_location_header(app: App) -> None:
    @app.get("/go")
    def go() -> t.Any:
        return tumbler.redirect(tumbler.request.args["next"])

    status: list[str] = []
    headers: list[list[tuple[str, str]]] = []
    environ = _environ()
    environ["PATH_INFO"], environ["QUERY_STRING"] = "/go", "next=/home%0D%0ASet-Cookie:%20evil=1"
    b"".join(app(environ, lambda s, h, e=None: (status.append(s), headers.append(h))))
    assert status == ["302 FOUND"]
    assert ("Location", "/home%0D%0ASet-Cookie:%20evil=1") in headers[0]
    assert not any(name == "Set-Cookie" for name, _ in headers[0])


class _BrokenChunkedInput:
    """What gunicorn gives the app for a body with a bad chunk size: a stream whose
    read raises the server's own parse error (not an OSError)."""

    def read(self, size: int = -1) -> bytes:
        raise type("InvalidChunkSize", (Exception,), {})("Invalid chunk size: b'-5'")

    readline = read


@pytest.mark.parametrize("path", ["/form", "/json", "/data"])
def test_a_body_the_server_cannot_read_is_a_400(app: App, path: str) -> None:
    @app.post("/form")
    def form() -> t.Any:
        return tumbler.request.form.to_dict()

    @app.post("/json")
    def json_view() -> t.Any:
        return {"got": tumbler.request.get_json()}

    @app.post("/data")
    def data() -> t.Any:
        return tumbler.request.get_data()

    ctype = "application/json" if path == "/json" else "application/x-www-form-urlencoded"
    environ = _environ(path, method="POST", content_type=ctype)
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"], environ["wsgi.input_terminated"] = _BrokenChunkedInput(), True
    status, body = _call(app, environ)
    assert status == 400
    assert b"The request body could not be read." in body


def test_a_too_large_form_is_still_a_413(app: App) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10

    @app.post("/form")
    def form() -> t.Any:
        return tumbler.request.form.to_dict()

    environ = _environ("/form", method="POST", data={"q": "x" * 100})
    assert _call(app, environ)[0] == 413


def test_json_load_reads_the_file_like_loads(app: App) -> None:
    import io

    with app.app_context():
        assert tumbler.json.load(io.StringIO('{"a": [1, 2]}')) == {"a": [1, 2]}
        with pytest.raises(ValueError, match="nested too deeply"):
            tumbler.json.load(io.StringIO("[" * 100_000))
