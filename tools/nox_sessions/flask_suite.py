"""``nox -s flask_suite``: Flask 3.1.3's own test suite, run on Tumbler through tumbler_flask_compat.

The session downloads Flask's source distribution from the package index
(pinned version and sha256; nothing of Flask is kept in this repository),
installs the compat package, the meta-package and the test requirements in
``packages/flask-compat/flask-suite/requirements.txt`` (no Flask), and runs
Flask's ``tests/`` and the tests of its two example apps with a pytest plugin
that imports ``tumbler_flask_compat`` before Flask's conftest imports ``flask``.
It fails when fewer tests pass than ``packages/flask-compat/flask-suite-floor.txt``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import tempfile
from pathlib import Path

import nox
from nox_support import PACKAGES_DIR, local_closure

FLASK_VERSION = "3.1.3"
#: sha256 of flask-3.1.3.tar.gz as published on the package index.
FLASK_SDIST_SHA256 = "0ef0e52b8a9cd932855379197dd8f94047b359ca0a78695144304cb45f87c9eb"
SUITE_DIR = PACKAGES_DIR / "flask-compat" / "flask-suite"
#: The fewest tests (of 522: 490 in tests/, 32 in the examples) that must pass; raised as the compat layer improves.
FLOOR_FILE = PACKAGES_DIR / "flask-compat" / "flask-suite-floor.txt"
#: (folder inside the sdist, extra sys.path entry): each is one pytest run with its own pytest settings.
SUITES = (
    ("", False),
    ("examples/tutorial", True),  # imports its app package ``flaskr`` from its own folder
    ("examples/javascript", True),  # likewise ``js_example``
)
#: Per-test limit: Flask's slowest test takes 0.02 s; a hang must not stall CI.
TEST_TIMEOUT = "30"
#: Environment that would change what Flask's tests see.
CLEARED_ENV = (
    "FLASK_APP",
    "FLASK_DEBUG",
    "FLASK_ENV_FILE",
    "FLASK_RUN_FROM_CLI",
    "WERKZEUG_RUN_MAIN",
    "PYTEST_ADDOPTS",
    "PYTHONPATH",
)


def fetch_sdist(session: nox.Session) -> Path:
    """Flask's sdist in nox's cache folder, downloaded once and checked against the pinned hash."""
    cache = Path(session.cache_dir) / "flask-suite"
    sdist = cache / f"flask-{FLASK_VERSION}.tar.gz"
    if not sdist.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        session.run(
            "python",
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            f"flask=={FLASK_VERSION}",
            "--dest",
            str(cache),
        )
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != FLASK_SDIST_SHA256:
        sdist.unlink()
        session.error(f"{sdist.name} has sha256 {digest}, expected {FLASK_SDIST_SHA256}; removed it, run again.")
    return sdist


def unpack(sdist: Path, work: Path) -> None:
    """A fresh copy of the sdist's tests and examples into ``work``; Flask's ``src/`` is left out."""
    prefix = f"flask-{FLASK_VERSION}/"
    with tarfile.open(sdist) as archive:
        members = []
        for member in archive.getmembers():
            name = member.name.removeprefix(prefix)
            if name == "pyproject.toml" or name.startswith(("tests/", "examples/")):
                member.name = name
                members.append(member)
        # the "data" filter (refuse links and paths leaving ``work``) exists from Python 3.10.12 on
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(work, members=members, **safe)


def run_suite(session: nox.Session, work: Path, folder: str, on_path: bool) -> dict[str, str]:
    """One pytest run over ``folder`` of the sdist; each test's outcome by node id."""
    cwd = work / folder if folder else work
    results = work / f"results-{folder.replace('/', '-') or 'tests'}.json"
    results.unlink(missing_ok=True)
    (work / "tmp").mkdir(exist_ok=True)  # pytest creates --basetemp, but not its parent
    env = {name: None for name in CLEARED_ENV}
    env.update(
        PYTHONPATH=os.pathsep.join([str(SUITE_DIR), *([str(cwd)] if on_path else [])]),
        PYTHONDONTWRITEBYTECODE="1",
        FLASK_SUITE_RESULTS=str(results),
    )
    with session.chdir(cwd):
        session.run(
            "pytest",
            "-p",
            "flask_suite_plugin",
            "-p",
            "no:cacheprovider",
            "-q",
            "--tb=line",
            "-rfE",
            f"--timeout={TEST_TIMEOUT}",
            f"--basetemp={work / 'tmp' / (folder.replace('/', '-') or 'tests')}",
            "--continue-on-collection-errors",
            *session.posargs,
            env=env,
            success_codes=[0, 1],
        )
    if not results.is_file():
        session.error(f"pytest wrote no results for {folder or 'tests'}/; see its output above.")
    data = json.loads(results.read_text())
    outcomes = {f"{folder}/{nodeid}" if folder else nodeid: result for nodeid, result in data["outcomes"].items()}
    for nodeid in data["collection_errors"]:
        outcomes[f"{folder}/{nodeid} (collection)" if folder else f"{nodeid} (collection)"] = "error"
    return outcomes


@nox.session(tags=["ci"])
def flask_suite(session: nox.Session) -> None:
    """Flask 3.1.3's own test suite (tests and examples) run on Tumbler through the compat package."""
    floor = int(FLOOR_FILE.read_text().split()[0])
    sdist = fetch_sdist(session)
    compat = PACKAGES_DIR / "flask-compat"
    session.install("-r", str(SUITE_DIR / "requirements.txt"), *[str(p) for p in local_closure(compat)])
    outcomes: dict[str, str] = {}
    # Outside the venv: Flask's instance-path tests tell apps under sys.prefix from the others.
    with tempfile.TemporaryDirectory(prefix="tumbler-flask-suite-") as tmp:
        work = Path(tmp)
        unpack(sdist, work)
        for folder, on_path in SUITES:
            outcomes.update(run_suite(session, work, folder, on_path))
    counts = {word: sum(1 for r in outcomes.values() if r == word) for word in ("passed", "failed", "error", "skipped")}
    not_passing = sorted(nodeid for nodeid, result in outcomes.items() if result != "passed")
    if not_passing:
        session.log("Not passing:\n  " + "\n  ".join(f"{outcomes[n]:7} {n}" for n in not_passing))
    summary = (
        f"Flask {FLASK_VERSION}'s suite on Tumbler: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['error']} errors, {counts['skipped']} skipped, of {len(outcomes)} (floor {floor})"
    )
    if counts["passed"] < floor:
        session.error(f"{summary}: fewer passed than the floor in {FLOOR_FILE.relative_to(PACKAGES_DIR.parent)}.")
    session.log(summary)
