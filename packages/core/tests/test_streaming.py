"""Streamed bodies and their contexts (``stream_with_context``): pushed only
while the body is iterated, on whichever thread iterates; teardown exactly
once, when the body ends or is closed; ``g`` never shared between requests."""

from __future__ import annotations

import socket
import threading
import time
import typing as t

import pytest
import tumbler
from tumbler import App, g
from werkzeug.serving import make_server
from werkzeug.test import Client


@pytest.fixture(params=["sync", "async"])
def stream_app(request: pytest.FixtureRequest) -> App:
    """``/stream?who=...``: sets ``g.who`` in the view, streams three chunks
    that read ``g`` and ``request``; teardowns are recorded as (who, exc)."""
    app = App("streaming")
    app.config["TORN"] = torn = []
    app.config["CLOSED"] = closed = []

    @app.teardown_request
    def record(exc: BaseException | None) -> None:
        torn.append((g.get("who"), exc))

    def body() -> t.Iterator[str]:
        try:
            for i in range(3):
                yield f"{i}:{g.who}:{tumbler.request.args['who']};"
        finally:
            closed.append(g.who)  # the generator's cleanup runs inside the request's contexts

    if request.param == "sync":

        @app.get("/stream")
        def sync_view() -> t.Any:
            g.who = tumbler.request.args["who"]
            return tumbler.stream_with_context(body())

    else:

        @app.get("/stream")
        async def async_view() -> t.Any:
            g.who = tumbler.request.args["who"]
            return tumbler.stream_with_context(body())

    @app.get("/plain")
    def plain() -> str:
        return f"g has who: {'who' in g}"

    return app


def expected(who: str) -> bytes:
    return "".join(f"{i}:{who}:{who};" for i in range(3)).encode()


def no_context() -> bool:
    return not tumbler.has_request_context() and not tumbler.has_app_context()


def test_nothing_is_pushed_between_the_view_and_the_first_chunk(stream_app: App) -> None:
    response = Client(stream_app).get("/stream?who=a", buffered=False)
    assert no_context()
    assert stream_app.config["TORN"] == []  # the body is still to come
    assert b"".join(response.response) == expected("a")
    assert no_context()
    response.close()
    assert stream_app.config["TORN"] == [("a", None)]


def test_the_body_can_be_iterated_on_another_thread(stream_app: App) -> None:
    response = Client(stream_app).get("/stream?who=a", buffered=False)
    got: list[bytes] = []
    left: list[bool] = []

    def consume() -> None:
        got.append(b"".join(response.response))
        response.close()
        left.append(no_context())

    worker = threading.Thread(target=consume)
    worker.start()
    worker.join(10)
    assert got == [expected("a")]
    assert left == [True]
    assert stream_app.config["TORN"] == [("a", None)]
    assert stream_app.config["CLOSED"] == ["a"]
    assert no_context()


def test_a_held_body_shares_nothing_with_the_next_request(stream_app: App) -> None:
    client = Client(stream_app)
    held = client.get("/stream?who=a", buffered=False)
    # the same thread serves another request before the first body is read
    assert client.get("/plain").text == "g has who: False"
    other = client.get("/stream?who=b")
    assert other.data == expected("b")
    held_iter = iter(held.response)
    first = next(held_iter)
    assert client.get("/plain").text == "g has who: False"  # also between two chunks
    assert first + b"".join(held_iter) == expected("a")
    held.close()
    torn = stream_app.config["TORN"]
    assert sorted(who for who, _ in torn if who) == ["a", "b"]
    assert len(torn) == 4  # a, b and the two plain requests: once each
    assert no_context()


def test_closing_without_iterating_tears_down_once(stream_app: App) -> None:
    response = Client(stream_app).get("/stream?who=a", buffered=False)
    response.close()
    response.close()
    assert stream_app.config["TORN"] == [("a", None)]
    assert no_context()


def test_closing_midway_closes_the_generator_and_tears_down_once(stream_app: App) -> None:
    response = Client(stream_app).get("/stream?who=a", buffered=False)
    assert next(iter(response.response)) == b"0:a:a;"
    assert stream_app.config["CLOSED"] == []
    response.close()
    assert stream_app.config["CLOSED"] == ["a"]
    assert stream_app.config["TORN"] == [("a", None)]
    assert no_context()


def test_an_error_in_the_body_reaches_teardown_once() -> None:
    app = App("streaming")
    torn: list[t.Any] = []
    app.teardown_request(lambda exc: torn.append(exc))

    @app.get("/")
    def index() -> t.Any:
        def body() -> t.Iterator[str]:
            yield "a"
            raise ValueError("broken stream")

        return tumbler.stream_with_context(body())

    response = Client(app).get("/", buffered=False)
    chunks = iter(response.response)
    assert next(chunks) == b"a"
    with pytest.raises(ValueError, match="broken stream"):
        next(chunks)
    response.close()
    assert len(torn) == 1 and isinstance(torn[0], ValueError)
    assert no_context()


def test_a_client_that_disconnects_mid_stream(stream_app: App) -> None:
    """A real server (werkzeug's, threaded): the client reads one chunk and
    goes away; the server's write fails, it closes the body, the generator's
    cleanup runs and teardown runs once."""
    started = threading.Event()

    @stream_app.get("/endless")
    def endless() -> t.Any:
        g.who = "endless"

        def body() -> t.Iterator[bytes]:
            try:
                while True:
                    started.set()
                    yield b"x" * 65536
                    time.sleep(0.01)
            finally:
                stream_app.config["CLOSED"].append(g.who)

        return tumbler.stream_with_context(body())

    server = make_server("127.0.0.1", 0, stream_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as client:
            client.sendall(b"GET /endless HTTP/1.1\r\nHost: x\r\n\r\n")
            assert client.recv(1024).startswith(b"HTTP/1.1 200")
            assert started.wait(5)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        deadline = time.monotonic() + 10
        while not stream_app.config["TORN"] and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)  # a second teardown would show now
    finally:
        server.shutdown()
        server.server_close()
    assert stream_app.config["CLOSED"] == ["endless"]
    assert stream_app.config["TORN"] == [("endless", None)]


def test_concurrent_streams_keep_their_own_g(stream_app: App) -> None:
    results: dict[str, bytes] = {}
    responses = {who: Client(stream_app).get(f"/stream?who={who}", buffered=False) for who in "abcd"}

    def consume(who: str) -> None:
        chunks = []
        for chunk in responses[who].response:
            chunks.append(chunk)
            time.sleep(0.005)
        responses[who].close()
        results[who] = b"".join(chunks)

    threads = [threading.Thread(target=consume, args=(who,)) for who in responses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results == {who: expected(who) for who in responses}
    assert sorted(stream_app.config["TORN"], key=lambda x: x[0]) == [(w, None) for w in "abcd"]
