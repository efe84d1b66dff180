"""The eight scenarios: the request each one sends and how its answer is checked.

Standard library only: the worker imports this inside every column's virtualenv,
and the HTTP phase uses the same checks on the wire.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

APPS_DIR = Path(__file__).resolve().parent.parent / "apps"
if str(APPS_DIR) not in sys.path:
    sys.path.insert(0, str(APPS_DIR))

import bench_data as data  # noqa: E402  (lives in APPS_DIR)

Headers = Iterable[tuple[str, str]]


def _header(headers: Headers, name: str) -> str | None:
    name = name.lower()
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _equals(expected: str) -> Callable[[str, Headers], str | None]:
    def check(text: str, headers: Headers) -> str | None:
        if text != expected:
            return f"body {text[:80]!r}, expected {expected!r}"
        return None

    return check


def _json_body(text: str, headers: Headers) -> str | None:
    content_type = _header(headers, "Content-Type") or ""
    if "application/json" not in content_type:
        return f"Content-Type {content_type!r}, expected application/json"
    try:
        value = json.loads(text)
    except ValueError:
        return f"body is not JSON: {text[:80]!r}"
    if value != data.JSON_PAYLOAD:
        return f"JSON {value!r}, expected {data.JSON_PAYLOAD!r}"
    return None


def _template_body(text: str, headers: Headers) -> str | None:
    wanted = [f"<title>{data.TITLE}</title>"]
    wanted += [f"<li>{item['name']}: {item['value']}</li>" for item in data.ITEMS]
    missing = [line for line in wanted if line not in text]
    if missing:
        return f"rendered page lacks {missing[0]!r} (body {text[:80]!r})"
    return None


def _not_found_body(text: str, headers: Headers) -> str | None:
    if "not found" not in text.lower():
        return f"404 body {text[:80]!r} does not say 'Not Found'"
    return None


@dataclass(frozen=True)
class Scenario:
    """One request, identical for every column, and the check of its response."""

    name: str
    title: str
    method: str
    path: str
    check_body: Callable[[str, Headers], str | None]
    status: int = 200
    body: bytes = b""
    content_type: str | None = None
    #: The request carries the signed session cookie that the app itself set on a
    #: first, cookie-less request (see :func:`session_cookie`).
    uses_session: bool = False

    def check(self, status: int, headers: Headers, body: bytes) -> str | None:
        """An error message when the response is wrong, else ``None``."""
        if status != self.status:
            return f"status {status}, expected {self.status} (body {body[:80]!r})"
        error = self.check_body(body.decode("utf-8", "replace"), headers)
        if error is None and self.uses_session and session_cookie(headers) is None:
            error = f"no {data.SESSION_COOKIE!r} cookie set"
        return error


def session_cookie(headers: Headers) -> str | None:
    """The ``name=value`` pair of the session cookie in a response's Set-Cookie headers."""
    prefix = data.SESSION_COOKIE + "="
    for key, value in headers:
        if key.lower() == "set-cookie" and value.startswith(prefix):
            return value.split(";", 1)[0]
    return None


#: The first, cookie-less request of the session scenario must answer this.
SESSION_FIRST_BODY = "count=1"

_MANY_LAST = data.MANY_ROUTES - 1

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("hello", "hello (GET / text)", "GET", "/", _equals(data.HELLO)),
    Scenario("path_param", "path parameter /user/<int:id>", "GET", "/user/42", _equals("user 42")),
    Scenario("json", "JSON (small dict)", "GET", "/json", _json_body),
    Scenario("template", "template (10-item loop)", "GET", "/template", _template_body),
    Scenario(
        "many_routes",
        f"many routes (match rule {2 * data.MANY_ROUTES} of {2 * data.MANY_ROUTES})",
        "GET",
        f"{data.param_prefix(_MANY_LAST)}/7",
        _equals(f"p{_MANY_LAST} 7"),
    ),
    Scenario("not_found", "not found (404)", "GET", "/no/such/page", _not_found_body, status=404),
    Scenario(
        "form_post",
        "form POST (5 fields)",
        "POST",
        "/form",
        _equals(",".join(data.FORM.values())),
        body=urlencode(data.FORM).encode("ascii"),
        content_type="application/x-www-form-urlencoded",
    ),
    Scenario(
        "session",
        "signed-cookie session read+write",
        "GET",
        "/session",
        _equals("count=2"),
        uses_session=True,
    ),
)

BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}
