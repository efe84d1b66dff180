"""Soak: gunicorn sync workers under wrk for a bounded time on a rotating set of
paths. Zero 5xx answers, zero socket errors, no worker restarted, and each worker's
RSS growth (after a warm-up run) within :data:`RSS_BOUND_KB`."""

from __future__ import annotations

import re
import subprocess
import time
import typing as t
from pathlib import Path

from servers import serve

#: A worker's resident memory may grow this much during the measured run.
RSS_BOUND_KB = 8192

PATHS = (
    ("GET", "/"),
    ("GET", "/user/42"),
    ("GET", "/json"),
    ("GET", "/template"),
    ("GET", "/r/p199/7"),
    ("GET", "/no/such/page"),
    ("POST", "/form"),
    ("GET", "/session"),
    ("GET", "/soak/abort"),
    ("GET", "/soak/stream?n=5"),
    ("GET", "/soak/template"),
    ("GET", "/soak/teardown"),
    ("POST", "/soak/login/someone"),
)

#: The paths in :data:`PATHS` whose right answer is a 4xx.
EXPECTED_4XX = ("/no/such/page", "/soak/abort")

_SCRIPT = """
local paths = {%(paths)s}
local methods = {%(methods)s}
local threads = {}
local form = "name=Ada&email=a%%40b.c&age=36&city=L&lang=py"
function setup(thread) table.insert(threads, thread) end
function init(args) n = 0; errors5 = 0; errors4 = 0 end
function request()
  n = n + 1
  local i = (n %% #paths) + 1
  if methods[i] == "POST" then
    return wrk.format("POST", paths[i], {["Content-Type"] = "application/x-www-form-urlencoded"}, form)
  end
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if status >= 500 then errors5 = errors5 + 1 elseif status >= 400 then errors4 = errors4 + 1 end
end
function done(summary, latency, requests)
  local e5, e4 = 0, 0
  for _, t in ipairs(threads) do e5 = e5 + t:get("errors5"); e4 = e4 + t:get("errors4") end
  local e = summary.errors
  io.write(string.format("SOAK %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, e5, e4,
    e.connect, e.read, e.write, e.timeout))
end
"""


def _script(folder: Path) -> Path:
    path = folder / "soak.lua"
    path.write_text(
        _SCRIPT
        % {
            "paths": ", ".join(f'"{p}"' for _, p in PATHS),
            "methods": ", ".join(f'"{m}"' for m, _ in PATHS),
        }
    )
    return path


def _wrk(port: int, script: Path, seconds: int) -> dict[str, int]:
    command = ["wrk", "-t2", "-c4", f"-d{seconds}s", "-s", str(script), f"http://127.0.0.1:{port}"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    match = re.search(r"^SOAK (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    keys = ("requests", "5xx", "4xx", "connect", "read", "write", "timeout")
    return dict(zip(keys, map(int, match.groups())))


def check(python: str, framework: str, seconds: int, log_dir: Path) -> dict[str, t.Any]:
    script = _script(log_dir)
    log = log_dir / f"soak-{framework}.log"
    args = ("--workers", "2", "--worker-class", "sync")
    with serve(python, "gunicorn", {"SOAK_FRAMEWORK": framework}, log, args) as server:
        _wrk(server.port, script, 5)  # warm-up: imports, templates, caches
        workers, rss_start = server.workers(), server.rss_kb()
        started = time.monotonic()
        figures = _wrk(server.port, script, seconds)
        elapsed = time.monotonic() - started
        rss_end = server.rss_kb()
        restarted = server.workers() != workers
    boots = log.read_text(errors="replace").count("Booting worker")
    socket_errors = figures["connect"] + figures["read"] + figures["write"] + figures["timeout"]
    growth = max((rss_end.get(pid, 0) - rss_start[pid] for pid in rss_start), default=0)
    failures = []
    expected_4xx = figures["requests"] * sum(path in EXPECTED_4XX for _, path in PATHS) / len(PATHS)
    if abs(figures["4xx"] - expected_4xx) > len(PATHS) * 4:  # each wrk thread rotates through the paths
        failures.append(f"{figures['4xx']} answers were 4xx, expected about {expected_4xx:.0f} (404 and 400 paths only)")
    if figures["5xx"]:
        failures.append(f"{figures['5xx']} answers were 5xx")
    if socket_errors:
        failures.append(f"{socket_errors} socket errors {figures}")
    if restarted or boots != 2:
        failures.append(f"a worker was restarted (workers {workers} -> {server.workers()}, {boots} boots)")
    if growth > RSS_BOUND_KB:
        failures.append(f"a worker's RSS grew {growth} kB (bound {RSS_BOUND_KB} kB)")
    return {
        "check": f"soak, gunicorn 2 sync workers, wrk {seconds} s",
        "framework": framework,
        "requests": figures["requests"],
        "errors": figures["5xx"] + socket_errors,
        "rss_warm_kb": sum(rss_start.values()),
        "rss_end_kb": sum(rss_end.values()),
        "rps": round(figures["requests"] / elapsed),
        "crossed": 0,
        "failures": failures,
    }
