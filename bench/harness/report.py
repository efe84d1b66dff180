"""The markdown report and the targets, built from the run's results dict.

Everything here reads the JSON-able ``results`` that ``run.py`` assembles (and
saves as ``results.json``), so a report can be rebuilt from a saved run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from harness.columns import BASELINE

Results = dict


@dataclass
class Target:
    """One goal from the issue and whether this run meets it."""

    text: str
    measured: str
    status: str  # "MET", "NOT MET" or "NOT MEASURED"


def _ratio(value: float | None, base: float | None) -> float | None:
    if value is None or not base:
        return None
    return value / base


def _available(results: Results, phase: str = "http") -> list[dict]:
    """The measured columns of ``phase``: a server's extra columns appear in the HTTP phase only."""
    return [c for c in results["columns"] if c["available"] and (phase == "http" or not c.get("http_only"))]


def _baseline(results: Results, key: str) -> str:
    """The column that ``key``'s ratios are to (Flask on the same server)."""
    column = next((c for c in results["columns"] if c["key"] == key), {})
    return column.get("baseline") or BASELINE


def _phase_value(results: Results, phase: str, key: str, name: str, field: str) -> float | None:
    data = results.get(phase, {}).get("columns", {}).get(key, {})
    if phase == "callgrind":
        return data.get("instructions", {}).get(name)
    if phase == "http":
        return data.get("scenarios", {}).get(name, {}).get(field)
    return data.get(name, {}).get(field)


def _cell(results: Results, phase: str, key: str, name: str, field: str, fmt: Callable[[float], str]) -> str:
    value = _phase_value(results, phase, key, name, field)
    if value is None:
        error = results["checks"].get(key, {}).get(name)
        if error and error.startswith("n/a"):
            return "n/a"
        if phase == "http":
            error = results["http"].get("columns", {}).get(key, {}).get("checks", {}).get(name) or error
        return "✗ wrong answer" if error else "—"
    baseline = _baseline(results, key)
    if key == baseline:
        return fmt(value)
    ratio = _ratio(value, _phase_value(results, phase, baseline, name, field))
    return f"{fmt(value)} ({ratio:.2f}x)" if ratio is not None else fmt(value)


def _scenario_table(results: Results, phase: str, field: str, fmt: Callable[[float], str]) -> list[str]:
    columns = _available(results, phase)
    lines = ["| scenario | " + " | ".join(c["title"] for c in columns) + " |", "|---|" + "---:|" * len(columns)]
    for scenario in results["scenarios"]:
        name = scenario["name"]
        if not any(_phase_value(results, phase, c["key"], name, field) is not None for c in columns):
            continue
        cells = [_cell(results, phase, c["key"], name, field, fmt) for c in columns]
        lines.append(f"| {scenario['title']} | " + " | ".join(cells) + " |")
    return lines


def _phase_notes(results: Results, phase: str) -> list[str]:
    data = results.get(phase, {})
    notes = []
    for key, entry in data.get("columns", {}).items():
        if isinstance(entry, dict) and entry.get("error"):
            notes.append(f"- {key}: not measured: {entry['error']}")
    return notes


def _versions(results: Results) -> list[str]:
    lines = ["| column | status | versions |", "|---|---|---|"]
    for column in results["columns"]:
        if column["available"]:
            status = "measured"
            versions = ", ".join(f"{name} {version}" for name, version in column["versions"].items())
        else:
            status = f"column not available: {column['reason']}"
            versions = ""
        lines.append(f"| {column['title']} | {status} | {versions} |")
    for column in results["columns"]:
        if column.get("plugins"):
            listed = ", ".join(
                f"{p['name']} ({p['distribution']} {p['version']})"
                if p["distribution"]
                else f"{p['name']} (registered in code)"
                for p in column["plugins"]
            )
            how = "plugins loaded by the app" if column["plugins"][0].get("loaded") else "plugins installed"
            lines.append("")
            lines.append(f"{column['title']}: {how}: {listed}")
    return lines


def _correctness(results: Results) -> list[str]:
    failures, not_applicable = [], []
    for column in results["columns"]:
        checks = results["checks"].get(column["key"], {})
        for name, error in checks.items():
            if error and error.startswith("n/a"):
                not_applicable.append(f"- {column['title']} / {name}: {error[4:].strip()}")
            elif error:
                failures.append(f"- {column['title']} / {name}: {error}")
        http_checks = results.get("http", {}).get("columns", {}).get(column["key"], {}).get("checks", {})
        for name, error in http_checks.items():
            if error and not (checks.get(name) or "").startswith("n/a"):
                failures.append(f"- {column['title']} / {name} over HTTP: {error}")
    lines = ["Scenarios answered wrongly (not timed):", *failures] if failures else [
        "Every scenario answered with the right status and body in every measured column."
    ]
    if not_applicable:
        lines += ["", "Not applicable (no idiomatic answer in that framework; shown as n/a):", *not_applicable]
    return lines


