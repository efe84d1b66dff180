"""The two deployments select different plugin sets; `tumbler plugins` shows
each; a misconfigured deployment fails at startup with the platform's message."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from toolbox import DeploymentError
from tumbler_cli import main_group


def test_staff_loads_its_allow_list(make):
    app = make("staff")
    assert {"status", "audit", "notices"} <= set(app.plugins)
    assert not {"sessions", "signals"} & set(app.plugins)  # installed or not: not on the allow-list
    page = app.test_client().get("/")
    assert "Toolbox for staff" in page.text and "X-Request-Id" in page.headers


def test_public_loads_everything_installed_but_the_denied_audit(make):
    app = make("public")
    assert {"status", "notices"} <= set(app.plugins)
    assert "audit" not in app.plugins
    assert "X-Request-Id" not in app.test_client().get("/").headers


def test_the_environment_narrows_a_deployment(make, monkeypatch):
    monkeypatch.setenv("TUMBLER_DISABLE_PLUGINS", "notices")
    app = make("public")
    assert "notices" not in app.plugins and "status" in app.plugins


@pytest.mark.parametrize(
    ("name", "present", "absent"),
    [("staff", ["status", "audit", "notices"], []), ("public", ["status", "notices"], ["audit"])],
)
def test_tumbler_plugins_shows_each_set(name, present, absent, tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLBOX_INSTANCE_PATH", str(tmp_path))
    result = CliRunner().invoke(main_group, ["--app", f"toolbox:create_app({name!r})", "plugins"])
    assert result.exit_code == 0, result.output
    listed = {line.split()[1] for line in result.output.splitlines()[2:] if line.strip()}
    assert set(present) <= listed
    assert not set(absent) & listed
    assert "toolbox-status" in result.output and "1.2.0" in result.output


def test_a_missing_required_plugin_fails_at_startup(make, deployment):
    broken = deployment("broken", REQUIRE_PLUGINS=["billing>=1.0"])
    with pytest.raises(DeploymentError) as e:
        make(broken)
    message = str(e.value)
    assert message.startswith("The 'broken' deployment cannot start:")
    assert "'billing>=1.0'" in message and "no installed distribution provides it" in message


def test_a_denied_plugin_that_is_required_fails_at_startup(make, deployment):
    broken = deployment("broken", DISABLE_PLUGINS=["audit"], REQUIRE_PLUGINS=["audit"])
    with pytest.raises(DeploymentError, match=r"^The 'broken' deployment cannot start: .*'audit'.*DISABLE_PLUGINS"):
        make(broken)


def test_a_too_old_plugin_fails_at_startup(make, deployment):
    broken = deployment("broken", REQUIRE_PLUGINS=["status>=2.0"])
    with pytest.raises(DeploymentError, match=r"cannot start: .*pip install 'toolbox-status>=2.0'"):
        make(broken)


def test_the_platform_itself_cannot_be_denied(make, deployment):
    broken = deployment("broken", DISABLE_PLUGINS=["toolbox"])
    with pytest.raises(
        DeploymentError,
        match=r"^The 'broken' deployment cannot start: it denies toolbox, which the platform always needs",
    ):
        make(broken)


def test_a_typo_in_the_allow_list_fails_at_startup(make, deployment):
    broken = deployment("broken", PLUGINS=["statuss"])
    with pytest.raises(DeploymentError, match=r"cannot start: .*'statuss'"):
        make(broken)
