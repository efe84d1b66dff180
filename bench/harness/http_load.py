"""Phase 3: each app under gunicorn on loopback, loaded by wrk for a bounded time.

One gunicorn per column (``--workers 1``, sync worker class, a free port on
127.0.0.1), all started before the first measurement and all killed at the end,
also on failure or Ctrl-C (the whole process group, SIGTERM then SIGKILL).
Each scenario is first checked over the wire (status and body). Then rounds: in
each, every (scenario, column) pair gets one wrk run of fixed duration, columns in
rotating order; req/s, p50 and p99 are the medians over rounds.

wrk runs one thread and a few connections: with one sync worker on a 2-core
machine, wrk has one core and the worker the other. Sync workers close the
connection after each response, so every request includes a TCP connect, as it
does for any app behind gunicorn's sync workers; latency includes the time a
connection waits in the listen backlog for the one worker.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from harness.columns import Column
from harness.scenarios import BY_NAME, SESSION_FIRST_BODY, Scenario, session_cookie
from harness.workers import APPS_DIR

HOST = "127.0.0.1"
_RUNNING: list[subprocess.Popen] = []


def kill_all_servers() -> None:
    """Kill every gunicorn this module started that is still alive (for signal handlers)."""
    for process in list(_RUNNING):
        _kill(process)


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
    if process in _RUNNING:
        _RUNNING.remove(process)
    try:  # the worker may outlive the master briefly; make sure the group is gone
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _request(port: int, scenario: Scenario, cookie: str | None) -> tuple[int, list, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        headers = {}
        if scenario.content_type:
            headers["Content-Type"] = scenario.content_type
        if cookie:
            headers["Cookie"] = cookie
        connection.request(scenario.method, scenario.path, body=scenario.body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


class Server:
    """A gunicorn or granian serving one column's app; use as a context manager."""

    def __init__(self, column: Column, python: Path, log_dir: Path, workers: int) -> None:
        self.column = column
        self.port = _free_port()
        self.log = log_dir / f"{column.server}-{column.key}.log"
        if column.server == "granian":
            # Granian's WSGI interface, one worker with one blocking thread: the
            # same one-request-at-a-time process as a gunicorn sync worker.
            self._command = [
                str(python), "-m", "granian", "--interface", "wsgi", f"{column.app_module}:app",
                "--host", HOST, "--port", str(self.port), "--workers", str(workers),
                "--blocking-threads", "1", "--working-dir", str(APPS_DIR), "--log-level", "warning", "--no-ws",
            ]  # fmt: skip
        else:
            self._command = [
                str(python), "-m", "gunicorn", f"{column.app_module}:app",
                "--bind", f"{HOST}:{self.port}", "--workers", str(workers), "--worker-class", "sync",
                "--chdir", str(APPS_DIR), "--log-level", "warning", "--timeout", "60",
            ]  # fmt: skip
        self._process: subprocess.Popen | None = None
        self.cookie: str | None = None

    def __enter__(self) -> Server:
        with self.log.open("w") as log:
            self._process = subprocess.Popen(
                self._command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        _RUNNING.append(self._process)
        try:
            self._wait_ready()
        except BaseException:
            _kill(self._process)
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        if self._process is not None:
            _kill(self._process)

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                tail = (self.log.read_text(errors="replace").strip().splitlines() or ["?"])[-1]
                raise RuntimeError(f"{self.column.server} exited with code {self._process.returncode}: {tail}")
            try:
                status, _, _ = _request(self.port, BY_NAME["hello"], None)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.column.server} not answering on port {self.port} after {timeout:.0f} s")

    def check(self, scenario: Scenario) -> str | None:
        """An error message if the app answers the scenario wrongly over HTTP."""
        try:
            if scenario.uses_session and self.cookie is None:
                status, headers, body = _request(self.port, scenario, None)
                if status != 200 or body.decode() != SESSION_FIRST_BODY:
                    return f"first session request: {status} {body[:80]!r}"
                self.cookie = session_cookie(headers)
                if self.cookie is None:
                    return "first session request set no session cookie"
            cookie = self.cookie if scenario.uses_session else None
            status, headers, body = _request(self.port, scenario, cookie)
        except OSError as error:
            return f"{type(error).__name__}: {error}"
        return scenario.check(status, headers, body)


