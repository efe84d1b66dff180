"""The built site: its own links resolve, and pages render in headless Chromium.

The site is served over HTTP on a loopback port (as a reader's browser would
get it); Chromium and chromedriver are Debian's packages, which ``nox -s docs``
installs. Screenshots go to ``TUMBLER_DOCS_SCREENSHOTS``.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import typing as t
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = os.environ.get("TUMBLER_DOCS_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("TUMBLER_DOCS_CHROMEDRIVER", "/usr/bin/chromedriver")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(t.cast(str, values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(t.cast(str, values["name"]))
        for attr in ("href", "src"):
            if values.get(attr) and tag in ("a", "link", "script", "img"):
                self.links.append(t.cast(str, values[attr]))


@functools.cache
def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="session")
def site(html: Path) -> t.Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_every_internal_link_resolves(html: Path, site: str) -> None:
    """Crawl from the home page over HTTP; every same-site link answers 200 and its #anchor exists."""
    pages = sorted(html.rglob("*.html"))
    assert len(pages) > 30
    seen: set[str] = set()
    broken: list[str] = []
    todo = ["/index.html"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        try:
            urllib.request.urlopen(site + path, timeout=10).close()
        except urllib.error.HTTPError as e:
            broken.append(f"{path}: HTTP {e.code}")
            continue
        if not path.endswith(".html"):
            continue
        parsed = _parse(html / path.lstrip("/"))
        for link in parsed.links:
            url = urllib.parse.urlsplit(link)
            if url.scheme or url.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = urllib.parse.urljoin(path, url.path) if url.path else path
            if target.endswith("/"):
                target += "index.html"
            if url.fragment and target.endswith(".html") and (html / target.lstrip("/")).is_file():
                if urllib.parse.unquote(url.fragment) not in _parse(html / target.lstrip("/")).ids:
                    broken.append(f"{path}: {link} (no such anchor)")
            todo.append(target)
    assert not broken, "broken links in the built site:\n" + "\n".join(sorted(set(broken)))
    reached = {p for p in seen if p.endswith(".html")}
    assert len(reached) > 30, f"the crawl reached only {len(reached)} pages from the home page"


@pytest.fixture(scope="session")
def browser() -> t.Iterator[webdriver.Chrome]:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: install Debian's chromium and chromium-driver (nox -s docs does).")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


PAGES = [
    # (path, screenshot name, the page's heading, an element that must be visible)
    ("index.html", "home", "Tumbler", (By.CSS_SELECTOR, "div.toctree-wrapper a[href='guide/quickstart.html']")),
    ("guide/quickstart.html", "guide-quickstart", "Quickstart", (By.CSS_SELECTOR, "div.highlight-python pre")),
    ("reference/hooks.html", "hook-reference", "Hook reference", (By.ID, "tumbler.hookspecs.tumbler_configure")),
]


@pytest.mark.parametrize(("path", "name", "heading", "locator"), PAGES, ids=[p[1] for p in PAGES])
def test_page_renders_in_chromium(
    browser: webdriver.Chrome,
    site: str,
    screenshots: Path,
    path: str,
    name: str,
    heading: str,
    locator: tuple[str, str],
) -> None:
    browser.get(f"{site}/{path}")
    h1 = browser.find_element(By.TAG_NAME, "h1")
    assert h1.text.strip().rstrip("¶").strip() == heading
    element = browser.find_element(*locator)
    assert element.is_displayed()
    # furo's stylesheet applied: the sidebar is laid out beside the content, not stacked above it.
    sidebar = browser.find_element(By.CSS_SELECTOR, ".sidebar-drawer")
    content = browser.find_element(By.CSS_SELECTOR, ".content")
    assert sidebar.location["x"] < content.location["x"]
    assert browser.save_screenshot(str(screenshots / f"{name}.png"))


def test_search_finds_a_hook(browser: webdriver.Chrome, site: str, screenshots: Path) -> None:
    """The site's search (Sphinx's index, run in the browser) finds the pages that name a hook."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{site}/search.html?q=tumbler_session_interface")
    results = WebDriverWait(browser, 20).until(
        expected_conditions.presence_of_all_elements_located((By.CSS_SELECTOR, "#search-results ul.search li a"))
    )
    pages = {link.get_attribute("href").rsplit("/", 1)[-1].split("#")[0] for link in results}
    assert "hooks.html" in pages, pages
    browser.save_screenshot(str(screenshots / "search.png"))
