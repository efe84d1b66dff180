"""Count a package's lines of code: no blank lines, comments or docstrings.

    python tools/loc.py packages/core/src/tumbler [more paths...]
    python tools/loc.py --max 2600 packages/core/src/tumbler   # the kernel's size ratchet

Prints one line per file and a total; with ``--max N``, exits 1 when the total is above N. A line counts when it holds a token
other than a comment, a newline or indentation, and is not part of a
docstring (the first statement of a module, class or function when it is a
string literal).
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


def _docstring_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            if isinstance(body[0].value.value, str):
                end = body[0].end_lineno or body[0].lineno
                lines.update(range(body[0].lineno, end + 1))
    return lines


def count_file(path: Path) -> int:
    """The number of code lines in one Python file."""
    source = path.read_text(encoding="utf-8")
    docstrings = _docstring_lines(ast.parse(source, str(path)))
    code: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in _SKIP:
            continue
        # a token spanning lines (a multi-line string) counts on every line it covers
        code.update(range(token.start[0], token.end[0] + 1))
    return len(code - docstrings)


def count(paths: list[Path]) -> dict[Path, int]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return {f: count_file(f) for f in files}


def main(argv: list[str]) -> int:
    limit = None
    if argv[:1] == ["--max"] and len(argv) > 1:
        limit, argv = int(argv[1]), argv[2:]
    if not argv:
        print(__doc__)
        return 2
    counts = count([Path(a) for a in argv])
    width = max((len(str(f)) for f in counts), default=0)
    for file, n in counts.items():
        print(f"{str(file):<{width}}  {n:>5}")
    total = sum(counts.values())
    print(f"{'total':<{width}}  {total:>5}")
    if limit is not None and total > limit:
        print(f"{total} lines of code is over the limit of {limit}: move or shorten code before adding more.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
