"""``async def`` views, hooks and error handlers, run through ``ensure_sync``."""

from __future__ import annotations

import asyncio
import typing as t

import pytest
import tumbler
from tumbler import App, MethodView, View
from werkzeug.test import Client


class AppError(Exception):
    pass


@pytest.fixture
def async_app(app: App) -> App:
    @app.route("/", methods=["GET", "POST"])
    async def index() -> str:
        await asyncio.sleep(0)
        return tumbler.request.method

    @app.errorhandler(AppError)
    async def handle(e: AppError) -> tuple[str, int]:
        return "handled", 412

    @app.route("/error")
    async def error() -> str:
        raise AppError()

    class Async(View):
        methods = ["GET", "POST"]

        async def dispatch_request(self) -> str:
            await asyncio.sleep(0)
            return tumbler.request.method

    class AsyncMethods(MethodView):
        async def get(self) -> str:
            return "GET"

        async def post(self) -> str:
            return "POST"

    app.add_url_rule("/view", view_func=Async.as_view("view"))
    app.add_url_rule("/methodview", view_func=AsyncMethods.as_view("methodview"))
    return app


@pytest.mark.parametrize("path", ["/", "/view", "/methodview"])
def test_async_views(async_app: App, path: str) -> None:
    client = Client(async_app)
    assert client.get(path).text == "GET"
    assert client.post(path).text == "POST"


def test_async_error_handler(async_app: App) -> None:
    response = Client(async_app).get("/error")
    assert (response.status_code, response.text) == (412, "handled")


def test_async_hooks(app: App, client: Client) -> None:
    calls: list[str] = []

    @app.before_request
    async def before() -> None:
        tumbler.g.before = True
        calls.append("before")

    @app.after_request
    async def after(response: tumbler.Response) -> tumbler.Response:
        calls.append("after")
        response.headers["X-Async"] = "1"
        return response

    @app.teardown_request
    async def teardown_request(exc: BaseException | None) -> None:
        calls.append("teardown_request")

    @app.teardown_appcontext
    async def teardown_app(exc: BaseException | None) -> None:
        calls.append("teardown_app")

    @app.route("/")
    async def index() -> str:
        return str(tumbler.g.before)

    response = client.get("/")
    assert response.text == "True" and response.headers["X-Async"] == "1"
    assert calls == ["before", "after", "teardown_request", "teardown_app"]


def test_async_before_request_can_answer(app: App, client: Client) -> None:
    @app.before_request
    async def short_circuit() -> str:
        return "from before"

    @app.route("/")
    def index() -> str:
        return "view"

    assert client.get("/").text == "from before"


def test_async_view_inside_a_running_loop(app: App) -> None:
    @app.route("/")
    async def index() -> str:
        return tumbler.request.path

    async def main() -> str:
        # a server running the WSGI app from inside an event loop
        return Client(app).get("/").text

    assert asyncio.run(main()) == "/"


def test_async_error_propagates_from_the_helper_thread(app: App) -> None:
    app.testing = True

    @app.route("/")
    async def index() -> str:
        raise AppError("in coroutine")

    async def main() -> None:
        Client(app).get("/")

    with pytest.raises(AppError, match="in coroutine"):
        asyncio.run(main())


def test_ensure_sync_is_the_one_place_to_replace(app: App) -> None:
    """An async plugin (or subclass) replaces how coroutines run in one method."""
    ran: list[str] = []

    class MyApp(App):
        def async_to_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
            def run(*args: t.Any, **kwargs: t.Any) -> t.Any:
                ran.append(func.__name__)
                return asyncio.run(func(*args, **kwargs))

            return run

    my = MyApp(__name__, plugins=[])

    @my.before_request
    async def before() -> None:
        pass

    @my.route("/")
    async def index() -> str:
        return "x"

    @my.errorhandler(404)
    async def missing(e: Exception) -> tuple[str, int]:
        return "missing", 404

    client = Client(my)
    assert client.get("/").text == "x"
    assert client.get("/nope").text == "missing"
    assert ran == ["before", "index", "before", "missing"]
    sync = my.ensure_sync(lambda: 1)
    assert sync() == 1


def test_copy_current_request_context_with_async(app: App, client: Client) -> None:
    @app.route("/")
    def index() -> str:
        @tumbler.copy_current_request_context
        async def work() -> str:
            return tumbler.request.args["q"]

        return work()  # type: ignore[no-any-return]

    assert client.get("/?q=async").text == "async"
