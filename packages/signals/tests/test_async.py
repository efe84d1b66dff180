"""``async def`` receivers run through the app's ``ensure_sync``, as async
views do, whether or not an event loop is already running."""

from __future__ import annotations

import asyncio
import threading
import typing as t

import tumbler
import tumbler_signals
from werkzeug.test import Client


def test_async_receivers_for_every_request_signal(app, client, connect) -> None:
    seen = []

    def receiver(name: str) -> t.Callable[..., t.Any]:
        async def receive(sender: tumbler.App, **kwargs: t.Any) -> None:
            await asyncio.sleep(0)
            seen.append((name, sender is app, sorted(kwargs)))

        return receive

    for signal in (
        tumbler_signals.appcontext_pushed,
        tumbler_signals.request_started,
        tumbler_signals.request_finished,
        tumbler_signals.request_tearing_down,
        tumbler_signals.appcontext_tearing_down,
        tumbler_signals.appcontext_popped,
    ):
        connect(signal, receiver(str(signal.name)), app)
    app.get("/")(lambda: "ok")

    assert client.get("/").text == "ok"
    assert seen == [
        ("appcontext-pushed", True, []),
        ("request-started", True, []),
        ("request-finished", True, ["response"]),
        ("request-tearing-down", True, ["exc"]),
        ("appcontext-tearing-down", True, ["exc"]),
        ("appcontext-popped", True, []),
    ]


def test_async_view_and_async_receivers(app, client, connect) -> None:
    seen = []

    async def started(sender: tumbler.App) -> None:
        seen.append(("started", tumbler.request.path))

    async def failed(sender: tumbler.App, exception: BaseException) -> None:
        seen.append(("exception", type(exception).__name__))

    connect(tumbler_signals.request_started, started, app)
    connect(tumbler_signals.got_request_exception, failed, app)
    app.config["TESTING"] = False

    @app.get("/fail")
    async def fail() -> str:
        await asyncio.sleep(0)
        raise ZeroDivisionError

    assert client.get("/fail").status_code == 500
    assert seen == [("started", "/fail"), ("exception", "ZeroDivisionError")]


def test_async_receiver_while_an_event_loop_runs(app, connect) -> None:
    """Called from inside a running loop (an async server calling the WSGI
    app), the receiver still runs, and still sees the request."""
    seen = []

    async def started(sender: tumbler.App) -> None:
        seen.append((tumbler.request.path, threading.current_thread() is threading.main_thread()))

    connect(tumbler_signals.request_started, started, app)
    app.get("/")(lambda: "ok")

    async def serve() -> str:
        return Client(app).get("/").text

    assert asyncio.run(serve()) == "ok"
    assert seen == [("/", False)]


def test_receivers_run_with_the_apps_own_async_bridge(connect) -> None:
    bridged = []

    class BridgedApp(tumbler.App):
        def async_to_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
            bridged.append(func.__name__)
            return super().async_to_sync(func)

    app = BridgedApp("bridged", plugins=["signals"])

    async def on_push(sender: tumbler.App) -> None:
        pass

    connect(tumbler_signals.appcontext_pushed, on_push, app)
    with app.app_context():
        pass
    assert bridged == ["on_push"]
