"""App and request contexts: proxies, push/pop, teardown, threads, streaming."""

from __future__ import annotations

import threading
import typing as t

import pytest
import tumbler
from tumbler import App, current_app, g, request
from werkzeug.test import Client


def test_app_context_proxies(app: App) -> None:
    assert not tumbler.has_app_context()
    with app.app_context() as ctx:
        assert tumbler.has_app_context()
        assert not tumbler.has_request_context()
        assert current_app._get_current_object() is app  # type: ignore[attr-defined]
        assert tumbler.app_ctx._get_current_object() is ctx  # type: ignore[attr-defined]
        g.x = 1
        assert g.x == 1
    assert not tumbler.has_app_context()


def test_proxies_outside_a_context_say_what_to_do() -> None:
    with pytest.raises(RuntimeError, match="app.app_context"):
        current_app.name  # noqa: B018
    with pytest.raises(RuntimeError, match="application context"):
        g.x  # noqa: B018
    with pytest.raises(RuntimeError, match="test_request_context"):
        request.path  # noqa: B018
    with pytest.raises(RuntimeError, match="request context"):
        tumbler.request_ctx.stash  # noqa: B018


def test_g_behaves_like_a_namespace(app: App) -> None:
    with app.app_context():
        assert "x" not in g
        g.x = 1
        assert "x" in g
        assert list(g) == ["x"]
        assert g.get("x") == 1
        assert g.get("y", 2) == 2
        assert g.setdefault("y", 3) == 3
        assert g.pop("y") == 3
        assert g.pop("y", None) is None
        with pytest.raises(KeyError):
            g.pop("y")
        del g.x
        with pytest.raises(AttributeError):
            g.x  # noqa: B018
        with pytest.raises(AttributeError):
            del g.x
        assert repr(g) == "<tumbler.g of 'test_app'>"


