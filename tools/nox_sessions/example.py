"""The notes example: its tests on SQLite and PostgreSQL (``example``) and its pages in headless Chromium (``e2e``)."""

from __future__ import annotations

import secrets
import shutil
import tempfile

import nox
from nox_support import EXAMPLES_DIR, gunicorn, install_chromium, install_package, postgres_server, pytest, redis_server

EXAMPLE_DIR = EXAMPLES_DIR / "notes"


@nox.session(tags=["ci"])
def example(session: nox.Session) -> None:
    """The example app's unit and integration tests (``examples/notes/tests``): on SQLite with
    cookie sessions, then on PostgreSQL with sessions in Redis.

    PostgreSQL (a throw-away cluster) and redis-server are Debian's, installed
    with apt-get when missing, and run on free loopback ports.
    """
    install_package(session, EXAMPLE_DIR, extras="test,postgres,redis")
    session.log("The example's tests on SQLite, sessions in the signed cookie")
    pytest(session, str(EXAMPLE_DIR / "tests"), *session.posargs)
    with postgres_server(session, "notes_test") as database, redis_server(session) as redis:
        session.log("The example's tests on PostgreSQL, sessions in Redis")
        env = {"NOTES_TEST_DATABASE_URL": database, "NOTES_TEST_REDIS_URL": redis}
        pytest(session, str(EXAMPLE_DIR / "tests"), *session.posargs, env=env)


@nox.session(tags=["ci"])
def e2e(session: nox.Session) -> None:
    """The example app in headless Chromium, served by gunicorn; screenshots go to examples/notes/e2e/artifacts."""
    install_chromium(session)
    install_package(session, EXAMPLE_DIR, extras="e2e")
    artifacts = EXAMPLE_DIR / "e2e" / "artifacts"
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="notes-e2e-") as instance:
        app = f"notes:create_app(instance_path={instance!r})"
        # Plain http on loopback: the browser would not send back a Secure cookie.
        env = {"NOTES_SECRET_KEY": secrets.token_hex(), "TUMBLER_DEBUG": "0", "SESSION_COOKIE_SECURE": "0"}
        session.run("tumbler", "--app", app, "init-db", env=env)
        try:
            with gunicorn(session, app, env, artifacts / "gunicorn.log", ready_path="/auth/login") as url:
                pytest(session, str(EXAMPLE_DIR / "e2e"), *session.posargs,
                       env={"NOTES_E2E_URL": url, "NOTES_E2E_ARTIFACTS": str(artifacts)})
        finally:
            session.log(f"Screenshots and gunicorn's log: {artifacts}")
