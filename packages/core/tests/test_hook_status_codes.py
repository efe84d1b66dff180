"""What each per-request hook sees for a 200, 404, 405 and 500, as the hook
docstrings in ``tumbler.hookspecs`` say."""

from __future__ import annotations

import typing as t

import pytest
from tumbler import App, Response, hookimpl
from werkzeug.test import Client


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, t.Any]] = []

    @hookimpl
    def tumbler_request_received(self) -> None:
        self.calls.append(("request_received", None))

    @hookimpl
    def tumbler_appcontext_pushed(self) -> None:
        self.calls.append(("appcontext_pushed", None))

    @hookimpl
    def tumbler_request_started(self) -> None:
        self.calls.append(("request_started", None))

    @hookimpl
    def tumbler_make_response(self, rv: t.Any) -> None:
        self.calls.append(("make_response", None))

    @hookimpl
    def tumbler_process_response(self, response: Response) -> None:
        self.calls.append(("process_response", response.status_code))

    @hookimpl
    def tumbler_request_exception(self, exception: BaseException) -> None:
        self.calls.append(("request_exception", type(exception).__name__))

    @hookimpl
    def tumbler_teardown_request(self, exc: BaseException | None) -> None:
        self.calls.append(("teardown_request", type(exc).__name__ if exc else None))

    @hookimpl
    def tumbler_teardown_appcontext(self, exc: BaseException | None) -> None:
        self.calls.append(("teardown_appcontext", type(exc).__name__ if exc else None))

    @hookimpl
    def tumbler_appcontext_popped(self) -> None:
        self.calls.append(("appcontext_popped", None))


def _every_hook(status: int, exc: str | None) -> list[tuple[str, t.Any]]:
    return [
        ("appcontext_pushed", None),
        ("request_received", None),
        ("request_started", None),
        ("process_response", status),
        ("teardown_request", exc),
        ("teardown_appcontext", exc),
        ("appcontext_popped", None),
    ]


@pytest.mark.parametrize(
    ("method", "path", "status", "expected"),
    [
        ("GET", "/", 200, _every_hook(200, None)),
        ("GET", "/missing", 404, _every_hook(404, None)),
        ("POST", "/", 405, _every_hook(405, None)),
        (
            "GET",
            "/fail",
            500,
            [
                *_every_hook(500, "ValueError")[:3],
                ("request_exception", "ValueError"),
                *_every_hook(500, "ValueError")[3:],
            ],
        ),
    ],
)
def test_which_hooks_run_for_each_status(method: str, path: str, status: int, expected: list[t.Any]) -> None:
    recorder = _Recorder()
    app = App("codes", plugins=[recorder])
    app.add_url_rule("/", "index", lambda: "index")

    @app.route("/fail")
    def fail() -> str:
        raise ValueError

    assert Client(app).open(path, method=method).status_code == status
    assert recorder.calls == expected  # make_response: only for return values the kernel does not know
