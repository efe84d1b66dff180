from __future__ import annotations

import tumbler
from tumbler_templating import add_template_global, stream_template, stream_template_string
from werkzeug.test import Client


def test_stream_keeps_the_request_context(app: tumbler.App, client: Client) -> None:
    events: list[str] = []

    def where() -> str:
        # a proxy, resolved while the body is generated: fails without a request context
        return tumbler.request.args["q"]

    add_template_global(app, where)
    app.teardown_request(lambda exc: events.append("teardown"))

    @app.get("/stream")
    def stream() -> object:
        events.append("view")
        return stream_template("stream.html", parts=["a", "b"])

    response = client.get("/stream?q=x")
    assert events == ["view"]  # not torn down yet: the body is still to come
    body = response.get_data(as_text=True)
    assert body.strip() == "a|/stream|x;b|/stream|x;"
    assert events == ["view", "teardown"]


def test_stream_yields_pieces(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    pieces = list(stream_template_string("{% for i in range(3) %}{{ i }}{% endfor %}"))
    assert "".join(pieces) == "012"


def test_stream_string_in_a_view(app: tumbler.App, client: Client) -> None:
    app.add_url_rule("/", "index", lambda: stream_template_string("{{ config }}", config=42))
    assert client.get("/").data == b"42"
