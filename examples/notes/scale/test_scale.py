"""Two gunicorn instances of the example (``a`` and ``b``) behind nginx, sharing PostgreSQL and Redis,
checked through nginx: they behave as one app, and losing one loses nothing nginx can retry.

The tests run in file order; the last one kills instance ``b``.
"""

from __future__ import annotations

import os
import secrets
import signal
import threading
import time

from conftest import REPORT

PASSWORD = "scale-password-1"


def _new_user(make_client):
    """A registered, logged-in client and its username."""
    client = make_client()
    username = f"u{secrets.token_hex(4)}"
    response = client.post("/auth/register", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.text
    return client, username


def _instances(responses) -> set[str]:
    return {response.headers["X-Notes-Instance"] for response in responses}


def test_requests_reach_both_instances(make_client):
    client = make_client()
    responses = [client.get("/auth/login") for _ in range(10)]
    assert all(response.status_code == 200 for response in responses)
    assert _instances(responses) == {"a", "b"}


def test_a_login_on_one_instance_is_honoured_by_the_other(make_client):
    client, username = _new_user(make_client)
    client.cookies.clear()
    login = client.login(username, PASSWORD)
    assert login.status_code == 302
    responses = [client.get("/api/notes") for _ in range(6)]
    assert [response.status_code for response in responses] == [200] * 6
    assert _instances(responses) == {"a", "b"}


def test_a_note_made_through_one_instance_is_read_through_the_other(make_client):
    client, _ = _new_user(make_client)
    made = client.post("/api/notes", json={"title": "Shared", "body": "written on one server"})
    assert made.status_code == 201, made.text
    writer = made.headers["X-Notes-Instance"]
    reads = [client.get(made.headers["Location"]) for _ in range(4)]
    other = [read for read in reads if read.headers["X-Notes-Instance"] != writer]
    assert other, "every read went to the writing instance"
    assert all(read.status_code == 200 and read.json()["body"] == "written on one server" for read in other)


def _ended_everywhere(thief) -> None:
    responses = [thief.get("/api/notes") for _ in range(6)]
    assert [response.status_code for response in responses] == [401] * 6
    assert _instances(responses) == {"a", "b"}


def test_logout_ends_the_session_on_both_instances(make_client):
    client, _ = _new_user(make_client)
    thief = make_client()
    thief.cookies.update(client.cookies)
    assert {thief.get("/api/notes").status_code for _ in range(4)} == {200}
    assert client.post("/auth/logout").status_code == 302
    _ended_everywhere(thief)


def test_a_password_change_ends_other_sessions_on_both_instances(make_client):
    client, username = _new_user(make_client)
    thief = make_client()
    thief.cookies.update(client.cookies)
    changed = client.post("/auth/password", data={"current_password": PASSWORD, "new_password": "a-new-password-2"})
    assert changed.status_code == 302, changed.text
    _ended_everywhere(thief)
    assert {client.get("/api/notes").status_code for _ in range(4)} == {200}  # this session goes on
    assert make_client().login(username, "a-new-password-2").status_code == 302


def test_the_login_throttle_counts_attempts_on_both_instances(make_client):
    _, username = _new_user(make_client)
    attacker = make_client()
    failures = [attacker.login(username, "wrong guess") for _ in range(5)]
    assert [response.status_code for response in failures] == [400] * 5
    assert _instances(failures) == {"a", "b"}  # neither instance saw five on its own
    blocked = [attacker.login(username, PASSWORD) for _ in range(2)]
    assert [response.status_code for response in blocked] == [429, 429]
    assert _instances(blocked) == {"a", "b"}
    assert int(blocked[0].headers["Retry-After"]) > 0


def test_killing_an_instance_mid_run_loses_no_retryable_request_and_no_data(make_client):
    client, _ = _new_user(make_client)
    results: list[tuple[str, int, str, float]] = []  # (method, status, instance, time)
    created: list[str] = []
    stop = threading.Event()

    def record(method: str, response) -> None:
        results.append((method, response.status_code, response.headers.get("X-Notes-Instance", "-"), time.monotonic()))

    def traffic() -> None:
        # Three requests a round over two servers, so each server gets writes and reads.
        number = 0
        while not stop.is_set():
            number += 1
            made = client.post("/api/notes", json={"title": f"note {number}", "body": "failover"})
            record("POST", made)
            if made.status_code == 201:
                created.append(made.headers["Location"])
                record("GET", client.get(made.headers["Location"]))
            record("GET", client.get("/api/notes"))

    worker = threading.Thread(target=traffic)
    worker.start()
    try:
        while len(results) < 40:
            time.sleep(0.01)
        killed_at = time.monotonic()
        os.killpg(int(os.environ["NOTES_SCALE_KILL_GROUP"]), signal.SIGKILL)  # instance b, master and workers
        # Long enough for nginx to try the dead server again (fail_timeout=1s).
        while len([r for r in results if r[3] > killed_at]) < 40 or time.monotonic() < killed_at + 2.5:
            time.sleep(0.01)
    finally:
        stop.set()
        worker.join(timeout=60)

    after = [r for r in results if r[3] > killed_at]
    failed = [r for r in results if r[1] not in (200, 201)]
    refused, cut = _upstream_errors()
    REPORT.append(
        f"failover: {len(results)} requests, b killed after {len(results) - len(after)};"
        f" {len(after)} after the kill, answered by {sorted({r[2] for r in after})};"
        f" failed: {[(method, status) for method, status, _, _ in failed] or 'none'};"
        f" nginx found b refusing {refused} time(s) and passed those requests to a;"
        f" cut off inside b: {cut or 'none'}"
    )
    # A GET can always be retried; a POST only if b had not received it, so at
    # most one POST per worker of b (2) may have died with it, and never silently.
    assert [r for r in failed if r[0] == "GET"] == []
    assert all(status == 502 for method, status, _, _ in failed)
    assert len(failed) <= 2
    assert {r[2] for r in results if r[3] < killed_at} == {"a", "b"}
    assert {r[2] for r in after[5:]} == {"a"}
    assert refused >= 1, "no request went to the dead instance: the failover was not exercised"
    # No data lost: every note the app confirmed is there, read through what is left.
    listed = {note["url"] for note in client.get("/api/notes").json()["notes"]}
    assert set(created) <= listed
    assert len(listed) - len(created) <= len(failed)  # a POST b stored before dying may exist unconfirmed


def _upstream_errors() -> tuple[int, list[str]]:
    """From nginx's error log: connections the dead instance refused (each request then went
    to the next server), and requests cut off while the instance was handling them."""
    with open(os.environ["NOTES_SCALE_NGINX_ERROR_LOG"], encoding="utf-8") as log:
        lines = [line for line in log if "upstream" in line and "[error]" in line]
    refused = sum("while connecting to upstream" in line for line in lines)
    cut = [line.split('request: "', 1)[-1].split('"', 1)[0] for line in lines if "while connecting" not in line]
    return refused, cut
