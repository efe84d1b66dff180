"""Headless Chromium (Debian's chromium and chromium-driver) driven by Selenium.

``nox -s platform`` serves the staff deployment with gunicorn and runs this
folder with ``TOOLBOX_E2E_URL`` (where it is served) and
``TOOLBOX_E2E_ARTIFACTS`` (where screenshots go).
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

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # CI may run as root in a container
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,800",
]


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the browser test with 'nox -s platform', which serves the app.")
    return value


@pytest.fixture(scope="session")
def base_url() -> str:
    return _env("TOOLBOX_E2E_URL").rstrip("/")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = Path(_env("TOOLBOX_E2E_ARTIFACTS"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser() -> t.Iterator[webdriver.Chrome]:
    for path in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: install Debian's chromium and chromium-driver (nox -s platform does).")
    profile = tempfile.mkdtemp(prefix="toolbox-e2e-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
