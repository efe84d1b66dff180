"""The status plugin (pages and a blueprint) alone with the core app, and with
another plugin's failing check (a throw-away plugin made by plugin_tester)."""

from __future__ import annotations

BROKEN_CHECK = """
    from tumbler import hookimpl

    @hookimpl(optionalhook=True)
    def toolbox_status_checks(app):
        def disk():
            raise OSError("disk full")
        return {"disk": disk}
"""


def test_status_pages_alone_with_the_core_app(make):
    app = make(only=["status"])
    client = app.test_client()
    page = client.get("/status/")
    assert page.status_code == 200
    assert "2 of 2 checks pass" in page.text
    assert "instance folder" in page.text and "python" in page.text
    health = client.get("/status/health.json")
    assert health.status_code == 200
    assert health.json["ok"] is True
    assert set(health.json["checks"]) == {"python", "instance folder"}


def test_status_adds_a_nav_entry_and_a_card(make):
    page = make(only=["status"]).test_client().get("/")
    assert '<a href="/status/">Status</a>' in page.text
    assert 'id="card-health"' in page.text and "2 of 2 checks pass" in page.text


def test_a_failing_check_is_a_503_and_a_red_card(make, plugin_tester):
    plugin_tester.make_plugin("diskcheck", BROKEN_CHECK)
    app = make(only=["status"])  # denies only the example's features: diskcheck is autoloaded
    assert "diskcheck" in app.plugins
    client = app.test_client()
    health = client.get("/status/health.json")
    assert health.status_code == 503
    assert health.json["checks"]["disk"] == {"ok": False, "detail": "OSError: disk full"}
    assert "FAILED" in client.get("/status/").text
    card = client.get("/").text
    assert 'class="card level-error" id="card-health"' in card
    assert "failing: disk" in card
