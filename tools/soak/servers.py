"""Starting and watching the servers the suite loads: gunicorn (sync or gthread
workers) and werkzeug's threaded server, each on a free loopback port, always stopped."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
import typing as t
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        """The pids of the server's worker processes (gunicorn's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return sorted(int(pid) for pid in children.read_text().split())
        except OSError:
            return []

    def rss_kb(self) -> dict[int, int]:
        """Resident memory of each worker, in kB."""
        sizes = {}
        for pid in self.workers():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = int(line.split()[1])
        return sizes

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()


@contextlib.contextmanager
def serve(python: str, kind: str, env: dict[str, str], log: Path, args: tuple[str, ...] = ()) -> Iterator[Server]:
    """``kind`` is ``gunicorn`` (``args`` are gunicorn's options) or ``werkzeug``."""
    port = free_port()
    if kind == "gunicorn":
        gunicorn = str(Path(python).parent / "gunicorn")
        command = [gunicorn, *args, "--bind", f"127.0.0.1:{port}", "--chdir", str(HERE), "soak_app:application"]
    else:
        code = (
            "import sys; sys.path.insert(0, sys.argv[2]); import soak_app;"
            " from werkzeug.serving import run_simple;"
            " run_simple('127.0.0.1', int(sys.argv[1]), soak_app.application, threaded=True)"
        )
        command = [python, "-c", code, str(port), str(HERE)]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    server = Server(port, process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{kind} stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}")
            try:
                server.get("/soak/stats")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{kind} did not answer within 60 s:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def log_line(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def stats(server: Server) -> dict[str, t.Any]:
    import json

    status, _, body = server.get("/soak/stats")
    if status != 200:
        raise RuntimeError(f"/soak/stats answered {status}")
    return t.cast("dict[str, t.Any]", json.loads(body))
