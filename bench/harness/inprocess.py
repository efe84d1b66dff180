"""Phase 1: microseconds per in-process WSGI call, interleaved across columns.

Every column's app stays loaded in its own worker process. A round asks each
worker in turn for one timed batch of one scenario (the column order rotates
every round), so a burst of noise on this shared machine lands on all columns
alike; the figure kept is the median of the rounds.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

from harness.workers import Worker

Pair = tuple[str, str]  # (column key, scenario name)


def measure(
    workers: dict[str, Worker],
    pairs: list[Pair],
    rounds: int,
    batch_ms: float,
    say: Callable[[str], None],
) -> dict[str, dict[str, dict]]:
    """``{column: {scenario: {"us": median µs, "samples": [...], "batch": n}}}``."""
    batch: dict[Pair, int] = {}
    for key, name in pairs:
        # The calibration batches double as warm-up.
        count = 20
        for _ in range(3):
            ns = workers[key].ask("time", scenario=name, count=count)["ns"]
            count = max(5, min(100_000, int(batch_ms * 1e6 / max(ns / count, 1.0))))
        batch[key, name] = count
    samples: dict[Pair, list[float]] = {pair: [] for pair in pairs}
    scenario_names = list(dict.fromkeys(name for _, name in pairs))
    column_keys = list(dict.fromkeys(key for key, _ in pairs))
    for round_no in range(rounds):
        order = column_keys[round_no % len(column_keys) :] + column_keys[: round_no % len(column_keys)]
        for name in scenario_names:
            for key in order:
                if (key, name) not in batch:
                    continue
                count = batch[key, name]
                ns = workers[key].ask("time", scenario=name, count=count)["ns"]
                samples[key, name].append(ns / count / 1000)
        say(f"  round {round_no + 1}/{rounds} done")
    results: dict[str, dict[str, dict]] = {}
    for (key, name), values in samples.items():
        results.setdefault(key, {})[name] = {
            "us": statistics.median(values),
            "samples": [round(v, 3) for v in values],
            "batch": batch[key, name],
        }
    return results
