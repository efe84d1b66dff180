"""``nox -s flask_suite``: Flask 3.1.3's own test suite through tumbler_flask_compat."""

from __future__ import annotations

import re

import nox
from nox_support import PACKAGES_DIR, ROOT

FLASK_SUITE = ROOT.parent / "shared" / "flask-suite" / "run.sh"
#: The fewest of Flask's 522 tests (tests and examples) that must pass; raised as the compat layer improves.
FLASK_SUITE_FLOOR_FILE = PACKAGES_DIR / "flask-compat" / "flask-suite-floor.txt"


@nox.session(venv_backend="none", tags=["ci"])
def flask_suite(session: nox.Session) -> None:
    """Flask 3.1.3's own test suite through tumbler_flask_compat (the harness makes its own venvs)."""
    if not FLASK_SUITE.is_file():
        session.error(f"The Flask suite harness is missing: {FLASK_SUITE} (a checkout of shared/ beside this repo)")
    floor = int(FLASK_SUITE_FLOOR_FILE.read_text().split()[0])
    out = session.run("bash", str(FLASK_SUITE), "--suite", "all", "shim", str(ROOT), *session.posargs,
                      silent=True, success_codes=[0, 1])
    print(out[-6000:])
    match = re.search(r"flask-suite: (\d+) passed, (\d+) failed, (\d+) errors.* of (\d+)", out or "")
    if match is None:
        session.error("The Flask suite printed no summary line; see the output above.")
    passed = int(match.group(1))
    if passed < floor:
        session.error(f"Flask suite: {passed} passed, fewer than the floor of {floor} ({FLASK_SUITE_FLOOR_FILE.name}).")
    session.log(f"Flask suite: {passed} of {match.group(4)} passed (floor {floor}).")
