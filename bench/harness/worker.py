"""Runs one column's app inside that column's virtualenv (standard library only).

Started by the harness as ``<venv>/bin/python worker.py MODE APP_MODULE ...``:

``serve``
    Answers JSON-lines commands on stdin (``info``, ``check``, ``time``) so the
    in-process phase can interleave the columns while every app stays loaded.
``startup``
    Imports the app, serves 1,000 requests in-process, prints import time, first
    request time and peak RSS.
``callgrind``
    Meant to run under ``valgrind --tool=callgrind``: for each scenario, warms up,
    then opens two measurement windows (0 and M requests) that callgrind dumps
    separately; see ``harness/callgrind.py`` for why.
``loop``
    Warm-up then a fixed number of requests of one scenario, nothing else: the
    fallback of the callgrind phase (difference of two whole runs).
"""

from __future__ import annotations

import gc
import importlib
import io
import json
import math
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import BY_NAME, SCENARIOS, SESSION_FIRST_BODY, Scenario, session_cookie


def _start_response(status, headers, exc_info=None):
    _start_response.last = (status, headers)
    return _write


def _write(data):
    raise RuntimeError("the benchmark apps must not use the WSGI write() callable")


def make_environ(scenario: Scenario, cookie: str | None) -> dict:
    """A WSGI environ for the scenario's request, without ``wsgi.input``."""
    environ = {
        "REQUEST_METHOD": scenario.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": scenario.path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "tumbler-bench",
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if scenario.body:
        environ["CONTENT_LENGTH"] = str(len(scenario.body))
    if scenario.content_type:
        environ["CONTENT_TYPE"] = scenario.content_type
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def call(app, environ: dict, body: bytes):
    """One WSGI call: ``(status code, headers, body)``."""
    environ = dict(environ, **{"wsgi.input": io.BytesIO(body)})
    result = app(environ, _start_response)
    try:
        payload = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    status, headers = _start_response.last
    return int(status.split(" ", 1)[0]), headers, payload


def run_requests(app, environ: dict, body: bytes, count: int) -> None:
    """``count`` WSGI calls of one prepared request, responses consumed and closed.

    The only work outside the app is copying the environ and wrapping the body,
    the same for every column (and visible in the raw-WSGI floor).
    """
    bytes_io = io.BytesIO
    start_response = _start_response
    for _ in range(count):
        environ_i = environ.copy()
        environ_i["wsgi.input"] = bytes_io(body)
        result = app(environ_i, start_response)
        for _chunk in result:
            pass
        close = getattr(result, "close", None)
        if close is not None:
            close()


class Column:
    """The loaded app and, per scenario, its prepared request."""

    def __init__(self, app_module: str) -> None:
        module = importlib.import_module(app_module)
        self.app = module.app
        #: Scenario name -> why this framework has no idiomatic answer for it.
        self.not_applicable: dict = getattr(module, "NOT_APPLICABLE", {})
        self._cookie: str | None = None

    def prepare(self, scenario: Scenario) -> dict:
        """The environ to replay; the session one carries the app's own cookie."""
        cookie = None
        if scenario.uses_session:
            if self._cookie is None:
                status, headers, body = call(self.app, make_environ(scenario, None), b"")
                if status != 200 or body.decode() != SESSION_FIRST_BODY:
                    raise AssertionError(
                        f"first session request: status {status}, body {body[:80]!r},"
                        f" expected 200 {SESSION_FIRST_BODY!r}"
                    )
                self._cookie = session_cookie(headers)
                if self._cookie is None:
                    raise AssertionError("first session request set no session cookie")
            cookie = self._cookie
        return make_environ(scenario, cookie)

    def check(self, scenario: Scenario) -> str | None:
        """An error message when the app answers the scenario wrongly ("n/a: ..." when it has no answer)."""
        if scenario.name in self.not_applicable:
            return f"n/a: {self.not_applicable[scenario.name]}"
        try:
            environ = self.prepare(scenario)
            status, headers, body = call(self.app, environ, scenario.body)
        except Exception as error:  # the report says which app broke and how
            return f"{type(error).__name__}: {error}"
        return scenario.check(status, headers, body)

    def time(self, scenario: Scenario, count: int) -> int:
        """Nanoseconds taken by ``count`` requests of the scenario."""
        environ = self.prepare(scenario)
        start = time.perf_counter_ns()
        run_requests(self.app, environ, scenario.body, count)
        return time.perf_counter_ns() - start


def installed_distributions() -> dict:
    """Distributions installed on disk (not ones a meta-path finder pretends to have:
    ``tumbler_flask_compat`` answers for ``flask`` once imported)."""
    from importlib import metadata

    versions = {}
    for dist in metadata.MetadataPathFinder.find_distributions(metadata.DistributionFinder.Context()):
        name = dist.metadata["Name"]
        if name:
            versions.setdefault(name.lower().replace("_", "-"), dist.version)
    return versions


def loaded_plugins(app) -> list:
    """The plugins the app loaded (Tumbler's ``app.plugins.list()``), else those installed."""
    host = getattr(app, "plugins", None)
    if host is not None and callable(getattr(host, "list", None)):
        return [
            {"name": info.name, "distribution": info.distribution, "version": info.version, "loaded": True}
            for info in host.list()
        ]
    from importlib import metadata

    found = []
    for entry in metadata.entry_points(group="tumbler.plugins"):
        dist = getattr(entry, "dist", None)
        found.append(
            {
                "name": entry.name,
                "distribution": dist.metadata["Name"] if dist else None,
                "version": dist.version if dist else None,
                "loaded": False,
            }
        )
    return sorted(found, key=lambda item: item["name"])


def serve(app_module: str) -> None:
    # Answers go to the real stdout; anything the app prints goes to stderr.
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    try:
        column = Column(app_module)
    except BaseException as error:
        out.write(json.dumps({"error": f"importing {app_module} failed: {type(error).__name__}: {error}"}) + "\n")
        return
    out.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        command = json.loads(line)
        kind = command["cmd"]
        if kind == "info":
            answer = {
                "python": sys.version.split()[0],
                "distributions": installed_distributions(),
                "plugins": loaded_plugins(column.app),
                "flask_module": getattr(sys.modules.get("flask"), "__file__", None),
                "flask_is_tumbler": bool(getattr(sys.modules.get("flask"), "__tumbler_compat__", False)),
                "app_class": f"{type(column.app).__module__}.{type(column.app).__qualname__}",
            }
        elif kind == "check":
            answer = {"errors": {s.name: column.check(s) for s in SCENARIOS}}
        elif kind == "time":
            answer = {"ns": column.time(BY_NAME[command["scenario"]], command["count"])}
        elif kind == "quit":
            return
        else:
            answer = {"error": f"unknown command {kind!r}"}
        out.write(json.dumps(answer) + "\n")


def startup(app_module: str, requests: int) -> None:
    """Import time, first-request time and peak RSS after ``requests`` requests."""
    start = time.perf_counter()
    column = Column(app_module)
    imported = time.perf_counter()
    hello = BY_NAME["hello"]
    call(column.app, column.prepare(hello), hello.body)
    first = time.perf_counter()
    prepared = [(column.prepare(s), s.body) for s in SCENARIOS if s.name not in column.not_applicable]
    for i in range(requests - 1):
        environ, body = prepared[i % len(prepared)]
        run_requests(column.app, environ, body, 1)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "import_ms": (imported - start) * 1e3,
                "first_request_ms": (first - imported) * 1e3,
                "peak_rss_kib": peak_kib,
            }
        )
    )


