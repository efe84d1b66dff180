"""The PNG: ratios to Flask as grouped bars, one panel per measure."""

from __future__ import annotations

from pathlib import Path

from harness.columns import BASELINE

_COLOURS = {
    "tumbler": "#1f6fb4",
    "compat": "#7fb3e0",
    "bottle": "#e08a1e",
    "werkzeug": "#9a9a9a",
    "raw": "#cfcfcf",
}


def _lookup(results: dict, phase: str, key: str, name: str, field: str) -> float | None:
    entry = results.get(phase, {}).get("columns", {}).get(key, {})
    if phase == "callgrind":
        return entry.get("instructions", {}).get(name)
    if phase == "http":
        return entry.get("scenarios", {}).get(name, {}).get(field)
    return entry.get(name, {}).get(field)


def _values(results: dict, phase: str, key: str, names: list[str], field: str) -> list[float | None]:
    out = []
    for name in names:
        value = _lookup(results, phase, key, name, field)
        base = _lookup(results, phase, BASELINE, name, field)
        out.append(value / base if value is not None and base else None)
    return out


def _bars(axis, labels, series, title, better, targets=()):
    import numpy as np

    positions = np.arange(len(labels))
    width = 0.8 / max(len(series), 1)
    top = 1.0
    for index, (key, title_, values) in enumerate(series):
        heights = [v if v is not None else 0.0 for v in values]
        offset = (index - (len(series) - 1) / 2) * width
        bars = axis.bar(
            positions + offset,
            heights,
            width,
            label=title_,
            color=_COLOURS.get(key, "#555555"),
            edgecolor="white",
            linewidth=0.4,
        )
        for bar, value in zip(bars, values):
            if value is None:
                continue
            top = max(top, value)
            axis.annotate(
                f"{value:.2f}",
                (bar.get_x() + bar.get_width() / 2, value),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=6,
                rotation=90,
            )
    axis.axhline(1.0, color="black", linewidth=1.0, label="Flask = 1.0")
    target_lines = [
        axis.axhline(value, color="#c0392b", linestyle=style, linewidth=1.0, label=f"_{label}")
        for value, label, style in targets
    ]
    if target_lines:  # targets differ per panel, so each panel names its own
        axis.legend(target_lines, [label for _, label, _ in targets], loc="best", fontsize=7)
    axis.set_xticks(positions)
    axis.set_xticklabels(labels, rotation=20, ha="right", fontsize=8)
    axis.set_ylim(0, top * 1.22)
    axis.set_title(f"{title}\n({better} is better)", fontsize=10)
    axis.grid(axis="y", alpha=0.3)
    axis.set_axisbelow(True)


def draw(results: dict, path: Path) -> str | None:
    """Write the chart; returns why not when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        return f"matplotlib is not installed ({error})"

    columns = [c for c in results["columns"] if c["available"] and c["key"] != BASELINE]
    names = [s["name"] for s in results["scenarios"]]
    labels = [n.replace("_", " ") for n in names]
    figure, axes = plt.subplots(2, 2, figsize=(15, 10))
    panels = [
        (
            "callgrind",
            "",
            "CPU instructions per request vs Flask (callgrind)",
            "lower",
            [
                (0.3, "Tumbler hello target 0.3x", "-."),
                (0.5, "Tumbler target 0.5x", "--"),
                (0.6, "compat target 0.6x", ":"),
            ],
        ),
        ("inprocess", "us", "µs per in-process WSGI call vs Flask", "lower", []),
        ("http", "rps", "HTTP req/s vs Flask (gunicorn + wrk)", "higher", [(1.3, "Tumbler hello target 1.3x", "--")]),
    ]
    for axis, (phase, field, title, better, lines) in zip(axes.flat, panels):
        if results.get(phase, {}).get("skipped"):
            axis.set_axis_off()
            axis.set_title(f"{title}\nnot measured: {results[phase]['skipped']}", fontsize=10, wrap=True)
            continue
        series = [(c["key"], c["title"], _values(results, phase, c["key"], names, field)) for c in columns]
        keep = [i for i, n in enumerate(names) if any(s[2][i] is not None for s in series)]
        series = [(k, t, [v[i] for i in keep]) for k, t, v in series]
        _bars(axis, [labels[i] for i in keep], series, title, better, lines)
    axis = axes.flat[3]
    startup = results.get("startup", {})
    if startup.get("skipped"):
        axis.set_axis_off()
        axis.set_title(f"Import time and peak RSS\nnot measured: {startup['skipped']}", fontsize=10)
    else:
        data = startup.get("columns", {})
        fields = [("import_ms", "import time"), ("peak_rss_mib", "peak RSS, 1,000 requests")]
        series = []
        for column in columns:
            values = []
            for field, _ in fields:
                value, base = (data.get(column["key"], {}).get(field), data.get(BASELINE, {}).get(field))
                values.append(value / base if value is not None and base else None)
            series.append((column["key"], column["title"], values))
        _bars(
            axis,
            [label for _, label in fields],
            series,
            "Import time and peak RSS vs Flask",
            "lower",
            [(0.8, "Tumbler import target 0.8x", "--")],
        )
    handles, legend_labels = {}, []
    for axis in axes.flat:
        for handle, label in zip(*axis.get_legend_handles_labels()):
            if label not in handles:
                handles[label] = handle
                legend_labels.append(label)
    figure.legend(
        [handles[label] for label in legend_labels],
        legend_labels,
        loc="upper center",
        ncol=len(legend_labels),
        fontsize=9,
        frameon=False,
    )
    missing = [f"{c['title']}: {c['reason']}" for c in results["columns"] if not c["available"]]
    meta = results["meta"]
    footer = f"{meta['started']}{' --quick' if meta['quick'] else ''} · ratios to Flask (black line)"
    if missing:
        footer += " · column not available: " + "; ".join(missing)
    figure.text(0.5, 0.01, footer, ha="center", fontsize=8, wrap=True)
    figure.tight_layout(rect=(0, 0.04, 1, 0.93))
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return None
