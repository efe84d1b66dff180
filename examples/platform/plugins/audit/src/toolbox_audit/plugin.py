"""The ``audit`` plugin's hooks: a request id per request, a log row per response."""

from __future__ import annotations

import os
import re
import time
import uuid

from tumbler import App, Response, g, hookimpl, request

from .log import Entry, write

#: An incoming X-Request-Id is kept only if it looks like one (no log injection).
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}")


@hookimpl
def tumbler_configure(app: App) -> None:
    app.config.setdefault("AUDIT_DATABASE", os.path.join(app.instance_path, "audit.sqlite3"))
    app.config.setdefault("AUDIT_SKIP_PREFIXES", ["/static/"])


@hookimpl
def tumbler_request_started(app: App) -> None:
    incoming = request.headers.get("X-Request-Id", "")
    g.request_id = incoming if _WELL_FORMED.fullmatch(incoming) else uuid.uuid4().hex
    g.audit_started = time.perf_counter()


@hookimpl
def tumbler_process_response(app: App, response: Response) -> None:
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers["X-Request-Id"] = request_id
    if request.path.startswith(tuple(app.config["AUDIT_SKIP_PREFIXES"])):
        return
    started = g.get("audit_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    write(app, Entry(time.time(), request_id, request.method, request.path, response.status_code, duration))
