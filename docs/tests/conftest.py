"""What the docs tests share: where the pages and the built site are.

``nox -s docs`` builds the site and runs this folder with
``TUMBLER_DOCS_HTML`` (the built HTML) and ``TUMBLER_DOCS_SCREENSHOTS`` (where
the browser test saves its screenshots). The snippet and reference tests read
the Markdown sources and need no build.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent
ROOT = DOCS.parent
PACKAGES = ROOT / "packages"


def pages() -> list[Path]:
    """Every Markdown page of the site, in a stable order."""
    return sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts and "tests" not in p.relative_to(DOCS).parts)


@pytest.fixture(scope="session")
def html() -> Path:
    value = os.environ.get("TUMBLER_DOCS_HTML", str(DOCS / "_build" / "html"))
    path = Path(value)
    if not (path / "index.html").is_file():
        pytest.fail(f"No built site in {path}: run 'nox -s docs', which builds it before these tests.")
    return path


@pytest.fixture(scope="session")
def screenshots() -> Path:
    path = Path(os.environ.get("TUMBLER_DOCS_SCREENSHOTS", str(DOCS / "_build" / "screenshots")))
    path.mkdir(parents=True, exist_ok=True)
    return path
