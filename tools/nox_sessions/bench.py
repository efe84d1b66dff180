"""``nox -s bench``: Tumbler beside Flask and Bottle (not run by CI; see bench/README.md)."""

from __future__ import annotations

import nox
from nox_support import ROOT


@nox.session(name="bench", reuse_venv=True)
def bench(session: nox.Session) -> None:
    """Benchmarks: Tumbler beside Flask, Bottle, Falcon and two floors (``nox -s bench -- --quick``).

    This session's virtualenv holds only the harness (matplotlib, for the chart).
    ``bench/run.py`` builds one virtualenv per framework under ``.nox/bench-envs``,
    installs wrk with apt-get when it is missing and we are root, and writes its
    report to ``bench/results/``. ``-- --help`` lists its options.
    """
    session.install("-r", str(ROOT / "bench" / "requirements-driver.txt"))
    session.run("python", str(ROOT / "bench" / "run.py"), *session.posargs)
