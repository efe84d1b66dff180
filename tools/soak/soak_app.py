"""The app the reliability suite runs: the bench app of one framework, plus routes for
errors, streams, teardown, isolation and fault injection.

``SOAK_FRAMEWORK`` picks ``tumbler`` (the default: ``bench/apps/tumbler_app.py``, every
plugin loaded) or ``flask`` (``bench/apps/flask_app.py``, Flask 3.1.3 in its own
virtualenv); the extra routes are the same code for both. ``SOAK_FAULTS=1`` (Tumbler
only) registers a plugin whose hooks raise when a request asks for it with
``X-Fail-Hook: <hook name>``.

The WSGI callable is :data:`application`: it counts requests, and requests that
arrive while a context is still pushed on the serving thread (a leak).
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
import typing as t
from pathlib import Path

BENCH_APPS = Path(__file__).resolve().parent.parent.parent / "bench" / "apps"
sys.path.insert(0, str(BENCH_APPS))

FRAMEWORK = os.environ.get("SOAK_FRAMEWORK", "tumbler")

if FRAMEWORK == "flask":
    from flask import (
        abort,
        g,
        has_app_context,
        has_request_context,
        render_template_string,
        request,
        session,
        stream_with_context,
    )
    from flask_app import app
elif FRAMEWORK == "tumbler":
    from tumbler import abort, g, has_app_context, has_request_context, request, stream_with_context
    from tumbler_app import app
    from tumbler_sessions import session
    from tumbler_templating import render_template_string
else:
    raise SystemExit(f"SOAK_FRAMEWORK must be 'tumbler' or 'flask', not {FRAMEWORK!r}")

#: Process-wide counters, read by ``/soak/stats``.
STATS = dict.fromkeys(
    ("requests", "teardowns", "leaked", "streams", "stream_closes", "flaky_failures", "hook_faults"), 0
)
_LOCK = threading.Lock()
_flaky = itertools.count(1)
#: The hook the current request asks to fail (``X-Fail-Hook``), per thread.
_FAULT = threading.local()

#: The hooks the fault plugin can make raise (Tumbler's kernel hook specs).
FAULT_HOOKS = (
    "tumbler_appcontext_pushed",
    "tumbler_request_started",
    "tumbler_make_response",
    "tumbler_process_response",
    "tumbler_request_exception",
    "tumbler_teardown_request",
    "tumbler_teardown_appcontext",
    "tumbler_appcontext_popped",
)


def _count(key: str) -> None:
    with _LOCK:
        STATS[key] += 1


@app.teardown_request
def _teardown(exc: BaseException | None) -> None:
    _count("teardowns")


@app.get("/soak/error")
def soak_error() -> str:
    raise RuntimeError("an error the soak suite asked for")


@app.get("/soak/abort")
def soak_bad_request() -> str:
    abort(400)


@app.get("/soak/flaky")
def soak_flaky() -> str:
    if next(_flaky) % 100 == 0:
        _count("flaky_failures")
        raise RuntimeError("fails 1 request in 100")
    return "fine"


@app.get("/soak/teardown")
def soak_teardown_view() -> str:
    g.value = list(range(10))
    return "torn down later"


@app.get("/soak/werkzeug-response")
def soak_werkzeug_response() -> t.Any:
    from werkzeug.wrappers import Response

    return Response("a plain werkzeug response")  # converted by the framework (make_response hooks)


@app.get("/soak/template")
def soak_template() -> str:
    return render_template_string("{% for i in items %}<b>{{ i }}</b>{% endfor %}{{ name }}", items=range(5), name="<x>")


@app.get("/soak/stream")
def soak_stream() -> t.Any:
    g.word = request.args.get("w", "chunk")
    chunks = int(request.args.get("n", "5"))
    pause = float(request.args.get("sleep", "0"))
    size = int(request.args.get("size", "0"))

    @stream_with_context
    def generate() -> t.Iterator[str]:
        _count("streams")  # counted when started: closing an unstarted generator runs no cleanup
        try:
            for i in range(chunks):
                yield f"{g.word}{i};" + "." * size
                if pause:
                    time.sleep(pause)
        finally:
            _count("stream_closes")

    return app.response_class(generate(), mimetype="text/plain")


@app.post("/soak/login/<ident>")
def soak_login(ident: str) -> str:
    session["ident"] = ident
    return "ok"


def _echo(ident: str) -> t.Any:
    return {"g": g.ident, "session": session.get("ident"), "header": request.headers.get("X-Soak-Id")}


@app.get("/soak/echo/<ident>")
def soak_echo(ident: str) -> t.Any:
    g.ident = ident
    time.sleep(0.01)  # let other threads' requests interleave with this one
    response = app.make_response(_echo(ident))
    response.headers["X-Soak-Echo"] = g.ident
    return response


if FRAMEWORK == "tumbler":

    @app.get("/soak/aecho/<ident>")
    async def soak_async_echo(ident: str) -> t.Any:
        import asyncio

        g.ident = ident
        await asyncio.sleep(0.01)
        response = app.make_response(_echo(ident))
        response.headers["X-Soak-Echo"] = g.ident
        return response


@app.get("/soak/stats")
def soak_stats() -> t.Any:
    with _LOCK:
        return {**STATS, "pid": os.getpid()}


class FaultPlugin:
    """Raises in the hook named by the request's ``X-Fail-Hook`` header."""

    tumbler_plugin_name = "soak.faults"


def _faulty(name: str) -> t.Callable[..., None]:
    def hook(app: t.Any) -> None:
        if getattr(_FAULT, "hook", None) == name:
            _count("hook_faults")
            raise RuntimeError(f"injected fault in {name}")

    hook.__name__ = name
    return hook


if FRAMEWORK == "tumbler" and os.environ.get("SOAK_FAULTS") == "1":
    from tumbler import hookimpl

    for _name in FAULT_HOOKS:
        setattr(FaultPlugin, _name, staticmethod(hookimpl(_faulty(_name))))
    app.plugins.register(FaultPlugin(), name="soak.faults")


def application(environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> t.Iterable[bytes]:
    """The app, counting requests and noticing a context left pushed on this thread."""
    with _LOCK:
        STATS["requests"] += 1
        if has_app_context() or has_request_context():
            STATS["leaked"] += 1
    _FAULT.hook = environ.get("HTTP_X_FAIL_HOOK")
    return app(environ, start_response)
