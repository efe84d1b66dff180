"""Fixtures for the two-server checks: the nginx URL that ``nox -s scale`` started, and a tally.

Run them with ``nox -s scale`` (it starts PostgreSQL, Redis, two gunicorn
instances and nginx, then runs these tests); they need its environment:
``NOTES_SCALE_URL``, ``NOTES_SCALE_KILL_GROUP`` and ``NOTES_SCALE_NGINX_ERROR_LOG``.
"""

from __future__ import annotations

import collections
import os
import typing as t

import pytest
import requests

#: Responses per instance (the ``X-Notes-Instance`` header), over every test.
TALLY: collections.Counter[str] = collections.Counter()
#: Lines for the summary: what the failover test saw.
REPORT: list[str] = []


def _environment(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: these checks run inside `nox -s scale`, which starts the servers.")
    return value


class Client(requests.Session):
    """A browser-like client of the nginx URL: keeps cookies, counts who answered, sends no Origin."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def request(self, method: str, url: str, *args: t.Any, **kwargs: t.Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 30)
        response = super().request(method, self.base + url, *args, **kwargs)
        TALLY[response.headers.get("X-Notes-Instance", "none")] += 1
        return response

    def login(self, username: str, password: str) -> requests.Response:
        return self.post("/auth/login", data={"username": username, "password": password})


@pytest.fixture(scope="session")
def base_url() -> str:
    return _environment("NOTES_SCALE_URL")


@pytest.fixture
def make_client(base_url: str) -> t.Callable[[], Client]:
    return lambda: Client(base_url)


def pytest_terminal_summary(terminalreporter: t.Any) -> None:
    terminalreporter.section("two servers behind nginx")
    for instance, count in sorted(TALLY.items()):
        terminalreporter.write_line(f"responses from instance {instance}: {count}")
    for line in REPORT:
        terminalreporter.write_line(line)
