"""Run by the platform session before the other plugins are installed: with
toolbox-status NOT installed, the notices plugin (whose health check
cooperates with status) loads and works, and a deployment requiring status
fails with the platform's message."""

from __future__ import annotations

import importlib.util
import json

import pytest
import toolbox


@pytest.fixture(autouse=True)
def _status_is_not_installed():
    assert importlib.util.find_spec("toolbox_status") is None, "run this folder where toolbox-status is not installed"


def test_notices_works_without_status(tmp_path, monkeypatch):
    monkeypatch.delenv("TUMBLER_DISABLE_PLUGINS", raising=False)
    site = tmp_path / "site.json"
    site.write_text(json.dumps({"PLUGINS": ["notices"], "NOTICES": ["Hello"]}))
    app = toolbox.create_app(str(site), {"TESTING": True}, instance_path=str(tmp_path / "instance"))
    assert "notices" in app.plugins and "status" not in app.plugins
    page = app.test_client().get("/")
    assert "<li>Hello</li>" in page.text
    assert app.test_client().get("/status/").status_code == 404


def test_a_deployment_requiring_status_says_what_is_missing(tmp_path):
    site = tmp_path / "site.json"
    site.write_text(json.dumps({"REQUIRE_PLUGINS": ["status>=1.0"]}))
    with pytest.raises(toolbox.DeploymentError) as e:
        toolbox.create_app(str(site), instance_path=str(tmp_path / "instance"))
    message = str(e.value)
    assert message.startswith("The 'site' deployment cannot start:")
    assert "'status>=1.0'" in message and "no installed distribution provides it" in message
