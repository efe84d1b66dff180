"""Phase 4: CPU instructions per request, counted by valgrind's callgrind.

Instruction counts do not depend on what else the machine is doing, so this is
the number to quote and to track. The difficulty is isolating one request from
the interpreter's start-up and the app's import, which cost far more than a
request (importing the Flask app is ~1.4 billion instructions, a Flask request
~0.5 million). The method:

* One fresh ``python worker.py callgrind`` process per column, under callgrind.
* For each scenario the worker primes it (the session scenario gets its cookie),
  runs W warm-up requests (caches filled, lazy imports done, templates compiled),
  then ``gc.collect()`` and ``gc.freeze()`` (as a server that preloads its app
  would), and opens two windows, each dumped to its own file: one with 0 requests
  and one with M requests, each closed by a ``gc.collect()``.
* Instructions per request = (window(M) - window(0)) / M. Subtracting the empty
  window removes the cost of opening and closing a window; what remains is M
  requests' worth of app work, including collecting the cyclic garbage they left
  (Flask leaves 8 objects per request, 74 on a 404). The frozen heap keeps that
  closing collection from traversing the whole app, which made it slow under
  valgrind without changing the difference.
  Each dump's ``summary:`` line is its total.

How windows are opened, best first (``method`` in the results says which ran):

``client``
    A 20-line C helper (``callgrind_requests.c``), compiled here with gcc and
    valgrind's own header, issues callgrind client requests through ctypes:
    valgrind starts with ``--instr-atstart=no`` so start-up, import and warm-up
    run uninstrumented (about 5x faster than under instrumentation), then each
    scenario switches instrumentation on, zeroes, and dumps.
``markers``
    No compiler: everything runs instrumented, and ``--zero-before=math_gcd
    --dump-before=math_lcm`` turn calls of ``math.gcd`` / ``math.lcm`` (C
    functions no app calls while serving) into the zero and dump points.
``difference``
    When the dumps do not match the windows one to one (a marker symbol missing
    from this Python build, or an app that did call ``math.gcd``): two whole runs
    per scenario, W and W+M requests, and (total(W+M) - total(W)) / M. Slow (two
    instrumented start-ups per scenario) but it needs nothing but valgrind.

``PYTHONHASHSEED=0`` makes every method repeatable to the instruction. The
methods agree within a few percent (seen here: the floors exactly, Flask's hello
460k per request by windows, 490k by differences, which also count the
interpreter's exit), so compare counts made by the same method: the report says
which one ran.
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
from harness.workers import APPS_DIR, HARNESS_DIR, WORKER

VALGRIND = "/usr/bin/valgrind"
HELPER_SOURCE = HARNESS_DIR / "callgrind_requests.c"
#: ``summary:`` is the sum of the costs in a dump (what callgrind_annotate shows as
#: PROGRAM TOTALS). The ``totals:`` line at the end can be larger in the first dumps
#: after a zeroing (seen here: +2.8M instructions in an empty window), so it is
#: only the fallback for files without a summary.
_SUMMARY = re.compile(r"^summary:\s*(\d+)", re.MULTILINE)
_TOTALS = re.compile(r"^totals:\s*(\d+)", re.MULTILINE)


def valgrind_path() -> str | None:
    return VALGRIND if os.access(VALGRIND, os.X_OK) else shutil.which("valgrind")


def build_helper(folder: Path) -> tuple[Path | None, str | None]:
    """Compile the client-request helper: ``(path, None)`` or ``(None, why not)``."""
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        return None, "no C compiler"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "callgrind_requests.so"
    done = subprocess.run(
        [compiler, "-O1", "-shared", "-fPIC", "-o", str(target), str(HELPER_SOURCE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        return None, (done.stderr.strip().splitlines() or ["compiler failed"])[0][:200]
    return target, None


def _summary(path: Path) -> int:
    text = path.read_text(errors="replace")
    match = _SUMMARY.search(text) or _TOTALS.search(text)
    if match is None:
        raise RuntimeError(f"no totals in callgrind output {path.name}")
    return int(match.group(1))


def _run(valgrind: str, python: Path, args: list[str], out_dir: Path, options: list[str]) -> str:
    command = [valgrind, "--tool=callgrind", f"--callgrind-out-file={out_dir}/cg.out", "--dump-line=no"]
    command += [*options, str(python), str(WORKER), *args]
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(command, cwd=str(APPS_DIR), env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"valgrind run failed (exit {done.returncode}): {tail}")
    return done.stdout


def _by_windows(
    valgrind: str, column: Column, python: Path, names: list[str], warmup: int, count: int, helper: Path | None
) -> dict[str, float]:
    if helper is not None:
        options, helper_arg = ["--instr-atstart=no"], str(helper)
    else:
        options, helper_arg = ["--zero-before=math_gcd", "--dump-before=math_lcm"], "math"
    out_dir = Path(tempfile.mkdtemp(prefix=f"bench-cg-{column.key}-"))
    try:
        args = ["callgrind", column.app_module, ",".join(names), str(warmup), str(count), helper_arg]
        stdout = _run(valgrind, python, args, out_dir, options)
        windows = json.loads(stdout.strip().splitlines()[-1])["windows"]
        dumps = sorted(out_dir.glob("cg.out.*"), key=lambda p: int(p.suffix[1:]))
        if len(dumps) != len(windows):
            raise LookupError(f"{len(dumps)} callgrind dumps for {len(windows)} windows")
        totals = {(w["scenario"], w["requests"]): _summary(dump) for w, dump in zip(windows, dumps)}
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
                _run(valgrind, python, ["loop", column.app_module, name, str(warmup), str(measured)], out_dir, [])
                totals.append(_summary(out_dir / "cg.out"))
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
    helper: Path | None,
    say: Callable[[str], None],
) -> dict:
    if method in ("client", "markers"):
        used = "client" if helper is not None else "markers"
        try:
            per_request = _by_windows(valgrind, column, python, names, warmup, count, helper)
            say(f"  {column.key}: done ({used})")
            return {"method": used, "instructions": per_request}
        except LookupError as error:
            say(f"  {column.key}: {used} windows unusable ({error}); falling back to run differences")
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
    work_dir: Path,
    say: Callable[[str], None],
) -> dict[str, dict]:
    """``{column: {"method", "instructions": {scenario: per request}} | {"error"}}``."""
    valgrind = valgrind_path()
    if valgrind is None:
        return {column.key: {"error": "valgrind not found"} for column in columns}
    helper = None
    if method == "client":
        helper, reason = build_helper(work_dir)
        if helper is None:
            say(f"  no client-request helper ({reason}); using math.gcd/math.lcm markers")

    def one(column: Column) -> tuple[str, dict]:
        try:
            return column.key, _column(
                valgrind, column, pythons[column.key], names[column.key], warmup, count, method, helper, say
            )
        except (RuntimeError, subprocess.TimeoutExpired, ValueError, KeyError) as error:
            say(f"  {column.key}: {error}")
            return column.key, {"error": str(error)}

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(pool.map(one, [c for c in columns if names.get(c.key)]))
