"""``nox -s soak``: the reliability suite (tools/soak): leak, isolation, soak, fault injection."""

from __future__ import annotations

from pathlib import Path

import nox
from nox_support import PACKAGES_DIR, ROOT, apt_install, install_package

SOAK_DIR = ROOT / "tools" / "soak"


@nox.session(tags=["ci"])
def soak(session: nox.Session) -> None:
    """Tumbler (every package) beside Flask 3.1.3 under load; a few minutes (``-- --long``: the full run).

    Tumbler runs in this session's virtualenv, Flask in its own beside it
    (``bench/requirements-flask.txt``); wrk comes from Debian, installed when
    missing. The table is printed and saved in ``tools/soak/results/``.
    """
    apt_install(session, {"wrk": "/usr/bin/wrk"}, "The soak check")
    session.install("-r", str(ROOT / "bench" / "requirements-tumbler.txt"))
    install_package(session, PACKAGES_DIR / "full", extras="")
    flask_env = Path(session.virtualenv.location).parent / f"{Path(session.virtualenv.location).name}-flask"
    if not (flask_env / "bin" / "gunicorn").exists():
        session.run("python", "-m", "venv", "--clear", str(flask_env))
        session.run(str(flask_env / "bin" / "python"), "-m", "pip", "install", "-q",
                    "-r", str(ROOT / "bench" / "requirements-flask.txt"), external=True)  # fmt: skip
    session.run("python", str(SOAK_DIR / "run.py"), "--flask-python", str(flask_env / "bin" / "python"),
                *session.posargs)  # fmt: skip
