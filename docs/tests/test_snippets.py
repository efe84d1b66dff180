"""Every complete Python example in the pages runs.

A page's ```` ```python ```` blocks run in order, in one namespace per page
(like a reader typing them into one file), each in a fresh working directory
shared by that page's blocks. A block that is only a piece of something larger
says so in its info string, ```` ```python fragment ````, and is not run;
``console``/``bash``/``toml``/... blocks are never run. A block may end with
``assert`` lines: that is how a page shows (and proves) what the code does.

A block of any language whose info string has ``file=PATH`` (```` ```html
file=templates/hello.html ````) is a file the reader creates: it is written
into the page's folder before the next Python block runs.
"""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

import pytest
from conftest import DOCS, pages
from markdown_it import MarkdownIt

#: Info-string words that mark a block as not runnable on its own.
FRAGMENT = "fragment"


class Snippet(t.NamedTuple):
    page: Path
    line: int
    code: str
    #: ``(path, content)`` of the files shown on the page since the previous block.
    files: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(DOCS)}:{self.line}"


def snippets() -> list[Snippet]:
    """The runnable Python blocks of every page, in page order."""
    parser = MarkdownIt("commonmark")
    found = []
    for page in pages():
        files: list[tuple[str, str]] = []
        for token in parser.parse(page.read_text(encoding="utf-8")):
            if token.type != "fence":
                continue
            words = token.info.split()
            path = next((w.partition("=")[2] for w in words if w.startswith("file=")), None)
            if path:
                files.append((path, token.content))
            elif words[:1] == ["python"] and FRAGMENT not in words[1:]:
                found.append(Snippet(page, token.map[0] + 1 if token.map else 0, token.content, tuple(files)))
                files = []
    return found


SNIPPETS = snippets()
_namespaces: dict[Path, dict[str, t.Any]] = {}


@pytest.fixture
def page_dir(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> t.Iterator[Path]:
    snippet: Snippet = request.node.callspec.params["snippet"]
    folder = tmp_path_factory.getbasetemp() / ("page-" + snippet.page.stem)
    folder.mkdir(exist_ok=True)
    old = os.getcwd()
    environ = dict(os.environ)  # a page may set TUMBLER_* variables; the next page must not see them
    os.chdir(folder)
    sys.path.insert(0, str(folder))
    try:
        yield folder
    finally:
        sys.path.remove(str(folder))
        os.chdir(old)
        os.environ.clear()
        os.environ.update(environ)


def test_the_pages_have_examples() -> None:
    assert len(SNIPPETS) >= 40, (
        f"only {len(SNIPPETS)} runnable examples found: is the collector still reading the pages?"
    )


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s.id for s in SNIPPETS])
def test_snippet_runs(snippet: Snippet, page_dir: Path) -> None:
    namespace = _namespaces.setdefault(
        snippet.page, {"__name__": "docs_snippet_" + snippet.page.stem.replace("-", "_")}
    )
    for path, content in snippet.files:
        target = page_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    code = compile(snippet.code, f"{snippet.id}", "exec")
    exec(code, namespace)
