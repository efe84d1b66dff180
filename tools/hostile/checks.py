"""What every answer to a hostile request must satisfy, and the per-case extras."""

from __future__ import annotations

import html
import json
import re
import typing as t
from pathlib import Path

from cases import Case

SITE = Path(__file__).resolve().parent / "site"
SENTINEL = "HOSTILE-SENTINEL-7f3a"
#: What a leaked system file or an exception would put in a body.
_LEAKS = [
    (re.compile(r"Traceback \(most recent call last\)"), "a traceback"),
    (re.compile(r'File "[^"]+", line \d+'), "a traceback frame"),
    (re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b(?!</title>)"), "an exception name"),
    (re.compile(re.escape(SENTINEL)), "a file outside the served folders"),
    (re.compile(r"root:x?:0:0:"), "/etc/passwd"),
    (re.compile(r"\[boot loader\]|\[fonts\]"), "a Windows system file"),
]
#: The only files the app may serve, by content.
SERVED = {p.read_bytes() for folder in ("static", "uploads") for p in (SITE / folder).rglob("*") if p.is_file()}


def problems(case: Case, status: int, headers: list[tuple[str, str]], body: bytes) -> list[str]:
    """Why this answer is wrong (empty when it is right)."""
    found = []
    if status >= 500 and not case.allow_5xx:
        found.append(f"status {status}")
    if case.expect_status is not None and status != case.expect_status:
        found.append(f"status {status}, expected {case.expect_status}")
    text = body.decode("utf-8", "replace")
    for pattern, what in _LEAKS:
        match = pattern.search(text)
        if match and not _echoed(case, match.group(0)):
            found.append(f"the body shows {what}: {match.group(0)!r}")
    content_type = _header(headers, "Content-Type") or ""
    if case.xss is not None and "html" in content_type and case.xss in text:
        found.append(f"XSS payload unescaped: {case.xss!r}")
    if case.category == "path traversal" and status == 200 and body not in SERVED and case.method != b"HEAD":
        found.append("a 200 whose body is not one of the served files")
    if case.expect_json is not None:
        try:
            got = json.loads(text)
        except ValueError:
            got = f"not JSON: {text[:80]!r}"
        if got != case.expect_json:
            found.append(f"session {got!r}, expected {case.expect_json!r}")
    for name, value in headers:
        if name.lower() == "x-injected" or (name.lower() == "set-cookie" and value.startswith("injected")):
            found.append(f"an injected header: {name}: {value}")
    return found


def _echoed(case: Case, text: str) -> bool:
    """Text the client itself sent (a hostile payload echoed back, escaped or not)."""
    sent = case.target + case.body + b"".join(v for _, v in case.headers)
    raw = sent.decode("latin-1")
    return text in raw or html.escape(text) in raw or text in _unquoted(raw)


def _unquoted(raw: str) -> str:
    from urllib.parse import unquote

    return unquote(raw)


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name.lower():
            return value
    return None


def status_class(status: int) -> str:
    """``2xx`` ... ``5xx`` for the app's answers, ``server`` for a request the
    server refused itself (a negative status), ``closed`` for no answer."""
    if status < 0:
        return "server"
    return f"{status // 100}xx" if status else "closed"


def table(title: str, rows: dict[str, dict[str, int]]) -> str:
    """A markdown table: one row per category, counts by status class and problems."""
    cols = ["requests", "2xx", "3xx", "4xx", "5xx", "server", "closed", "problems"]
    lines = [f"### {title}", "", "| category | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    totals = dict.fromkeys(cols, 0)
    for category, counts in rows.items():
        lines.append(f"| {category} | " + " | ".join(str(counts.get(c, 0)) for c in cols) + " |")
        for c in cols:
            totals[c] += counts.get(c, 0)
    lines.append("| **total** | " + " | ".join(f"**{totals[c]}**" for c in cols) + " |")
    return "\n".join(lines) + "\n"


def tally(rows: dict[str, dict[str, int]], case: Case, status: int, bad: t.Sequence[str]) -> None:
    counts = rows.setdefault(case.category, {})
    counts["requests"] = counts.get("requests", 0) + 1
    key = status_class(status)
    counts[key] = counts.get(key, 0) + 1
    if bad:
        counts["problems"] = counts.get("problems", 0) + 1
