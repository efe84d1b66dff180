"""Benchmark Tumbler beside Flask, Bottle, Falcon and two floors, all in one run.

Usage (from the repository root; ``nox -s bench -- [options]`` does the same):

    python bench/run.py [--quick] [--columns tumbler,flask,...] [--skip http,...]

Builds one virtualenv per framework under ``.nox/bench-envs`` (reused while their
inputs do not change), checks every scenario's answer in every column, then
measures: µs per in-process WSGI call, CPU instructions per request under
callgrind, HTTP req/s and latency under gunicorn + wrk, import time and peak RSS.
Prints a markdown report and writes it, the raw results and a PNG chart of the
ratios to ``bench/results/<timestamp>/`` (``bench/results/latest`` points there).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

from harness import callgrind, chart, envs, http_load, inprocess, report, startup
from harness.columns import BASELINE, COLUMNS
from harness.scenarios import SCENARIOS
from harness.workers import Worker, WorkerError

PHASES = ("inprocess", "callgrind", "http", "startup")

#: (quick, full) settings of each phase.
SETTINGS = {
    "inprocess": ({"rounds": 5, "batch_ms": 20}, {"rounds": 15, "batch_ms": 40}),
    "callgrind": ({"warmup": 20, "measure": 100}, {"warmup": 200, "measure": 500}),
    "http": ({"seconds": 2, "rounds": 2, "scenarios": ["hello"]}, {"seconds": 2, "rounds": 3, "scenarios": None}),
    "startup": ({"repeats": 3}, {"repeats": 7}),
}

_started = time.monotonic()


def say(message: str) -> None:
    print(f"[bench {time.monotonic() - _started:6.1f}s] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="a fast subset: fewer rounds, HTTP for hello only (~3 min)"
    )
    parser.add_argument(
        "--columns",
        help="comma-separated subset of: " + ",".join(c.key for c in COLUMNS) + f" ({BASELINE} is always kept)",
    )
    parser.add_argument("--scenarios", help="comma-separated subset of: " + ",".join(s.name for s in SCENARIOS))
    parser.add_argument("--skip", default="", help="comma-separated phases to skip: " + ",".join(PHASES))
    parser.add_argument(
        "--envs-dir",
        type=Path,
        default=envs.REPO_DIR / ".nox" / "bench-envs",
        help="where the per-framework virtualenvs live",
    )
    parser.add_argument(
        "--retry-envs", action="store_true", help="retry installs that failed last time although nothing changed"
    )
    parser.add_argument("--results-dir", type=Path, default=envs.BENCH_DIR / "results")
    parser.add_argument(
        "--callgrind-method",
        choices=("client", "markers", "difference"),
        default="client",
        help="how requests are isolated; see harness/callgrind.py",
    )
    parser.add_argument(
        "--callgrind-jobs", type=int, default=2, help="valgrind processes at once (counts do not depend on it)"
    )
    parser.add_argument("--http-seconds", type=float, help="duration of one wrk run")
    parser.add_argument("--http-rounds", type=int, help="wrk runs per (scenario, column)")
    parser.add_argument("--http-connections", type=int, default=4)
    parser.add_argument("--http-workers", type=int, default=1)
    parser.add_argument(
        "--from-json", type=Path, help="rebuild report and chart from a saved results.json; measure nothing"
    )
    args = parser.parse_args(argv)
    unknown = set(filter(None, args.skip.split(","))) - set(PHASES)
    if unknown:
        parser.error(f"unknown phase(s) in --skip: {', '.join(sorted(unknown))}")
    return args


def _selected(args: argparse.Namespace) -> tuple:
    columns = list(COLUMNS)
    if args.columns:
        wanted = set(args.columns.split(",")) | {BASELINE}
        columns = [c for c in COLUMNS if c.key in wanted]
    scenarios = list(SCENARIOS)
    if args.scenarios:
        wanted = set(args.scenarios.split(","))
        scenarios = [s for s in SCENARIOS if s.name in wanted]
    return columns, scenarios


def _tool_version(command: list) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0].split(" Copyright")[0] if text else "?"


def _machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores{', ' + model if model else ''}, {platform.system()} {platform.release()}"


def prepare_columns(columns: list, args: argparse.Namespace, results: dict, log_dir: Path) -> tuple:
    """Virtualenvs, workers, versions and correctness; returns (pythons, workers)."""
    entries = {
        c.key: {
            "key": c.key,
            "title": c.title,
            "floor": c.floor,
            "http_only": c.http_only,
            "baseline": c.baseline,
            "available": False,
            "reason": None,
            "versions": {},
            "plugins": [],
        }
        for c in columns
    }
    results["columns"] = list(entries.values())
    pythons, env_errors = {}, {}
    for column in columns:
        env = column.env
        if env.name not in pythons and env.name not in env_errors:
            try:
                pythons[env.name] = envs.ensure_env(env, args.envs_dir, say, args.retry_envs)
            except envs.Unavailable as error:
                env_errors[env.name] = str(error)
            except (OSError, subprocess.SubprocessError) as error:
                env_errors[env.name] = f"building the virtualenv failed: {error}"
        if env.name in env_errors:
            entries[column.key]["reason"] = env_errors[env.name]
            say(f"column not available: {column.title}: {env_errors[env.name]}")
    workers = {}
    for column in columns:
        if column.env.name not in pythons:
            continue
        entry = entries[column.key]
        try:
            worker = Worker(column, pythons[column.env.name], log_dir / f"worker-{column.key}.log")
        except WorkerError as error:
            entry["reason"] = str(error)
            say(f"column not available: {column.title}: {error}")
            continue
        try:
            info = worker.ask("info")
            checks = worker.ask("check")["errors"]
        except WorkerError as error:
            worker.close()
            entry["reason"] = str(error)
            say(f"column not available: {column.title}: {error}")
            continue
        dists = info["distributions"]
        if column.key == "compat" and ("flask" in dists or not info["flask_is_tumbler"]):
            worker.close()
            entry["reason"] = (
                f"the real Flask {dists['flask']} is installed in its virtualenv"
                if "flask" in dists
                else f"`import flask` did not resolve to Tumbler ({info['flask_module']})"
            )
            say(f"column not available: {column.title}: {entry['reason']}")
            continue
        entry["versions"] = {name: dists[name] for name in column.shown_versions if name in dists}
        entry["plugins"] = info["plugins"]
        entry["app_class"] = info["app_class"]
        entry["available"] = True
        results["meta"].setdefault("gunicorn", dists.get("gunicorn"))
        results["meta"]["python"] = info["python"]
        results["checks"][column.key] = checks
        workers[column.key] = worker
    column_pythons = {c.key: pythons[c.env.name] for c in columns if entries[c.key]["available"]}
    return column_pythons, workers


def run_phases(args, columns, scenarios, results, log_dir) -> None:
    quick = 0 if args.quick else 1
    skip = set(filter(None, args.skip.split(",")))
    pythons, workers = prepare_columns(columns, args, results, log_dir)
    available = [c for c in columns if c.key in pythons]
    #: Columns that differ from another only by their HTTP server skip the in-process phases.
    in_process = [c for c in available if not c.http_only]
    names = [s.name for s in scenarios]
    correct = {c.key: [n for n in names if not results["checks"][c.key].get(n)] for c in available}
    for column in available:
        for name, error in results["checks"][column.key].items():
            if error and name in names:
                kind = "not applicable" if error.startswith("n/a") else "wrong answer, not timed"
                say(f"{kind}: {column.title} / {name}: {error}")

    def phase(name: str) -> dict:
        entry = {"settings": dict(SETTINGS[name][quick])}
        results[name] = entry
        if name in skip:
            entry["skipped"] = "skipped with --skip"
        elif not available:
            entry["skipped"] = "no column available"
        return entry

    entry = phase("inprocess")
    if "skipped" not in entry:
        say("phase 1/4: in-process WSGI calls")
        pairs = [(c.key, n) for n in names for c in in_process if n in correct[c.key]]
        entry["columns"] = inprocess.measure(
            workers, pairs, entry["settings"]["rounds"], entry["settings"]["batch_ms"], say
        )
    for worker in workers.values():
        worker.close()

    entry = phase("startup")
    if "skipped" not in entry:
        say("phase 2/4: import time and peak RSS")
        entry["columns"] = startup.measure(in_process, pythons, entry["settings"]["repeats"], say)

    entry = phase("http")
    settings = entry["settings"]
    settings["seconds"] = args.http_seconds or settings["seconds"]
    settings["rounds"] = args.http_rounds or settings["rounds"]
    settings.update(connections=args.http_connections, workers=args.http_workers)
    if "skipped" not in entry:
        wrk, reason = envs.ensure_wrk(say)
        results["meta"]["wrk"] = _tool_version([wrk, "-v"]) if wrk else "wrk not available"
        if wrk is None:
            entry["skipped"] = reason
            say(f"HTTP not measured: {reason}")
        else:
            say("phase 3/4: HTTP under gunicorn + wrk")
            http_names = [n for n in names if settings["scenarios"] is None or n in settings["scenarios"]]
            entry["columns"] = http_load.measure(
                available,
                pythons,
                http_names,
                wrk,
                settings["seconds"],
                settings["rounds"],
                settings["connections"],
                settings["workers"],
                log_dir,
                say,
            )

    entry = phase("callgrind")
    entry["settings"]["jobs"] = args.callgrind_jobs
    if "skipped" not in entry:
        if callgrind.valgrind_path() is None:
            entry["skipped"] = "valgrind not found"
        else:
            say("phase 4/4: callgrind instruction counts (the slow one)")
            entry["columns"] = callgrind.measure(
                in_process,
                pythons,
                correct,
                entry["settings"]["warmup"],
                entry["settings"]["measure"],
                args.callgrind_jobs,
                args.callgrind_method,
                log_dir,
                say,
            )


def write_outputs(results: dict, out_dir: Path) -> str:
    text = report.markdown(results)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.md").write_text(text)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    problem = chart.draw(results, out_dir / "ratios.png")
    if problem:
        say(f"no chart: {problem}")
    return text


def main(argv: list) -> int:
    args = parse_args(argv)
    if args.from_json:
        results = json.loads(args.from_json.read_text())
        print(write_outputs(results, args.from_json.parent))
        return 0
    columns, scenarios = _selected(args)
    stamp = datetime.datetime.now(datetime.timezone.utc)
    out_dir = args.results_dir / stamp.strftime("%Y%m%d-%H%M%S")
    log_dir = out_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    results = {
        "meta": {
            "started": stamp.strftime("%Y-%m-%d %H:%M UTC"),
            "quick": args.quick,
            "machine": _machine(),
            "python": platform.python_version(),
            "valgrind": _tool_version([callgrind.valgrind_path() or "valgrind", "--version"]),
            "wrk": "wrk not used",
        },
        "scenarios": [{"name": s.name, "title": s.title} for s in scenarios],
        "checks": {},
    }

    def on_signal(signum, frame):
        http_load.kill_all_servers()
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    try:
        run_phases(args, columns, scenarios, results, log_dir)
    finally:
        http_load.kill_all_servers()
    results["meta"]["duration_s"] = time.monotonic() - _started
    text = write_outputs(results, out_dir)
    latest = args.results_dir / "latest"
    if latest.is_symlink() or not latest.exists():
        latest.unlink(missing_ok=True)
        latest.symlink_to(out_dir.name)
    print(text)
    say(f"results in {out_dir} (chart: ratios.png)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
