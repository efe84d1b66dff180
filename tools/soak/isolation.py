"""Isolation check: concurrent clients, each echoing its own id through ``g``, the
session and a header after a short sleep in the view (sync and async views), under
gunicorn's gthread workers (8 threads) and werkzeug's threaded server. Any answer
carrying another client's id is a crossed value."""

from __future__ import annotations

import http.client
import json
import typing as t
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from servers import Server, serve


def _client(server: Server, ident: str, rounds: int) -> tuple[int, int, list[str]]:
    """One client: log in as ``ident``, then echo it ``rounds`` times through each view."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    requests = errors = 0
    crossed: list[str] = []
    try:
        conn.request("POST", f"/soak/login/{ident}")
        response = conn.getresponse()
        response.read()
        requests += 1
        cookie = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
        if response.status != 200 or not cookie:
            return requests, errors + 1, crossed
        for i in range(rounds):
            path = f"/soak/{'a' if i % 2 else ''}echo/{ident}"
            conn.request("GET", path, headers={"Cookie": cookie, "X-Soak-Id": ident})
            response = conn.getresponse()
            body = response.read()
            requests += 1
            if response.status != 200:
                errors += 1
                continue
            data = json.loads(body)
            seen = {**data, "echo header": response.getheader("X-Soak-Echo")}
            crossed += [f"{path}: {key}={value!r}" for key, value in seen.items() if value != ident]
    except OSError:
        errors += 1
    finally:
        conn.close()
    return requests, errors, crossed


def check(python: str, kind: str, clients: int, rounds: int, log_dir: Path) -> dict[str, t.Any]:
    args = ("--worker-class", "gthread", "--threads", "8", "--workers", "1") if kind == "gunicorn" else ()
    with serve(python, kind, {"SOAK_FRAMEWORK": "tumbler"}, log_dir / f"isolation-{kind}.log", args) as server:
        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(lambda n: _client(server, f"client{n}", rounds), range(clients)))
    crossed = [c for _, _, cs in results for c in cs]
    requests = sum(r for r, _, _ in results)
    errors = sum(e for _, e, _ in results)
    failures = [f"{len(crossed)} crossed values, e.g. {crossed[:3]}"] if crossed else []
    if errors:
        failures.append(f"{errors} failed requests")
    label = "gunicorn gthread (8 threads)" if kind == "gunicorn" else "werkzeug threaded"
    return {"check": f"isolation, {label}", "framework": "tumbler", "requests": requests, "errors": errors,
            "crossed": len(crossed), "failures": failures}  # fmt: skip