def targets(results: Results) -> list[Target]:
    """The issue's targets for the full install, each with this run's figure."""
    found: list[Target] = []
    names = [s["name"] for s in results["scenarios"]]

    def cg(key: str, name: str) -> float | None:
        return _phase_value(results, "callgrind", key, name, "")

    def worst(key: str, limit: float, text: str) -> None:
        ratios = {n: _ratio(cg(key, n), cg(BASELINE, n)) for n in names}
        missing = [n for n, r in ratios.items() if r is None]
        measured = {n: r for n, r in ratios.items() if r is not None}
        if not measured:
            found.append(Target(text, "not measured", "NOT MEASURED"))
            return
        name, ratio = max(measured.items(), key=lambda item: item[1])
        detail = f"worst {ratio:.2f}x ({name})"
        if ratio > limit:
            found.append(Target(text, detail, "NOT MET"))
        elif missing:
            found.append(Target(text, detail + f"; missing: {', '.join(missing)}", "NOT MEASURED"))
        else:
            found.append(Target(text, detail, "MET"))

    def peers(peer: str, text: str, every: bool) -> None:
        """Tumbler's instructions at or below ``peer``'s, on every scenario both answer (or hello)."""
        both = [n for n in (names if every else ["hello"]) if cg("tumbler", n) and cg(peer, n)]
        if not both:
            found.append(Target(text, "not measured", "NOT MEASURED"))
            return
        behind = [f"{n} {cg('tumbler', n) / cg(peer, n):.2f}x" for n in both if cg("tumbler", n) > cg(peer, n)]
        detail = f"behind on {', '.join(behind)}" if behind else f"at or below on {len(both)} scenario(s)"
        found.append(Target(text, detail, "NOT MET" if behind else "MET"))

    def single(text: str, ratio: float | None, ok: Callable[[float], bool]) -> None:
        if ratio is None:
            found.append(Target(text, "not measured", "NOT MEASURED"))
        else:
            found.append(Target(text, f"{ratio:.2f}x", "MET" if ok(ratio) else "NOT MET"))

    single(
        "CPU instructions per request, hello: Tumbler ≤ 0.30x Flask",
        _ratio(cg("tumbler", "hello"), cg(BASELINE, "hello")),
        lambda r: r <= 0.30,
    )
    worst("tumbler", 0.5, "CPU instructions per request, every scenario: Tumbler ≤ 0.5x Flask")
    worst(
        "compat",
        0.6,
        "CPU instructions per request, every scenario, Flask app through tumbler_flask_compat ≤ 0.6x Flask",
    )

    def http_rps(key: str) -> float | None:
        return _phase_value(results, "http", key, "hello", "rps")

    single(
        "HTTP hello req/s: Tumbler ≥ 1.5x Flask (gunicorn)",
        _ratio(http_rps("tumbler"), http_rps(BASELINE)),
        lambda r: r >= 1.5,
    )
    single(
        "HTTP hello req/s: Tumbler ≥ 1.5x Flask (granian)",
        _ratio(http_rps("tumbler-granian"), http_rps("flask-granian")),
        lambda r: r >= 1.5,
    )
    peers("bottle", "CPU instructions per request, every scenario: Tumbler ≤ Bottle", every=True)
    peers("falcon", "CPU instructions per request, hello: Tumbler ≤ Falcon", every=False)
    compat_gap = {n: _ratio(cg("compat", n), cg("tumbler", n)) for n in names}
    measured_gap = {n: r for n, r in compat_gap.items() if r is not None}
    if not measured_gap:
        found.append(Target("CPU instructions, compat within 10% of native, every scenario", "not measured", "NOT MEASURED"))
    else:
        name, ratio = max(measured_gap.items(), key=lambda item: item[1])
        found.append(
            Target(
                "CPU instructions, compat within 10% of native, every scenario",
                f"worst {ratio:.2f}x native ({name})",
                "MET" if ratio <= 1.10 else "NOT MET",
            )
        )

    def startup(key: str, field: str) -> float | None:
        return results.get("startup", {}).get("columns", {}).get(key, {}).get(field)

    single(
        "Import time of the full install: Tumbler ≤ 0.8x Flask",
        _ratio(startup("tumbler", "import_ms"), startup(BASELINE, "import_ms")),
        lambda r: r <= 0.8,
    )
    single(
        "Peak RSS serving 1,000 requests: Tumbler ≤ Flask",
        _ratio(startup("tumbler", "peak_rss_mib"), startup(BASELINE, "peak_rss_mib")),
        lambda r: r <= 1.0,
    )
    reason = next((c["reason"] for c in results["columns"] if c["key"] == "tumbler" and not c["available"]), None)
    if reason:
        for target in found:
            if target.status == "NOT MEASURED" and "compat" not in target.text:
                target.measured = f"not measured: Tumbler column not available ({reason})"
    return found


