"""The core app alone: a layout, a dashboard, the platform's hooks, no feature."""

from __future__ import annotations

import pytest
import toolbox
from conftest import FEATURES
from toolbox import DeploymentError


def test_the_core_app_alone_has_an_empty_dashboard(make):
    app = make(only=[])
    assert set(toolbox.BASE_PLUGINS) <= set(app.plugins)
    assert not set(FEATURES) & set(app.plugins)
    page = app.test_client().get("/")
    assert page.status_code == 200
    assert "No plugin contributes a card yet" in page.text
    assert '<a href="/">Dashboard</a>' in page.text
    assert "/status/" not in page.text


def test_the_platform_declares_its_hooks(make):
    hook = make(only=[]).plugins.hook
    assert hook.toolbox_dashboard_cards.has_spec()
    assert hook.toolbox_nav_entries.has_spec()


def test_an_unknown_deployment_names_the_known_ones(make):
    with pytest.raises(DeploymentError, match=r"Unknown deployment 'stafff'.*Use one of public, staff"):
        make("stafff")


def test_a_deployment_file_that_is_not_json_names_the_file(make, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{'PLUGINS': []}")
    with pytest.raises(DeploymentError, match=r"bad.json is not valid JSON .*Fix the file"):
        make(str(bad))


def test_the_deployment_comes_from_the_environment(make, monkeypatch):
    monkeypatch.setenv("TOOLBOX_DEPLOYMENT", "staff")
    assert make().config["TOOLBOX_TITLE"] == "Toolbox for staff"
    monkeypatch.delenv("TOOLBOX_DEPLOYMENT")
    assert make().config["TOOLBOX_TITLE"] == "Toolbox"  # public, the default
