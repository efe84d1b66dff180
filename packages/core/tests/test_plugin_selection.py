"""Selecting plugins (config against environment, deny-list checks, suggestions),
skipping broken ones on request, registering twice, and the listing of what
was not loaded."""

from __future__ import annotations

import types
import typing as t

import pytest
import tumbler
from tumbler import App, PluginError, PluginWarning, hookimpl

PLUGIN = """
from tumbler import hookimpl

@hookimpl
def tumbler_configure(app):
    app.config.setdefault("LOADED", []).append(__name__)
"""


@pytest.fixture
def installed(make_dist: t.Callable[..., t.Any]) -> None:
    """Three installed plugins: alpha and beta (one distribution), and request_id."""
    make_dist(
        "acme-ab",
        "1.0",
        {"alpha": "alpha_plugin", "beta": "beta_plugin"},
        {"alpha_plugin": PLUGIN, "beta_plugin": PLUGIN},
    )
    make_dist("tumbler-request-id", "0.2", {"request-id": "rid_plugin"}, {"rid_plugin": PLUGIN})


def _names(app: App) -> list[str]:
    return [info.name for info in app.plugins.list()]


# -- config against environment -------------------------------------------------------------


def test_a_config_key_that_is_set_replaces_its_environment_variable(
    installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUMBLER_PLUGINS", "alpha")
    monkeypatch.setenv("TUMBLER_PLUGINS_AUTOLOAD", "0")
    monkeypatch.setenv("TUMBLER_REQUIRE_PLUGINS", "gone")
    assert _names(App(__name__, config={"PLUGINS": "beta", "REQUIRE_PLUGINS": []})) == ["beta"]
    monkeypatch.delenv("TUMBLER_PLUGINS")
    assert _names(App(__name__, config={"PLUGINS_AUTOLOAD": True, "REQUIRE_PLUGINS": []})) == [
        "alpha",
        "beta",
        "request-id",
    ]
    # a key set to None counts as not set: the environment applies
    with pytest.raises(PluginError, match="requires the plugin 'gone'"):
        App(__name__, config={"REQUIRE_PLUGINS": None})


def test_deny_lists_of_config_and_environment_add_up(installed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUMBLER_DISABLE_PLUGINS", "alpha")
    assert _names(App(__name__, config={"DISABLE_PLUGINS": ["beta"]})) == ["request-id"]


def test_an_unknown_deny_list_name_is_an_error(installed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(PluginError) as info:
        App(__name__, config={"DISABLE_PLUGINS": ["alpah"]})
    assert str(info.value) == (
        "Unknown plugin 'alpah' in the deny-list (DISABLE_PLUGINS / TUMBLER_DISABLE_PLUGINS)."
        " Installed plugins: alpha, beta, request-id. Did you mean 'alpha'?"
        " Check the spelling, or install the distribution that provides 'alpah'."
    )
    monkeypatch.setenv("TUMBLER_DISABLE_PLUGINS", "typo")
    with pytest.raises(PluginError, match="Unknown plugin 'typo' in the deny-list"):
        App(__name__, plugins=[])
    # denying an installed plugin that was not selected anyway is fine
    monkeypatch.setenv("TUMBLER_DISABLE_PLUGINS", "beta")
    assert _names(App(__name__, plugins=["alpha"])) == ["alpha"]


# -- suggestions for the canonical name ------------------------------------------------------


def test_require_plugins_suggests_the_plugin_name_for_a_distribution_name(installed: None) -> None:
    with pytest.raises(PluginError) as info:
        App(__name__, require_plugins=["tumbler-request-id>=0.1"])
    assert str(info.value) == (
        "This app requires the plugin 'tumbler-request-id>=0.1', but no installed plugin has that name."
        " Did you mean 'request-id'? Plugins go by their entry-point name (tumbler-request-id provides 'request-id')."
    )
    with pytest.raises(PluginError, match="Did you mean 'request-id'"):
        App(__name__, require_plugins=["request_id"])
    with pytest.raises(PluginError, match="Did you mean 'request-id'"):
        App(__name__, plugins=["tumbler_request_id"])
    App(__name__, require_plugins=["request-id>=0.2"])


# -- registering twice, objects of installed plugins ----------------------------------------------


def test_a_plugin_given_by_name_and_as_its_object_is_a_clear_error(installed: None) -> None:
    import alpha_plugin  # type: ignore[import-not-found]

    with pytest.raises(PluginError) as info:
        App(__name__, plugins=["alpha", alpha_plugin])
    assert str(info.value) == (
        "App(plugins=...) names the plugin 'alpha' twice (by name, or as its object). Pass each plugin"
        " once (give plugin objects distinct 'tumbler_plugin_name' attributes)."
    )
    app = App(__name__, plugins=["alpha"])
    with pytest.raises(PluginError) as info:
        app.plugins.register(alpha_plugin, name="alpha-again")
    assert str(info.value) == (
        "Plugin 'alpha-again' is the object already registered on this app as 'alpha'."
        " Register each plugin once: by its name or as an object, not both."
    )


def test_a_plugin_object_of_an_installed_distribution_is_listed_with_it(installed: None) -> None:
    import rid_plugin  # type: ignore[import-not-found]

    info = App(__name__, plugins=[rid_plugin]).plugins["request-id"]
    assert (info.distribution, info.version, info.plugin) == ("tumbler-request-id", "0.2", rid_plugin)
    assert App(__name__, plugins=[types.ModuleType("local_plugin")]).plugins["local_plugin"].distribution is None


# -- broken plugins (issue 17) ----------------------------------------------------------------


@pytest.fixture
def broken(installed: None, make_dist: t.Callable[..., t.Any]) -> None:
    make_dist("broken-dist", "1.0", {"broken": "broken_plugin"}, {"broken_plugin": "import no_such_library\n"})


def test_a_broken_plugin_stops_startup_by_default(broken: None) -> None:
    with pytest.raises(PluginError, match="Plugin 'broken' .* failed to import"):
        App(__name__)


def test_skip_broken_plugins_warns_and_skips_an_autoloaded_plugin(
    broken: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.warns(PluginWarning) as record:
        app = App(__name__, config={"SKIP_BROKEN_PLUGINS": True})
    assert _names(app) == ["alpha", "beta", "request-id"]
    message = str(record[0].message)
    assert message.startswith("Plugin 'broken' (from broken-dist, broken_plugin) failed to import: ModuleNotFoundError")
    assert message.endswith("Skipped, as SKIP_BROKEN_PLUGINS is on.")
    assert app.plugins.not_loaded()["broken"].startswith("failed: Plugin 'broken'")
    monkeypatch.setenv("TUMBLER_SKIP_BROKEN_PLUGINS", "1")
    with pytest.warns(PluginWarning, match="Plugin 'broken'"):
        assert _names(App(__name__)) == ["alpha", "beta", "request-id"]
    with pytest.raises(PluginError, match="failed to import"):  # the config wins over the environment
        App(__name__, config={"SKIP_BROKEN_PLUGINS": False})


def test_skip_broken_plugins_never_skips_a_plugin_the_app_asked_for(
    broken: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUMBLER_SKIP_BROKEN_PLUGINS", "1")
    with pytest.raises(PluginError, match="failed to import"):
        App(__name__, require_plugins=["broken"])
    with pytest.raises(PluginError, match="failed to import"):
        App(__name__, config={"PLUGINS": ["alpha", "broken"]})
    with pytest.raises(PluginError, match="failed to import"):
        App(__name__, plugins=["broken"])


# -- what was not loaded, and why ---------------------------------------------------------------


def test_not_loaded_says_why(installed: None) -> None:
    def reasons(app: App) -> dict[str, str]:
        return app.plugins.not_loaded()

    assert reasons(App(__name__)) == {}
    assert reasons(App(__name__, config={"DISABLE_PLUGINS": "beta"})) == {
        "beta": "denied (DISABLE_PLUGINS / TUMBLER_DISABLE_PLUGINS)"
    }
    assert reasons(App(__name__, config={"PLUGINS": "beta"})) == {
        "alpha": "not in the allow-list (PLUGINS / TUMBLER_PLUGINS)",
        "request-id": "not in the allow-list (PLUGINS / TUMBLER_PLUGINS)",
    }
    assert set(reasons(App(__name__, config={"PLUGINS_AUTOLOAD": False})).values()) == {
        "not autoloaded (PLUGINS_AUTOLOAD / TUMBLER_PLUGINS_AUTOLOAD is off)"
    }
    assert reasons(App(__name__, plugins=["alpha"])) == {
        "beta": "not in App(plugins=...)",
        "request-id": "not in App(plugins=...)",
    }


def test_call_order_puts_wrappers_and_tryfirst_first() -> None:
    class First:
        tumbler_plugin_name = "first"

        @hookimpl(tryfirst=True)
        def tumbler_process_response(self, response: tumbler.Response) -> None:
            pass

    class Wraps:
        tumbler_plugin_name = "wraps"

        @hookimpl(wrapper=True)
        def tumbler_process_response(self, response: tumbler.Response) -> t.Any:
            return (yield)

    class Plain:
        tumbler_plugin_name = "plain"

        @hookimpl
        def tumbler_process_response(self, response: tumbler.Response) -> None:
            pass

    app = App(__name__, plugins=[Plain(), First(), Wraps()])
    assert app.plugins.call_order("tumbler_process_response") == ["wraps", "first", "plain"]
    impls = app.plugins.manager.hook.tumbler_process_response.get_hookimpls()
    assert {i.plugin_name: (i.tryfirst, i.wrapper) for i in impls} == {
        "plain": (False, False),
        "first": (True, False),
        "wraps": (False, True),
    }
