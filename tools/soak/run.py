"""The reliability suite: leak, isolation, soak and fault injection; prints a table and
saves it (``tools/soak/results/``). Run by ``nox -s soak`` (``-- --long`` for the full
run); exits non-zero when a Tumbler check fails. Flask's rows, from its own
virtualenv (``--flask-python``), are for comparison and never fail the run.

    python tools/soak/run.py [--long] [--flask-python PATH]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import typing as t
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import faults  # noqa: E402
import isolation  # noqa: E402
import load  # noqa: E402
from servers import log_line  # noqa: E402

#: (bounded, --long) sizes of each check.
SIZES = {
    "leak_requests": (30_000, 150_000),
    "isolation_clients": (48, 200),
    "isolation_rounds": (10, 40),
    "soak_seconds": (30, 180),
    "flaky_requests": (1_000, 5_000),
    "resets": (20, 100),
    "per_hook": (10, 50),
}


def _leak(python: str, framework: str, requests: int) -> dict[str, t.Any]:
    env = {**os.environ, "SOAK_FRAMEWORK": framework}
    done = subprocess.run([python, str(HERE / "leak.py"), str(requests)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return {"check": "leak", "framework": framework, "failures": [done.stderr.strip()[-800:]]}
    row = json.loads(done.stdout.strip().splitlines()[-1])
    row["check"] = f"leak, in process (warm-up {row.pop('warmup')})"
    row.pop("samples")
    return row


def _kb(value: t.Any) -> str:
    return "" if value is None else f"{value / 1024:.1f} MB"


def table(rows: list[dict[str, t.Any]]) -> str:
    lines = [
        "| check | framework | requests | errors | RSS start | RSS end | gc objects start / end | crossed | result |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        failures = row.get("failures") or []
        objects = f"{row['objects_warm']} / {row['objects_end']}" if "objects_warm" in row else ""
        verdict = "ok" if not failures else ("FAIL: " if row["framework"] == "tumbler" else "note: ") + "; ".join(failures)
        lines.append(
            f"| {row['check']} | {row['framework']} | {row.get('requests', '')} | {row.get('errors', '')}"
            f" | {_kb(row.get('rss_warm_kb'))} | {_kb(row.get('rss_end_kb'))} | {objects}"
            f" | {row.get('crossed', '')} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--long", action="store_true", help="the full run (150,000 leak requests, 3-minute soak)")
    parser.add_argument("--flask-python", help="the Python of a virtualenv with Flask 3.1.3 and gunicorn")
    parser.add_argument("--only", help="comma-separated: leak,isolation,soak,faults")
    args = parser.parse_args()
    size = {key: value[1 if args.long else 0] for key, value in SIZES.items()}
    only = set((args.only or "leak,isolation,soak,faults").split(","))
    python = sys.executable
    frameworks = [("tumbler", python)] + ([("flask", args.flask_python)] if args.flask_python else [])
    rows: list[dict[str, t.Any]] = []
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        logs = Path(tmp)
        if "leak" in only:
            for framework, py in frameworks:
                log_line(f"soak: leak check, {framework}, {size['leak_requests']} requests")
                rows.append(_leak(py, framework, size["leak_requests"]))
        if "isolation" in only:
            for kind in ("gunicorn", "werkzeug"):
                log_line(f"soak: isolation check under {kind}")
                rows.append(isolation.check(python, kind, size["isolation_clients"], size["isolation_rounds"], logs))
        if "soak" in only:
            for framework, py in frameworks:
                log_line(f"soak: gunicorn under wrk, {framework}, {size['soak_seconds']} s")
                rows.append(load.check(py, framework, size["soak_seconds"], logs))
        if "faults" in only:
            log_line("soak: fault injection")
            rows += faults.check(python, size["flaky_requests"], size["resets"], size["per_hook"], logs)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    report = (
        f"# Reliability suite ({'long' if args.long else 'bounded'} run, {now})\n\n{table(rows)}\n\n"
        "RSS and gc objects start after warm-up (leak: the process; soak: the workers' sum).\n"
        "Bounds: leak RSS +4 MB and +1,000 gc objects after warm-up; soak worker RSS +8 MB each.\n"
    )
    print(report)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(report)
    (results / "latest.json").write_text(json.dumps(rows, indent=1))
    failed = [row for row in rows if row["framework"] == "tumbler" and row.get("failures")]
    if failed:
        print(f"soak: {len(failed)} Tumbler check(s) failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