class _Markers:
    """How a window is opened and closed under callgrind.

    With the client-request helper (``harness/callgrind_requests.c``), valgrind runs
    with ``--instr-atstart=no``: import and warm-up run uninstrumented (fast), and
    the windows use callgrind's own zero and dump requests. Without it, ``math.gcd``
    and ``math.lcm`` serve as markers for ``--zero-before`` / ``--dump-before``.
    """

    def __init__(self, helper: str) -> None:
        self._lib = None
        if helper != "math":
            import ctypes

            self._lib = ctypes.CDLL(helper)

    def instrument(self, on: bool) -> None:
        if self._lib is not None:
            self._lib.bench_instrumentation(1 if on else 0)

    def zero(self) -> None:
        if self._lib is not None:
            self._lib.bench_zero()
        else:
            math.gcd(1, 1)  # --zero-before=math_gcd

    def dump(self) -> None:
        if self._lib is not None:
            self._lib.bench_dump(b"bench window")
        else:
            math.lcm(1, 1)  # --dump-before=math_lcm


def callgrind_windows(app_module: str, names: list, warmup: int, measure: int, helper: str) -> None:
    """Per scenario, after warm-up, one window of 0 requests and one of ``measure``."""
    markers = _Markers(helper)
    column = Column(app_module)
    windows = []
    for name in names:
        scenario = BY_NAME[name]
        environ = column.prepare(scenario)
        run_requests(column.app, environ, scenario.body, warmup)
        # Frozen, the warmed-up heap is skipped by collections, so the collection
        # closing each window costs what the window's own garbage costs.
        gc.collect()
        gc.freeze()
        markers.instrument(True)
        for count in (0, measure):
            gc.collect()
            markers.zero()
            run_requests(column.app, environ, scenario.body, count)
            # Collect the window's cyclic garbage inside it: freeing what the
            # requests left behind (a 404's traceback cycles) is part of their cost.
            gc.collect()
            markers.dump()
            windows.append({"scenario": name, "requests": count})
        markers.instrument(False)
        gc.unfreeze()
    print(json.dumps({"windows": windows}))


def loop(app_module: str, name: str, warmup: int, count: int) -> None:
    column = Column(app_module)
    scenario = BY_NAME[name]
    environ = column.prepare(scenario)
    run_requests(column.app, environ, scenario.body, warmup + count)


def main(argv: list) -> None:
    mode, app_module, *rest = argv
    if mode == "serve":
        serve(app_module)
    elif mode == "startup":
        startup(app_module, int(rest[0]))
    elif mode == "callgrind":
        callgrind_windows(app_module, rest[0].split(","), int(rest[1]), int(rest[2]), rest[3])
    elif mode == "loop":
        loop(app_module, rest[0], int(rest[1]), int(rest[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
