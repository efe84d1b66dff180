"""Run the hostile-input suite: ``python tools/hostile/run.py inprocess|http [--url URL] [--out FILE]``.

``inprocess`` sends every generated case (over 10,000) straight to the WSGI app,
as a server would pass it (the path percent-decoded, everything else raw).
``http`` sends a sample of each category, plus malformed request lines and
chunked bodies only a real server sees, over a socket to the app under
gunicorn. Both print a table per category, append it to ``--out`` and exit 1
if any answer broke a rule (see ``checks.py``); the first problems are shown
with what to send to reproduce them.
"""

from __future__ import annotations

import argparse
import io
import random
import socket
import sys
import tempfile
import time
import typing as t
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases import Case, generate  # noqa: E402
from checks import problems, table, tally  # noqa: E402

SEED = 16  # issue 16
HTTP_PER_CATEGORY = 45


def _environ(case: Case, cookie: str | None) -> dict[str, t.Any]:
    path, _, query = case.target.partition(b"?")
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": case.method.decode("latin-1"),
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query.decode("latin-1"),
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(case.body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in case.headers:
        key = name.decode("latin-1").upper().replace("-", "_")
        key = key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"
        text = value.decode("latin-1")
        environ[key] = f"{environ[key]},{text}" if key in environ and key != "HTTP_HOST" else text
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if case.chunked:
        environ["wsgi.input_terminated"] = True  # as a server that de-chunked the body says
    elif case.body and "CONTENT_LENGTH" not in environ:
        environ["CONTENT_LENGTH"] = str(len(case.body))
    return environ


def run_inprocess(out: Path) -> int:
    import logging

    from hostile_app import create_app

    logging.getLogger("hostile_app").disabled = True  # the deliberate failure logs its traceback
    app = create_app()
    cases = generate(app, SEED)
    rows: dict[str, dict[str, int]] = {}
    failures: list[tuple[Case, list[str]]] = []
    cookie: str | None = None
    started = time.monotonic()
    for case in cases:
        seen: list[t.Any] = []
        environ = _environ(case, cookie if case.follow_cookies else None)
        chunks = app(environ, lambda status, headers, exc_info=None, seen=seen: seen.append((status, headers)))
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        status, headers = int(seen[0][0].split()[0]), seen[0][1]
        cookie = "; ".join(v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie") or None
        bad = problems(case, status, headers, body)
        tally(rows, case, status, bad)
        if bad:
            failures.append((case, bad))
    seconds = time.monotonic() - started
    title = f"in-process: {len(cases)} requests in {seconds:.1f} s (seed {SEED})"
    return _report(title, rows, failures, out)


def _raw_request(case: Case, host: bytes) -> bytes:
    headers = list(case.headers)
    names = {n.lower() for n, _ in headers}
    if b"host" not in names:
        headers.insert(0, (b"Host", host))
    if case.chunked:
        if b"transfer-encoding" not in names:
            headers.append((b"Transfer-Encoding", b"chunked"))
    elif case.body and b"content-length" not in names:
        headers.append((b"Content-Length", str(len(case.body)).encode()))
    headers.append((b"Connection", b"close"))
    lines = [case.method + b" " + case.target + b" HTTP/1.1"] + [n + b": " + v for n, v in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + case.body


def _exchange(address: tuple[str, int], raw: bytes, timeout: float = 3.0) -> bytes:
    with socket.create_connection(address, timeout=timeout) as sock:
        try:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may close early on a request it refuses: read what it said
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except (TimeoutError, OSError):
            pass
    return data


def _parse(data: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return 0, [], data
    headers = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:] if ":" in line]
    return status, t.cast("list[tuple[str, str]]", headers), body


def _from_server(body: bytes) -> bool:
    """gunicorn's own error page (a request it refused before the app saw it);
    the app's pages and werkzeug's start with a doctype."""
    return body.startswith(b"<html>\n  <head>\n    <title>")


#: Requests only a real server sees: broken request lines, headers and framing.
_WIRE = [
    b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: localhost\r\n X-Folded: continued\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Bare: a\rb\r\n\r\n",
    b"GET / HTTP/1.1\nHost: localhost\n\n",
    b"GET /\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n",
    b"GET / HTTP/1.1 extra\r\nHost: localhost\r\n\r\n",
    b"G\x00T / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"GET * HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello",
    b"POST /echo-form HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nq=1\r\n0\r\n\r\n",
    b"POST /echo-form HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n",
    b"POST /echo-form HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nq=1",
    b"POST /echo-form HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nq=1GET /fail HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: localhost\r\nX-" + b"A" * 9000 + b": 1\r\n\r\n",
    b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
    b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: localhost\r\nCookie: session=" + b"\xff" * 100 + b"\r\n\r\n",
]


def run_http(url: str, out: Path) -> int:
    from hostile_app import create_app

    parts = urlsplit(url)
    address = (parts.hostname or "127.0.0.1", parts.port or 80)
    host = f"{address[0]}:{address[1]}".encode()
    cases = generate(create_app(), SEED)
    rng = random.Random(SEED)
    by_category: dict[str, list[Case]] = {}
    for case in cases:
        if not case.follow_cookies:
            by_category.setdefault(case.category, []).append(case)
    sample = [c for group in by_category.values() for c in rng.sample(group, min(HTTP_PER_CATEGORY, len(group)))]
    for case in sample:
        if case.category == "cross-origin":
            # over a socket the Host is 127.0.0.1:port, so "same origin" means that
            case.headers = [(n, v.replace(b"http://localhost", b"http://" + host)) for n, v in case.headers]
    rows: dict[str, dict[str, int]] = {}
    failures: list[tuple[Case, list[str]]] = []
    started = time.monotonic()
    for case in sample:
        status, headers, body = _parse(_exchange(address, _raw_request(case, host)))
        if _from_server(body):
            status = -status  # gunicorn refused the request itself: the app never saw it
        bad = problems(case, status, headers, body) if status > 0 else []
        tally(rows, case, status, bad)
        if bad:
            failures.append((case, bad))
    wire_case = Case("malformed requests (wire)", b"", b"")
    for raw in _WIRE:
        status, headers, body = _parse(_exchange(address, raw))
        if _from_server(body):
            status = -status
        bad = problems(wire_case, status, headers, body) if status > 0 else []
        tally(rows, wire_case, status, bad)
        if bad:
            failures.append((Case("malformed requests (wire)", b"RAW", raw[:120]), bad))
    seconds = time.monotonic() - started
    title = f"over HTTP (gunicorn at {url}): {len(sample) + len(_WIRE)} requests in {seconds:.1f} s"
    return _report(title, rows, failures, out)


def _report(title: str, rows: dict[str, dict[str, int]], failures: list[tuple[Case, list[str]]], out: Path) -> int:
    text = table(title, rows)
    print(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "a", encoding="utf-8") as f:
        f.write(text + "\n")
    if not failures:
        print("Every answer kept every rule.\n")
        return 0
    print(f"{len(failures)} answers broke a rule; the first of each kind:")
    kinds: dict[tuple[str, str], tuple[Case, list[str]]] = {}
    for case, bad in failures:
        kinds.setdefault((case.category, bad[0].split(":")[0][:40]), (case, bad))
    for case, bad in list(kinds.values())[:30]:
        headers = [(n, v[:80]) for n, v in case.headers[:4]]
        print(f"- [{case.category}] {case.method[:40]!r} {case.target[:150]!r} headers={headers!r}")
        print(f"  body={case.body[:120]!r}: {'; '.join(b[:300] for b in bad)}")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["inprocess", "http"])
    parser.add_argument("--url", help="the gunicorn server (mode http)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "hostile-results.md",
        help="the markdown file tables are appended to",
    )
    args = parser.parse_args(argv)
    if args.mode == "http":
        if not args.url:
            parser.error("http mode needs --url")
        return run_http(args.url, args.out)
    return run_inprocess(args.out)


if __name__ == "__main__":
    sys.exit(main())
