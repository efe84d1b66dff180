"""Leak check, in process: many mixed requests straight into the WSGI callable, with
RSS and gc-object counts sampled, and no context may stay pushed after a request.

Run with the Python of the framework's virtualenv (``SOAK_FRAMEWORK`` picks the app)::

    SOAK_FRAMEWORK=tumbler python tools/soak/leak.py 100000

The last line printed is a JSON object with the figures (see :func:`main`).
"""

from __future__ import annotations

import gc
import io
import json
import os
import sys
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import soak_app
from werkzeug.test import EnvironBuilder

#: After warm-up (the first fifth of the requests, at least 5,000), growth beyond these fails the check.
RSS_BOUND_KB = 4096
OBJECTS_BOUND = 1000


class _Discard(io.RawIOBase):
    """``wsgi.errors`` that keeps nothing (a StringIO would grow with every logged 500)."""

    def write(self, data: t.Any) -> int:
        return len(data)


@dataclass
class Call:
    method: str
    path: str
    status: int
    #: "all": read the whole body; "one": one chunk then close; "none": close unread.
    read: str = "all"
    data: dict[str, str] | None = None
    cookie: bool = False


#: One round: every bench scenario, then errors, streams, sessions, templates, teardown.
ROUND = (
    Call("GET", "/", 200),
    Call("GET", "/user/42", 200),
    Call("GET", "/json", 200),
    Call("GET", "/template", 200),
    Call("GET", "/r/p199/7", 200),
    Call("GET", "/no/such/page", 404),
    Call("POST", "/form", 200, data={"name": "Ada", "email": "a@b.c", "age": "36", "city": "L", "lang": "py"}),
    Call("GET", "/session", 200, cookie=True),
    Call("GET", "/soak/error", 500),
    Call("GET", "/soak/abort", 400),
    Call("GET", "/soak/stream?n=5", 200),
    Call("GET", "/soak/stream?n=5", 200, read="one"),
    Call("GET", "/soak/stream?n=5", 200, read="none"),
    Call("GET", "/soak/template", 200),
    Call("GET", "/soak/teardown", 200),
    Call("POST", "/soak/login/someone", 200),
    Call("GET", "/session", 200),
)


def _environ(call: Call, cookie: str | None) -> dict[str, t.Any]:
    headers = {"Cookie": cookie} if call.cookie and cookie else {}
    builder = EnvironBuilder(path=call.path, method=call.method, data=call.data, headers=headers)
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    environ["wsgi.errors"] = _Discard()
    return environ


def _request(environ: dict[str, t.Any], body: bytes, read: str) -> tuple[int, list[tuple[str, str]]]:
    seen: list[t.Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: t.Any = None) -> t.Callable[..., None]:
        seen[:] = [int(status[:3]), headers]
        return lambda data: None

    environ = dict(environ, **{"wsgi.input": io.BytesIO(body)})
    result = soak_app.application(environ, start_response)
    try:
        if read == "all":
            for _chunk in result:
                pass
        elif read == "one":
            next(iter(result), None)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return seen[0], seen[1]


def _rss_kb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def _prepare() -> list[tuple[Call, dict[str, t.Any], bytes]]:
    """Each call's environ; the session scenario replays the cookie the app set."""
    cookie = None
    first = Call("GET", "/session", 200)
    status, headers = _request(_environ(first, None), b"", "all")
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("session="):
            cookie = value.split(";", 1)[0]
    if status != 200 or cookie is None:
        raise SystemExit(f"the session route answered {status} without a cookie")
    prepared = []
    for call in ROUND:
        environ = _environ(call, cookie)
        body = environ["wsgi.input"].read()
        prepared.append((call, environ, body))
    return prepared


def run(total: int) -> dict[str, t.Any]:
    prepared = _prepare()
    warmup = max(5000, total // 5)
    samples: list[tuple[int, int, int]] = []
    every = max(len(ROUND), total // 20)
    wrong: list[str] = []
    left_pushed = 0
    done = 0
    started = time.perf_counter()
    while done < total:
        for call, environ, body in prepared:
            status, _ = _request(environ, body, call.read)
            done += 1
            if status != call.status and len(wrong) < 5:
                wrong.append(f"{call.method} {call.path}: {status}, expected {call.status}")
            if soak_app.has_app_context() or soak_app.has_request_context():
                left_pushed += 1
            if done % every == 0 or done == warmup:
                gc.collect()
                samples.append((done, _rss_kb(), len(gc.get_objects())))
    elapsed = time.perf_counter() - started
    gc.collect()
    samples.append((done, _rss_kb(), len(gc.get_objects())))
    base = next(s for s in samples if s[0] >= warmup)
    end = samples[-1]
    stats = dict(soak_app.STATS)
    failures = []
    if end[1] - base[1] > RSS_BOUND_KB:
        failures.append(f"RSS grew {end[1] - base[1]} kB after warm-up (bound {RSS_BOUND_KB} kB)")
    if end[2] - base[2] > OBJECTS_BOUND:
        failures.append(f"gc objects grew by {end[2] - base[2]} after warm-up (bound {OBJECTS_BOUND})")
    if left_pushed or stats["leaked"]:
        failures.append(f"a context stayed pushed after {left_pushed} requests")
    if stats["teardowns"] != stats["requests"]:
        failures.append(f"{stats['teardowns']} teardowns for {stats['requests']} requests")
    if stats["stream_closes"] != stats["streams"]:
        failures.append(f"{stats['stream_closes']} stream cleanups for {stats['streams']} streams")
    failures += [f"wrong answer: {w}" for w in wrong]
    return {
        "check": "leak",
        "framework": soak_app.FRAMEWORK,
        "requests": done + 1,
        "errors": len(wrong),
        "seconds": round(elapsed, 1),
        "warmup": warmup,
        "rss_start_kb": samples[0][1],
        "rss_warm_kb": base[1],
        "rss_end_kb": end[1],
        "objects_warm": base[2],
        "objects_end": end[2],
        "left_pushed": left_pushed + stats["leaked"],
        "teardowns": stats["teardowns"],
        "crossed": 0,
        "samples": samples,
        "failures": failures,
    }


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(json.dumps(run(total)))


if __name__ == "__main__":
    main()
