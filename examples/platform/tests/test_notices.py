"""The notices plugin implements the platform's hooks and cooperates with the
status plugin when it is there (here: loaded or denied; the session's first
phase also runs tests_without_status/ with status not installed at all)."""

from __future__ import annotations


def test_notices_alone_with_the_core_app(make):
    app = make(only=["notices"], NOTICES=["Lunch is at noon."])
    assert "status" not in app.plugins
    page = app.test_client().get("/")
    assert 'id="card-notices"' in page.text and "<li>Lunch is at noon.</li>" in page.text
    assert '<a href="/#card-notices">Notices</a>' in page.text


def test_without_notices_configured_the_card_says_so(make):
    page = make(only=["notices"]).test_client().get("/")
    assert "No notices." in page.text


def test_with_status_it_adds_a_health_check(make):
    app = make(only=["notices", "status"], NOTICES=["a", "b"])
    health = app.test_client().get("/status/health.json").json
    assert health["checks"]["notices"] == {"ok": True, "detail": "2 notices"}


def test_with_status_a_bad_setting_fails_its_check(make):
    app = make(only=["notices", "status"], NOTICES="not a list")
    health = app.test_client().get("/status/health.json")
    assert health.status_code == 503
    assert "NOTICES must be a list of strings" in health.json["checks"]["notices"]["detail"]


def test_without_status_its_check_hook_is_simply_unused(make):
    app = make(only=["notices"])
    assert app.plugins.call_order("toolbox_status_checks") == ["notices"]
    assert not app.plugins.hook.toolbox_status_checks.has_spec()
    assert app.test_client().get("/status/").status_code == 404
