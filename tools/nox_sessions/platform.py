"""The platform example (``examples/platform``): its distributions installed
into a fresh virtualenv, tested alone and together, and its dashboard in
headless Chromium served by gunicorn."""

from __future__ import annotations

import shutil
import tempfile

import nox
from nox_support import EXAMPLES_DIR, PACKAGES_DIR, gunicorn, install_chromium, pytest

PLATFORM_DIR = EXAMPLES_DIR / "platform"
PLUGINS_DIR = PLATFORM_DIR / "plugins"
#: The Tumbler packages the platform's core distribution depends on.
TUMBLER_PACKAGES = ("core", "templating", "cli", "testing")


@nox.session(tags=["ci"])
def platform(session: nox.Session) -> None:
    """Install the core app and the notices plugin, test notices without the
    status plugin; install the other plugins, run every test; list each
    deployment's plugins with ``tumbler plugins``; test the dashboard in Chromium."""
    install_chromium(session)
    session.install(
        *(str(PACKAGES_DIR / name) for name in TUMBLER_PACKAGES),
        f"{PLATFORM_DIR / 'toolbox'}[e2e]",
        str(PLUGINS_DIR / "notices"),
    )
    # a reused virtualenv (nox -r) still has them from the last run
    session.run("python", "-m", "pip", "uninstall", "-q", "-y", "toolbox-status", "toolbox-audit")
    pytest(session, "--rootdir", str(PLATFORM_DIR), str(PLATFORM_DIR / "tests_without_status"))
    session.install(str(PLUGINS_DIR / "status"), str(PLUGINS_DIR / "audit"))
    pytest(session, "--rootdir", str(PLATFORM_DIR), str(PLATFORM_DIR / "tests"), *session.posargs)
    artifacts = PLATFORM_DIR / "e2e" / "artifacts"
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="toolbox-instance-") as instance:
        for deployment in ("staff", "public"):
            env = {"TOOLBOX_DEPLOYMENT": deployment, "TOOLBOX_INSTANCE_PATH": instance}
            session.run("tumbler", "--app", "toolbox", "plugins", env=env)
        env = {"TOOLBOX_DEPLOYMENT": "staff", "TOOLBOX_INSTANCE_PATH": instance}
        try:
            with gunicorn(session, "toolbox:create_app()", env, artifacts / "gunicorn.log") as url:
                pytest(
                    session,
                    "--rootdir",
                    str(PLATFORM_DIR / "e2e"),
                    str(PLATFORM_DIR / "e2e"),
                    env={"TOOLBOX_E2E_URL": url, "TOOLBOX_E2E_ARTIFACTS": str(artifacts)},
                )
        finally:
            session.log(f"Screenshots and gunicorn's log: {artifacts}")