def test_g_is_new_for_every_request(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        seen = g.get("seen", "nothing")
        g.seen = "something"
        return seen

    assert client.get("/").text == "nothing"
    assert client.get("/").text == "nothing"


def test_app_context_nesting_and_teardown_once(app: App) -> None:
    calls: list[BaseException | None] = []
    app.teardown_appcontext(calls.append)
    ctx = app.app_context()
    ctx.push()
    ctx.push()
    ctx.pop()
    assert calls == [] and tumbler.has_app_context()
    ctx.pop()
    assert calls == [None] and not tumbler.has_app_context()


def test_popping_the_wrong_context_fails(app: App) -> None:
    a, b = app.app_context(), app.app_context()
    a.push()
    b.push()
    with pytest.raises(AssertionError, match="Popped wrong app context"):
        a.pop()
    # the context stack was still unwound to what it was before ``a``
    assert not tumbler.has_app_context()


def test_request_context(app: App) -> None:
    with app.test_request_context("/path?q=1", method="POST", json={"a": 1}) as ctx:
        assert tumbler.has_request_context() and tumbler.has_app_context()
        assert request.path == "/path"
        assert request.args["q"] == "1"
        assert request.method == "POST"
        assert request.get_json() == {"a": 1}
        assert tumbler.request_ctx._get_current_object() is ctx  # type: ignore[attr-defined]
        assert current_app._get_current_object() is app  # type: ignore[attr-defined]
        assert repr(ctx) == "<RequestContext '/path' of test_app>"
    assert not tumbler.has_request_context()


def test_test_request_context_urls(app: App) -> None:
    app.config.update(SERVER_NAME="example.test", APPLICATION_ROOT="/root", PREFERRED_URL_SCHEME="https")
    with app.test_request_context("/x"):
        assert request.url == "https://example.test/root/x"
    with app.test_request_context("/x", subdomain="api", url_scheme="http"):
        assert request.url == "http://api.example.test/root/x"
    with app.test_request_context("http://other.test/y?z=1"):
        assert request.url == "http://other.test/root/y?z=1"
    with app.test_request_context("/", base_url="http://b.test/"):
        assert request.host == "b.test"
    with pytest.raises(ValueError, match="subdomain"):
        app.test_request_context("/", base_url="http://b.test/", subdomain="x")


def test_request_context_reuses_a_matching_app_context(app: App) -> None:
    with app.app_context() as actx:
        g.outer = True
        with app.test_request_context():
            assert tumbler.app_ctx._get_current_object() is actx  # type: ignore[attr-defined]
            assert g.outer
    other = App("other", plugins=[])
    with other.app_context(), app.test_request_context():
        assert current_app.name == "test_app"
        assert "outer" not in g


def test_teardown_runs_when_the_view_raises(app: App) -> None:
    app.testing = True
    torn: list[tuple[str, BaseException | None]] = []
    app.teardown_request(lambda exc: torn.append(("request", exc)))
    app.teardown_appcontext(lambda exc: torn.append(("app", exc)))

    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        Client(app).get("/")
    assert [(kind, type(exc)) for kind, exc in torn] == [("request", ZeroDivisionError), ("app", ZeroDivisionError)]
    assert not tumbler.has_request_context() and not tumbler.has_app_context()


def test_teardown_in_production_sees_the_error_and_still_runs(app: App, client: Client) -> None:
    torn: list[BaseException | None] = []
    app.teardown_request(torn.append)

    @app.route("/")
    def index() -> str:
        raise KeyError("x")

    assert client.get("/").status_code == 500
    assert len(torn) == 1 and isinstance(torn[0], KeyError)


def test_teardown_after_a_handled_error_gets_none(app: App, client: Client) -> None:
    torn: list[BaseException | None] = []
    app.teardown_request(torn.append)
    app.register_error_handler(ValueError, lambda e: "handled")

    @app.route("/")
    def index() -> str:
        raise ValueError

    assert client.get("/").text == "handled"
    assert torn == [None]


def test_teardown_runs_when_a_before_request_or_after_request_raises(app: App, client: Client) -> None:
    torn: list[str] = []
    app.teardown_request(lambda exc: torn.append(type(exc).__name__))
    app.teardown_appcontext(lambda exc: torn.append("app"))
    state = {"where": "before"}

    @app.before_request
    def before() -> None:
        if state["where"] == "before":
            raise RuntimeError

    @app.after_request
    def after(response: tumbler.Response) -> tumbler.Response:
        if state["where"] == "after":
            raise RuntimeError
        return response

    @app.route("/")
    def index() -> str:
        return "x"

    assert client.get("/").status_code == 500
    state["where"] = "after"
    assert client.get("/").status_code == 500
    assert torn == ["RuntimeError", "app", "RuntimeError", "app"]


def test_errors_in_teardown_still_pop_the_contexts(app: App) -> None:
    @app.teardown_request
    def bad(exc: BaseException | None) -> None:
        raise OSError("teardown failed")

    @app.route("/")
    def index() -> str:
        return "x"

    with pytest.raises(OSError, match="teardown failed"):
        Client(app).get("/")
    assert not tumbler.has_request_context() and not tumbler.has_app_context()


def test_after_this_request(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        @tumbler.after_this_request
        def add_header(response: tumbler.Response) -> tumbler.Response:
            response.headers["X-Foo"] = "a header"
            return response

        return "Test"

    response = client.get("/")
    assert response.headers["X-Foo"] == "a header"
    assert response.text == "Test"
    with pytest.raises(RuntimeError, match="request context"):
        tumbler.after_this_request(lambda r: r)


def test_copy_current_request_context_in_a_thread(app: App, client: Client) -> None:
    results: list[str] = []

    @app.route("/")
    def index() -> str:
        g.value = "from g"

        @tumbler.copy_current_request_context
        def work(suffix: str) -> None:
            results.append(f"{request.args['q']} {suffix}")

        thread = threading.Thread(target=work, args=("in thread",))
        thread.start()
        thread.join()
        return "ok"

    assert client.get("/?q=hello").text == "ok"
    assert results == ["hello in thread"]
    with pytest.raises(RuntimeError, match="request context"):
        tumbler.copy_current_request_context(lambda: None)


def test_stream_with_context(app: App, client: Client) -> None:
    torn: list[str] = []
    app.teardown_request(lambda exc: torn.append("teardown"))

    @app.route("/wrapped")
    def wrapped() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield "Hello "
            yield request.args["name"]
            torn.append("streamed")
            yield "!"

        return tumbler.Response(tumbler.stream_with_context(generate()))

    @app.route("/decorated")
    def decorated() -> t.Any:
        @tumbler.stream_with_context
        def generate() -> t.Iterator[str]:
            yield "Hi "
            yield request.args["name"]

        return generate()

    assert client.get("/wrapped?name=World").text == "Hello World!"
    # the request was usable while streaming, and teardown ran after the stream ended
    assert "streamed" in torn and torn[-1] == "teardown"
    assert client.get("/decorated?name=you").text == "Hi you"
    with pytest.raises(RuntimeError, match="request context"):
        tumbler.stream_with_context(iter(["x"]))


def test_stream_with_context_closed_early_still_tears_down(app: App) -> None:
    torn: list[str] = []
    app.teardown_request(lambda exc: torn.append("teardown"))

    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield "a"
            yield "b"

        return tumbler.stream_with_context(generate())

    response = Client(app).get("/", buffered=False)
    assert next(iter(response.response)) == b"a"
    before_close = len(torn)
    response.close()
    assert len(torn) == before_close + 1 and torn[-1] == "teardown"
    assert not tumbler.has_request_context() and not tumbler.has_app_context()


def test_stream_with_context_from_an_async_view(app: App, client: Client) -> None:
    """An async view runs in another context; its stream must still work."""

    @app.route("/")
    async def index() -> t.Any:
        tumbler.g.word = "async"

        @tumbler.stream_with_context
        def generate() -> t.Iterator[str]:
            yield f"{tumbler.g.word} {tumbler.request.args['q']}"

        return tumbler.Response(generate())

    client.get("/?q=x").close()  # closed without reading the stream
    assert client.get("/?q=streamed").text == "async streamed"


def test_no_leak_across_threads(app: App) -> None:
    barrier = threading.Barrier(4)

    @app.route("/<name>")
    def index(name: str) -> str:
        g.name = name
        barrier.wait(timeout=5)  # every thread is inside its request now
        return f"{request.view_args['name'] if request.view_args else ''}-{g.name}"

    results: dict[str, str] = {}

    def run(name: str) -> None:
        results[name] = Client(app).get(f"/{name}").text

    threads = [threading.Thread(target=run, args=(n,)) for n in "abcd"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: f"{n}-{n}" for n in "abcd"}


def test_no_leak_across_requests_after_errors(app: App, client: Client) -> None:
    @app.route("/fail")
    def fail() -> str:
        raise RuntimeError

    @app.route("/ok")
    def ok() -> str:
        return "ok"

    for _ in range(3):
        assert client.get("/fail").status_code == 500
        assert not tumbler.has_request_context()
    assert client.get("/ok").text == "ok"


def test_request_stash_is_per_request(app: App, client: Client) -> None:
    key = tumbler.StashKey[int]("hits")

    @app.route("/")
    def index() -> str:
        stash = tumbler.request_ctx.stash
        stash[key] = stash.get(key, 0) + 1
        return str(stash[key])

    assert client.get("/").text == "1"
    assert client.get("/").text == "1"


def test_response_processor_runs_after_after_request(app: App, client: Client) -> None:
    order: list[str] = []

    @app.after_request
    def after(response: tumbler.Response) -> tumbler.Response:
        order.append("after_request")
        return response

    @app.route("/")
    def index() -> str:
        def processor(response: tumbler.Response) -> None:
            order.append("processor")
            response.headers["X-Processed"] = "1"

        tumbler.request_ctx.add_response_processor(processor)
        return "x"

    @app.route("/none")
    def none() -> str:
        return "y"

    assert client.get("/").headers["X-Processed"] == "1"
    assert order == ["after_request", "processor"]
    assert "X-Processed" not in client.get("/none").headers


def test_preserve_context_for_the_debugger(app: App) -> None:
    kept: list[t.Any] = []

    @app.route("/")
    def index() -> str:
        return "x"

    Client(app).get("/", environ_overrides={"werkzeug.debug.preserve_context": kept.append})
    assert [type(c).__name__ for c in kept] == ["AppContext", "RequestContext"]


def test_a_failing_context_hook_leaves_no_context_behind() -> None:
    class Broken:
        @tumbler.hookimpl
        def tumbler_appcontext_pushed(self, app: App) -> None:
            raise RuntimeError("plugin broke")

    app = App(__name__, plugins=[Broken()])
    app.add_url_rule("/", "index", lambda: "x")
    assert Client(app).get("/").status_code == 500  # answered by the app's error handling (test_plugin_errors.py)
    assert not tumbler.has_app_context() and not tumbler.has_request_context()
    with pytest.raises(RuntimeError, match="plugin broke"), app.app_context():
        pass
    assert not tumbler.has_app_context()


def test_a_failing_route_lookup_leaves_no_context_behind(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    app.add_url_rule("/", "index", lambda: "x")

    def broken_route(ctx: tumbler.RequestContext) -> None:
        raise OSError("routing broke")

    monkeypatch.setattr(app, "_route", broken_route)
    with pytest.raises(OSError, match="routing broke"), app.test_request_context():
        pass
    assert not tumbler.has_app_context() and not tumbler.has_request_context()
