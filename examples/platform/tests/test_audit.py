"""The audit plugin (behaviour only) alone with the core app, and on a plain
Tumbler app."""

from __future__ import annotations

import re

import toolbox_audit
from tumbler import App, g


def test_every_response_has_a_request_id_and_a_log_row(make):
    app = make(only=["audit"])
    client = app.test_client()
    first = client.get("/")
    second = client.get("/nowhere")
    ids = [first.headers["X-Request-Id"], second.headers["X-Request-Id"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and ids[0] != ids[1]
    rows = toolbox_audit.recent(app)
    assert [(r.method, r.path, r.status, r.request_id) for r in rows] == [
        ("GET", "/nowhere", 404, ids[1]),
        ("GET", "/", 200, ids[0]),
    ]
    assert all(r.duration_ms >= 0 for r in rows)


def test_a_well_formed_incoming_id_is_kept_a_bad_one_replaced(make):
    client = make(only=["audit"]).test_client()
    assert client.get("/", headers={"X-Request-Id": "abc-12345678"}).headers["X-Request-Id"] == "abc-12345678"
    replaced = client.get("/", headers={"X-Request-Id": "<script>; DROP TABLE audit_log"}).headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_static_files_are_not_logged(make):
    app = make(only=["audit"])
    assert app.test_client().get("/static/toolbox.css").status_code == 200
    assert toolbox_audit.recent(app) == []


def test_audit_adds_no_page_card_or_nav_entry(make):
    page = make(only=["audit"]).test_client().get("/")
    assert "No plugin contributes a card yet" in page.text
    assert "audit" not in page.text.lower()


def test_audit_works_on_a_plain_tumbler_app(tmp_path):
    app = App("plain", plugins=["audit", "testing"], config={"AUDIT_DATABASE": str(tmp_path / "a.db")})

    @app.get("/")
    def index():
        return g.request_id

    response = app.test_client().get("/")
    assert response.text == response.headers["X-Request-Id"]
    assert toolbox_audit.recent(app)[0].request_id == response.text
