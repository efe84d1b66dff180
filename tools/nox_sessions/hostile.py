"""``nox -s hostile``: over 10,000 generated hostile requests against an app using every plugin.

The suite lives in ``tools/hostile/`` (its README says what it sends and what it
asserts). This session installs the full install (every first-party plugin,
tumbler-security included), hypothesis and gunicorn, runs the in-process part,
then serves the same app with gunicorn on a free loopback port for the part
sent over sockets. Both parts print a table per category; the tables are also
written to ``hostile-results.md`` in the session's temporary folder. Any broken
rule fails the session. About a minute on two cores.
"""

from __future__ import annotations

from pathlib import Path

import nox
from nox_support import PACKAGES_DIR, ROOT, gunicorn, install_package

SUITE = ROOT / "tools" / "hostile"


@nox.session(tags=["ci"])
def hostile(session: nox.Session) -> None:
    """Hostile input, in-process and over HTTP (``nox -s hostile``)."""
    install_package(session, PACKAGES_DIR / "full", extras="")
    session.install("hypothesis>=6.100", "gunicorn>=22")
    out = Path(session.create_tmp()) / "hostile-results.md"
    out.unlink(missing_ok=True)
    session.run("python", str(SUITE / "run.py"), "inprocess", "--out", str(out))
    log = Path(session.create_tmp()) / "hostile-gunicorn.log"
    env = {"PYTHONPATH": str(SUITE)}
    with gunicorn(session, "hostile_app:app", env, log, args=("--workers", "2", "--timeout", "20")) as url:
        session.run("python", str(SUITE / "run.py"), "http", "--url", url, "--out", str(out))
    session.log(f"tables saved in {out}")
