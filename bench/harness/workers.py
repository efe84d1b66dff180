"""Long-lived worker processes, one per column, driven over JSON lines."""

from __future__ import annotations

import json
import select
import subprocess
from pathlib import Path

from harness.columns import Column

HARNESS_DIR = Path(__file__).resolve().parent
WORKER = HARNESS_DIR / "worker.py"
APPS_DIR = HARNESS_DIR.parent / "apps"


class WorkerError(Exception):
    """The worker died, hung or answered with an error."""


class Worker:
    """``worker.py serve`` for one column: its app stays loaded between commands."""

    def __init__(self, column: Column, python: Path, log: Path, timeout: float = 120.0) -> None:
        self.column = column
        self.timeout = timeout
        self._log = log.open("a")
        self._process = subprocess.Popen(
            [str(python), str(WORKER), "serve", column.app_module],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            cwd=str(APPS_DIR),
            text=True,
            bufsize=1,
        )
        ready = self._read()
        if "error" in ready:
            self.close()
            raise WorkerError(ready["error"])

    def _read(self) -> dict:
        stdout = self._process.stdout
        readable, _, _ = select.select([stdout], [], [], self.timeout)
        if not readable:
            self.close()
            raise WorkerError(f"{self.column.key} worker gave no answer in {self.timeout:.0f} s")
        line = stdout.readline()
        if not line:
            code = self._process.wait()
            raise WorkerError(f"{self.column.key} worker exited with code {code} (stderr: {self._log.name})")
        return json.loads(line)

    def ask(self, cmd: str, **args) -> dict:
        """Send one command, return its answer."""
        try:
            self._process.stdin.write(json.dumps(dict(args, cmd=cmd)) + "\n")
            self._process.stdin.flush()
        except BrokenPipeError:
            raise WorkerError(f"{self.column.key} worker is gone (stderr: {self._log.name})") from None
        answer = self._read()
        if "error" in answer:
            raise WorkerError(answer["error"])
        return answer

    def close(self) -> int | None:
        if self._process.poll() is None:
            try:
                self._process.stdin.write('{"cmd": "quit"}\n')
                self._process.stdin.flush()
                self._process.wait(timeout=10)
            except (BrokenPipeError, OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        self._log.close()
        return self._process.returncode
