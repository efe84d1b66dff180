"""Every plugin together on the core app."""

from __future__ import annotations

import toolbox_audit


def test_all_plugins_compose_one_dashboard(make):
    app = make(only=["status", "audit", "notices"], NOTICES=["Deploy freeze"])
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 200
    # cards by order: Health (10), Notices (20); nav likewise
    assert page.text.index('id="card-health"') < page.text.index('id="card-notices"')
    assert page.text.index(">Status</a>") < page.text.index(">Notices</a>")
    assert "3 of 3 checks pass" in page.text  # python, instance folder, notices
    assert [r.path for r in toolbox_audit.recent(app)] == ["/"]
    assert page.headers["X-Request-Id"] == toolbox_audit.recent(app)[0].request_id


def test_status_pages_are_audited_too(make):
    app = make(only=["status", "audit", "notices"])
    client = app.test_client()
    client.get("/status/")
    client.get("/status/health.json")
    assert [r.path for r in toolbox_audit.recent(app)] == ["/status/health.json", "/status/"]
