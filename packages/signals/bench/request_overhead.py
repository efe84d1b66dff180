"""Per-request cost of the signals plugin: an in-process WSGI call of a view
returning a str, with the plugin

* ``absent``: ``App(plugins=[])``;
* ``idle``: loaded, no receiver connected anywhere;
* ``elsewhere``: loaded, receivers connected to every signal for another app;
* ``receivers``: loaded, a no-op receiver on every signal for this app (for scale).

    python bench/request_overhead.py            # time: best of interleaved repeats, us/request
    python bench/request_overhead.py idle 3000  # just run 3000 requests (for callgrind)

Instruction counts, which a busy machine does not blur: run the second form
under ``valgrind --tool=callgrind`` with two request counts and divide the
difference by the difference of the counts.
"""

from __future__ import annotations

import sys
import timeit
import typing as t

import tumbler
import tumbler_signals
from werkzeug.test import EnvironBuilder

CONFIGS = ("absent", "idle", "elsewhere", "receivers")


def make_app(config: str) -> tumbler.App:
    app = tumbler.App("bench", plugins=[] if config == "absent" else ["signals"])
    app.get("/")(lambda: "Hello, World!")
    if config in ("elsewhere", "receivers"):
        sender = app if config == "receivers" else tumbler.App("other", plugins=[])
        for signal in tumbler_signals.namespace.values():
            signal.connect(_receiver, sender, weak=False)
    return app


def _receiver(sender: tumbler.App, **kwargs: t.Any) -> None:
    pass


def _start_response(status: str, headers: list[t.Any], exc_info: t.Any = None) -> None:
    pass


def requester(app: tumbler.App) -> t.Callable[[], None]:
    environ = EnvironBuilder(path="/").get_environ()

    def call() -> None:
        for _ in app(dict(environ), _start_response):
            pass

    call()  # the first request ends setup
    return call


def timings(configs: tuple[str, ...], rounds: int = 7, number: int = 10_000) -> dict[str, float]:
    calls = {config: requester(make_app(config)) for config in configs}
    best = dict.fromkeys(configs, float("inf"))
    for _ in range(rounds):  # interleaved, so load changes hit every config alike
        for config, call in calls.items():
            best[config] = min(best[config], min(timeit.repeat(call, number=number, repeat=3)) / number * 1e6)
    return best


def main(argv: list[str]) -> None:
    if argv:
        config, count = argv[0], int(argv[1])
        call = requester(make_app(config))
        for _ in range(count):
            call()
        return
    # receivers are process-wide: measure without any first
    best = timings(CONFIGS[:2])
    best.update(timings(CONFIGS[2:]))
    for config, us in best.items():
        print(f"{config:10} {us:6.2f} us/request ({us - best['absent']:+.2f})")


if __name__ == "__main__":
    main(sys.argv[1:])
