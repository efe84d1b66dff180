"""Phase 2: CPU instructions per request, counted by valgrind's callgrind.

Instruction counts do not depend on what else the machine is doing, so this is
the number to quote and to track. The difficulty is isolating one request from
the interpreter's start-up and the app's import, which cost far more than a
request. Method (``markers``, the default):

* One fresh ``python worker.py callgrind`` process per column runs under
  ``valgrind --tool=callgrind --zero-before=math_gcd --dump-before=math_lcm``.
  ``math.gcd`` and ``math.lcm`` are C functions no app calls while serving, so
  they work as markers: entering ``math_gcd`` zeroes the counters, entering
  ``math_lcm`` writes them to a numbered dump file.
* For each scenario the worker primes it (the session scenario's cookie), runs
  W warm-up requests (caches filled, lazy imports done, templates compiled),
  runs ``gc.collect()``, then opens two windows: one with 0 requests and one
  with M requests.
* Instructions per request = (window(M) - window(0)) / M. Subtracting the empty
  window removes the cost of the marker calls and of the loop around them; what
  remains is M requests' worth of app work, including their share of garbage
  collection.

The worker reports the windows it opened; if the dump files do not match them
one to one (a marker symbol not found in this Python build, or an app that did
call ``math.gcd``), the column falls back to the ``difference`` method: two whole
runs per scenario, W and W+M requests, and (total(W+M) - total(W)) / M. That is
slower (two interpreter start-ups under valgrind per scenario) but needs nothing
but valgrind. ``PYTHONHASHSEED=0`` makes either method repeatable.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness.columns import Column
from harness.workers import APPS_DIR, WORKER

VALGRIND = "/usr/bin/valgrind"
#: ``summary:`` is the sum of the costs in a dump (what callgrind_annotate shows as
#: PROGRAM TOTALS). The ``totals:`` line at the end can be larger in the first dumps
#: after a zeroing (seen here: +2.8M instructions in an empty window), so it is
#: only the fallback for files without a summary.
_SUMMARY = re.compile(r"^summary:\s*(\d+)", re.MULTILINE)
_TOTALS = re.compile(r"^totals:\s*(\d+)", re.MULTILINE)


def valgrind_path() -> str | None:
    return VALGRIND if os.access(VALGRIND, os.X_OK) else shutil.which("valgrind")


def _totals(path: Path) -> int:
    text = path.read_text(errors="replace")
    match = _SUMMARY.search(text) or _TOTALS.search(text)
    if match is None:
        raise RuntimeError(f"no totals in callgrind output {path.name}")
    return int(match.group(1))


def _run(valgrind: str, python: Path, args: list[str], out_dir: Path, markers: bool) -> str:
    command = [valgrind, "--tool=callgrind", f"--callgrind-out-file={out_dir}/cg.out", "--dump-line=no"]
    if markers:
        command += ["--zero-before=math_gcd", "--dump-before=math_lcm"]
    command += [str(python), str(WORKER), *args]
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(command, cwd=str(APPS_DIR), env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"valgrind run failed (exit {done.returncode}): {tail}")
    return done.stdout


def _by_markers(
    valgrind: str, column: Column, python: Path, names: list[str], warmup: int, count: int
) -> dict[str, float]:
    out_dir = Path(tempfile.mkdtemp(prefix=f"bench-cg-{column.key}-"))
    try:
        stdout = _run(
            valgrind,
            python,
            ["callgrind", column.app_module, ",".join(names), str(warmup), str(count)],
            out_dir,
            markers=True,
        )
        windows = json.loads(stdout.strip().splitlines()[-1])["windows"]
        dumps = sorted(out_dir.glob("cg.out.*"), key=lambda p: int(p.suffix[1:]))
        if len(dumps) != len(windows):
            raise LookupError(f"{len(dumps)} callgrind dumps for {len(windows)} windows")
        totals: dict[tuple[str, int], int] = {}
        for window, dump in zip(windows, dumps):
            totals[window["scenario"], window["requests"]] = _totals(dump)
        return {name: (totals[name, count] - totals[name, 0]) / count for name in names}
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def _by_difference(
    valgrind: str, column: Column, python: Path, names: list[str], warmup: int, count: int
) -> dict[str, float]:
    results = {}
    for name in names:
        totals = []
        for measured in (0, count):
            out_dir = Path(tempfile.mkdtemp(prefix=f"bench-cg-{column.key}-"))
            try:
                _run(
                    valgrind,
                    python,
                    ["loop", column.app_module, name, str(warmup), str(measured)],
                    out_dir,
                    markers=False,
                )
                totals.append(_totals(out_dir / "cg.out"))
            finally:
                shutil.rmtree(out_dir, ignore_errors=True)
        results[name] = (totals[1] - totals[0]) / count
    return results


def _column(
    valgrind: str,
    column: Column,
    python: Path,
    names: list[str],
    warmup: int,
    count: int,
    method: str,
    say: Callable[[str], None],
) -> dict:
    if method == "markers":
        try:
            per_request = _by_markers(valgrind, column, python, names, warmup, count)
            say(f"  {column.key}: done (markers)")
            return {"method": "markers", "instructions": per_request}
        except LookupError as error:
            say(f"  {column.key}: markers unusable ({error}); falling back to run differences")
    per_request = _by_difference(valgrind, column, python, names, warmup, count)
    say(f"  {column.key}: done (difference of runs)")
    return {"method": "difference", "instructions": per_request}


def measure(
    columns: list[Column],
    pythons: dict[str, Path],
    names: dict[str, list[str]],
    warmup: int,
    count: int,
    jobs: int,
    method: str,
    say: Callable[[str], None],
) -> dict[str, dict]:
    """``{column: {"method", "instructions": {scenario: per request}} | {"error"}}``."""
    valgrind = valgrind_path()
    if valgrind is None:
        return {column.key: {"error": "valgrind not found"} for column in columns}

    def one(column: Column) -> tuple[str, dict]:
        try:
            return column.key, _column(
                valgrind, column, pythons[column.key], names[column.key], warmup, count, method, say
            )
        except (RuntimeError, subprocess.TimeoutExpired, ValueError, KeyError) as error:
            say(f"  {column.key}: {error}")
            return column.key, {"error": str(error)}

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(pool.map(one, [c for c in columns if names.get(c.key)]))
