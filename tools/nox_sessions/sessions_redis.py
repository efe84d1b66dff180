"""``nox -s sessions_redis``: the sessions plugin's Redis backend against a real redis-server."""

from __future__ import annotations

import tempfile
from pathlib import Path

import nox
from nox_support import PACKAGES_DIR, install_package, pytest, redis_server

SESSIONS_DIR = PACKAGES_DIR / "sessions"


@nox.session(tags=["ci"])
def sessions_redis(session: nox.Session) -> None:
    """tumbler-sessions with its ``redis`` extra, its whole suite including ``test_redis.py``,
    against Debian's redis-server (installed when missing) on a free loopback port."""
    install_package(session, SESSIONS_DIR, extras="redis,test")
    with tempfile.TemporaryDirectory(prefix="sessions-redis-") as tmp:
        log = Path(tmp) / "redis.log"
        with redis_server(session, log) as url:
            # -rs: a skipped Redis test would show; test_redis.py must be collected here
            pytest(session, "-rs", str(SESSIONS_DIR / "tests"), *session.posargs, env={"TUMBLER_TEST_REDIS_URL": url})