def _lua_string(text: str) -> str:
    if not text.isascii():
        raise ValueError("wrk scripts here carry ASCII only")
    return json.dumps(text)  # JSON escapes of ASCII text are valid Lua escapes


_LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCHJSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p99_us\\": %d, "
    .. "\\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d}\\n",
    summary.requests, summary.duration,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def _script(scenario: Scenario, cookie: str | None, folder: Path) -> Path:
    lines = [f"wrk.method = {_lua_string(scenario.method)}"]
    if scenario.body:
        lines.append(f"wrk.body = {_lua_string(scenario.body.decode('ascii'))}")
    if scenario.content_type:
        lines.append(f'wrk.headers["Content-Type"] = {_lua_string(scenario.content_type)}')
    if cookie:
        lines.append(f'wrk.headers["Cookie"] = {_lua_string(cookie)}')
    path = folder / f"{scenario.name}.lua"
    path.write_text("\n".join(lines) + "\n" + _LUA_DONE)
    return path


def _wrk(wrk: str, port: int, scenario: Scenario, script: Path, seconds: float, connections: int) -> dict:
    command = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        f"http://{HOST}:{port}{scenario.path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    for line in done.stdout.splitlines():
        if line.startswith("BENCHJSON "):
            return json.loads(line[len("BENCHJSON ") :])
    raise RuntimeError(f"wrk gave no summary (exit {done.returncode}): {done.stderr.strip()[:200]}")


def measure(
    columns: list[Column],
    pythons: dict[str, Path],
    names: list[str],
    wrk: str,
    seconds: float,
    rounds: int,
    connections: int,
    workers: int,
    log_dir: Path,
    say: Callable[[str], None],
) -> dict[str, dict]:
    """``{column: {"checks": {...}, "scenarios": {name: {...}}} | {"error"}}``."""
    results: dict[str, dict] = {}
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        servers: dict[str, Server] = {}
        for column in columns:
            try:
                servers[column.key] = stack.enter_context(Server(column, pythons[column.key], log_dir, workers))
            except RuntimeError as error:
                results[column.key] = {"error": str(error)}
                say(f"  {column.key}: {error}")
        scripts: dict[tuple[str, str], Path] = {}
        for key, server in servers.items():
            checks = {name: server.check(BY_NAME[name]) for name in names}
            results[key] = {"checks": checks, "scenarios": {}}
            folder = Path(tmp) / key
            folder.mkdir()
            for name in names:
                if checks[name] is None:
                    scripts[key, name] = _script(BY_NAME[name], server.cookie, folder)
                else:
                    say(f"  {key}/{name}: wrong answer over HTTP: {checks[name]}")
            if (key, "hello") in scripts:  # warm the worker up
                _wrk(wrk, server.port, BY_NAME["hello"], scripts[key, "hello"], 1, connections)
        samples: dict[tuple[str, str], list[dict]] = {pair: [] for pair in scripts}
        keys = list(servers)
        for round_no in range(rounds):
            shift = round_no % max(len(keys), 1)
            for name in names:
                for key in keys[shift:] + keys[:shift]:
                    if (key, name) in scripts:
                        samples[key, name].append(
                            _wrk(wrk, servers[key].port, BY_NAME[name], scripts[key, name], seconds, connections)
                        )
            say(f"  round {round_no + 1}/{rounds} done")
    for (key, name), runs in samples.items():
        results[key]["scenarios"][name] = {
            "rps": statistics.median(r["requests"] / (r["duration_us"] / 1e6) for r in runs),
            "p50_ms": statistics.median(r["p50_us"] for r in runs) / 1000,
            "p99_ms": statistics.median(r["p99_us"] for r in runs) / 1000,
            "socket_errors": sum(r["connect"] + r["read"] + r["write"] + r["timeout"] for r in runs),
            "non_2xx_3xx": sum(r["status"] for r in runs),
            "samples": runs,
        }
    return results
