"""The browser for the end-to-end test: headless Chromium driven by Selenium.

``nox -s e2e`` serves the app with gunicorn and runs this folder with two
environment variables: ``NOTES_E2E_URL`` (where the app is served) and
``NOTES_E2E_ARTIFACTS`` (where the screenshots go). Chromium and its driver
are Debian's packages (``/usr/bin/chromium``, ``/usr/bin/chromedriver``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import typing as t
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("NOTES_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("NOTES_E2E_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # we may run as root in a container
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,900",
]


def _required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the browser test with 'nox -s e2e', which serves the app and sets it.")
    return value


@pytest.fixture(scope="session")
def base_url() -> str:
    return _required_env("NOTES_E2E_URL").rstrip("/")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = Path(_required_env("NOTES_E2E_ARTIFACTS"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser() -> t.Iterator[webdriver.Chrome]:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: install Debian's chromium and chromium-driver (nox -s e2e does).")
    profile = tempfile.mkdtemp(prefix="notes-e2e-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def screenshot(browser: webdriver.Chrome, artifacts: Path) -> t.Callable[[str], Path]:
    """``screenshot("name")`` saves the page as ``NN-name.png`` in the artifacts folder."""
    taken: list[Path] = []

    def take(name: str) -> Path:
        path = artifacts / f"{len(taken) + 1:02d}-{name}.png"
        assert browser.save_screenshot(str(path)), f"could not save {path}"
        taken.append(path)
        return path

    return take
