"""Phase 4: import time and peak RSS of a fresh process serving 1,000 requests.

Each repeat starts one process per column (interleaved, rotating order). The
process times ``import <app module>`` (the framework, its plugins and building
the app with its 400-odd rules), then serves the requests in-process through the
WSGI callable, cycling over all the scenarios, and reports ``ru_maxrss``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path

from harness.columns import Column
from harness.workers import APPS_DIR, WORKER

REQUESTS = 1000


def _one(column: Column, python: Path) -> dict:
    done = subprocess.run(
        [str(python), str(WORKER), "startup", column.app_module, str(REQUESTS)],
        cwd=str(APPS_DIR),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"startup run of {column.key} failed: {tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(
    columns: list[Column], pythons: dict[str, Path], repeats: int, say: Callable[[str], None]
) -> dict[str, dict]:
    """``{column: {"import_ms", "first_request_ms", "peak_rss_mib", "samples"}}``."""
    runs: dict[str, list[dict]] = {column.key: [] for column in columns}
    errors: dict[str, str] = {}
    for repeat in range(repeats):
        shift = repeat % len(columns)
        for column in columns[shift:] + columns[:shift]:
            if column.key in errors:
                continue
            try:
                runs[column.key].append(_one(column, pythons[column.key]))
            except (RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
                errors[column.key] = str(error)
    results: dict[str, dict] = {}
    for key, samples in runs.items():
        if key in errors:
            results[key] = {"error": errors[key]}
            say(f"  {key}: {errors[key]}")
            continue
        results[key] = {
            "import_ms": statistics.median(s["import_ms"] for s in samples),
            "first_request_ms": statistics.median(s["first_request_ms"] for s in samples),
            "peak_rss_mib": statistics.median(s["peak_rss_kib"] for s in samples) / 1024,
            "samples": samples,
        }
    return results