def _startup_table(results: Results) -> list[str]:
    data = results["startup"].get("columns", {})
    base = data.get(BASELINE, {})
    lines = ["| column | import (ms) | first request (ms) | peak RSS (MiB) |", "|---|---:|---:|---:|"]
    for column in _available(results, "startup"):
        entry = data.get(column["key"])
        if not entry or "error" in entry:
            continue
        cells = []
        for field, fmt in (("import_ms", "{:.1f}"), ("first_request_ms", "{:.2f}"), ("peak_rss_mib", "{:.1f}")):
            text = fmt.format(entry[field])
            ratio = _ratio(entry[field], base.get(field))
            if column["key"] != BASELINE and ratio is not None:
                text += f" ({ratio:.2f}x)"
            cells.append(text)
        lines.append(f"| {column['title']} | " + " | ".join(cells) + " |")
    return lines


def _skipped(results: Results, phase: str) -> str | None:
    return results.get(phase, {}).get("skipped")


def markdown(results: Results) -> str:
    """The whole report."""
    meta = results["meta"]
    out = [f"# Tumbler benchmark, {meta['started']}{' (--quick)' if meta['quick'] else ''}", ""]
    out.append(
        f"Machine: {meta['machine']}. Python {meta['python']}; {meta['valgrind']}; "
        f"{meta['wrk']}; gunicorn {meta.get('gunicorn') or '?'}. "
        f"Run took {meta.get('duration_s', 0):.0f} s. Ratios are to Flask."
    )
    out += ["", "## Columns and versions", "", *_versions(results)]
    out += ["", "## Correctness (status and body, checked before timing)", "", *_correctness(results)]

    sections = [
        (
            "inprocess",
            "us",
            lambda v: f"{v:.1f} µs",
            "## 1. In-process WSGI call: µs per request",
            "Median of {rounds} interleaved rounds (batches of ~{batch_ms:g} ms). Noisy machine: "
            "compare ratios, not absolute values.",
        ),
        (
            "callgrind",
            "",
            lambda v: f"{v / 1000:,.1f}k",
            "## 2. CPU instructions per request (callgrind): the number to track",
            "Instructions per request in thousands, {warmup} warm-up then {measure} measured "
            "requests (method: {methods}).",
        ),
        (
            "http",
            "rps",
            lambda v: f"{v:,.0f}",
            "## 3. HTTP: requests per second",
            "gunicorn, {workers} sync worker (the granian columns: granian's WSGI interface, {workers} worker, 1 blocking thread); wrk -t1 -c{connections}; {rounds} rounds of "
            "{seconds:g} s per cell, median.",
        ),
    ]
    for phase, field, fmt, heading, caption in sections:
        out += ["", heading, ""]
        skipped = _skipped(results, phase)
        if skipped:
            out.append(f"Not measured: {skipped}")
            continue
        settings = dict(results[phase].get("settings", {}))
        if phase == "callgrind":
            methods = sorted(
                {
                    e.get("method", "?")
                    for e in results[phase]["columns"].values()
                    if isinstance(e, dict) and "method" in e
                }
            )
            settings["methods"] = ", ".join(methods) or "none"
        out.append(caption.format(**settings))
        out += ["", *_scenario_table(results, phase, field, fmt), *_phase_notes(results, phase)]
        if phase == "http":
            out += ["", "Latency p50 / p99 (ms):", "", *_latency_table(results)]
            errors = _http_errors(results)
            if errors:
                out += ["", *errors]
    out += ["", "## 4. Start-up and memory", ""]
    skipped = _skipped(results, "startup")
    if skipped:
        out.append(f"Not measured: {skipped}")
    else:
        out.append(
            "Fresh process per run, median of {repeats}: time to import the app module "
            "(framework, plugins, 400-odd rules), first request, and peak RSS after "
            "serving 1,000 requests in-process.".format(**results["startup"]["settings"])
        )
        out += ["", *_startup_table(results), *_phase_notes(results, "startup")]
    out += [
        "",
        "## Targets (full install, every standard plugin loaded)",
        "",
        "| target | measured | result |",
        "|---|---|---|",
    ]
    for target in targets(results):
        out.append(f"| {target.text} | {target.measured} | **{target.status}** |")
    return "\n".join(out) + "\n"


def _latency_table(results: Results) -> list[str]:
    columns = _available(results)
    data = results["http"].get("columns", {})
    lines = ["| scenario | " + " | ".join(c["title"] for c in columns) + " |", "|---|" + "---:|" * len(columns)]
    for scenario in results["scenarios"]:
        name = scenario["name"]
        cells, any_value = [], False
        for column in columns:
            entry = data.get(column["key"], {}).get("scenarios", {}).get(name)
            if entry is None:
                cells.append("—")
            else:
                any_value = True
                cells.append(f"{entry['p50_ms']:.2f} / {entry['p99_ms']:.2f}")
        if any_value:
            lines.append(f"| {scenario['title']} | " + " | ".join(cells) + " |")
    return lines


def _http_errors(results: Results) -> list[str]:
    notes = []
    for key, entry in results["http"].get("columns", {}).items():
        for name, cell in entry.get("scenarios", {}).items():
            if cell.get("socket_errors"):
                notes.append(f"- {key}/{name}: {cell['socket_errors']} socket errors during the runs")
            if cell.get("non_2xx_3xx") and name != "not_found":
                notes.append(f"- {key}/{name}: {cell['non_2xx_3xx']} responses were not 2xx/3xx")
    return notes
