"""The documentation site (``docs``): built with warnings as errors, then tested.

The build installs every package, so autodoc, the generated hook reference
and sphinx-click see what a user of ``tumbler-framework`` gets. The tests in
``docs/tests`` then run the pages' code examples, check that every hook, public
name, config key and CLI command has its reference entry, crawl the built
site's own links and open pages in headless Chromium (screenshots in
``docs/_build/screenshots``).
"""

from __future__ import annotations

import nox
from nox_support import PACKAGES_DIR, ROOT, apt_install, install_chromium, pytest

DOCS_DIR = ROOT / "docs"
BUILD_DIR = DOCS_DIR / "_build"

#: Debian's documentation packages whose Sphinx inventories intersphinx reads
#: offline (docs/conf.py): the build fetches nothing from the network.
INVENTORY_PACKAGES = {
    "python3-doc": "/usr/share/doc/python3-doc",
    "python-werkzeug-doc": "/usr/share/doc/python-werkzeug-doc/html/objects.inv",
    "python-jinja2-doc": "/usr/share/doc/python-jinja2-doc/html/objects.inv",
    "python-click-doc": "/usr/share/doc/python-click-doc/html/objects.inv",
}


@nox.session(tags=["ci"])
def docs(session: nox.Session) -> None:
    """Build docs/ with Sphinx (-W --keep-going -n) and run docs/tests against the built site."""
    apt_install(session, INVENTORY_PACKAGES, "The docs build (intersphinx inventories)")
    install_chromium(session)
    packages = [str(p) for p in sorted(PACKAGES_DIR.iterdir()) if (p / "pyproject.toml").is_file()]
    session.install("-r", str(DOCS_DIR / "requirements.txt"), *packages)
    html = BUILD_DIR / "html"
    session.run(
        "sphinx-build",
        "-E",
        "-W",
        "--keep-going",
        "-n",
        "-q",
        "-b",
        "html",
        str(DOCS_DIR),
        str(html),
    )
    session.log(f"The site: {html / 'index.html'}")
    pytest(
        session,
        "--rootdir",
        str(DOCS_DIR / "tests"),
        str(DOCS_DIR / "tests"),
        *session.posargs,
        env={"TUMBLER_DOCS_HTML": str(html), "TUMBLER_DOCS_SCREENSHOTS": str(BUILD_DIR / "screenshots")},
    )
    session.log(f"Screenshots: {BUILD_DIR / 'screenshots'}")
