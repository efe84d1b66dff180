"""``request_ctx.add_response_processor``: lazy per-request response changes."""

from __future__ import annotations

import tumbler
from tumbler import request_ctx
from werkzeug.test import Client


def test_processor_added_by_a_processor_runs_in_the_same_pass(app: tumbler.App, client: Client) -> None:
    calls: list[str] = []

    def second(response: tumbler.Response) -> None:
        calls.append("second")
        response.headers["X-Second"] = "1"

    def first(response: tumbler.Response) -> None:
        calls.append("first")
        request_ctx.add_response_processor(second)

    def later(response: tumbler.Response) -> None:
        calls.append("later")

    @app.get("/")
    def index() -> str:
        request_ctx.add_response_processor(first)
        request_ctx.add_response_processor(later)
        return "ok"

    rv = client.get("/")
    assert rv.headers["X-Second"] == "1"
    assert calls == ["first", "later", "second"]
