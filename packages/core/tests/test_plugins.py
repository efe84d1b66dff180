"""The plugin system: one manager per app, discovery and selection, required
plugins, own hook specs, validation, introspection and tracing."""

from __future__ import annotations

import logging
import re
import types
import typing as t

import pluggy
import pytest
import tumbler
from tumbler import App, PluginError, hookimpl
from werkzeug.test import Client

FOO = """
from tumbler import hookimpl

@hookimpl
def tumbler_configure(app):
    app.config.setdefault("LOADED", []).append("foo")
"""
BAR = FOO.replace('"foo"', '"bar"')
BAZ = FOO.replace('"foo"', '"baz"')


@pytest.fixture
def three(make_dist: t.Callable[..., t.Any]) -> None:
    """Three installed plugins: foo, bar (one distribution) and baz."""
    make_dist(
        "tumbler-foobar", "2.1.0", {"foo": "foo_plugin", "bar": "bar_plugin"}, {"foo_plugin": FOO, "bar_plugin": BAR}
    )
    make_dist("acme-baz", "0.3", {"baz": "baz_plugin"}, {"baz_plugin": BAZ})


def _names(app: App) -> list[str]:
    return [info.name for info in app.plugins.list()]


def test_no_plugins_installed() -> None:
    app = App(__name__)
    assert app.plugins.list() == []
    assert isinstance(app.plugins.manager, pluggy.PluginManager)


# -- discovery and selection ----------------------------------------------------


def test_autoload_in_name_order(three: None) -> None:
    app = App(__name__)
    assert _names(app) == ["bar", "baz", "foo"]
    assert app.config["LOADED"] == ["bar", "baz", "foo"]  # called in name order too
    info = app.plugins["foo"]
    assert (info.distribution, info.version, info.order) == ("tumbler-foobar", "2.1.0", 2)
    assert info.hooks == ("tumbler_configure",)
    assert "baz" in app.plugins and "nope" not in app.plugins
    assert list(app.plugins) == ["bar", "baz", "foo"]


def test_autoload_switch(three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _names(App(__name__, config={"PLUGINS_AUTOLOAD": False})) == []
    monkeypatch.setenv("TUMBLER_PLUGINS_AUTOLOAD", "0")
    assert _names(App(__name__)) == []
    # an allow-list still loads what it names
    assert _names(App(__name__, config={"PLUGINS": ["foo"]})) == ["foo"]
    # the config wins over the environment
    assert _names(App(__name__, config={"PLUGINS_AUTOLOAD": True})) == ["bar", "baz", "foo"]


def test_allow_list(three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _names(App(__name__, config={"PLUGINS": ["foo", "baz"]})) == ["foo", "baz"]  # in the list's order
    assert _names(App(__name__, config={"PLUGINS": "foo, bar"})) == ["foo", "bar"]
    monkeypatch.setenv("TUMBLER_PLUGINS", "baz")
    assert _names(App(__name__)) == ["baz"]
    assert _names(App(__name__, config={"PLUGINS": ["bar"]})) == ["bar"]


def test_deny_list(three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _names(App(__name__, config={"DISABLE_PLUGINS": ["foo"]})) == ["bar", "baz"]
    monkeypatch.setenv("TUMBLER_DISABLE_PLUGINS", "bar,baz")
    assert _names(App(__name__)) == ["foo"]
    # config and environment deny-lists add up, and win over the allow-list
    assert _names(App(__name__, config={"DISABLE_PLUGINS": "foo"})) == []
    assert _names(App(__name__, config={"PLUGINS": ["foo", "bar"]})) == ["foo"]
    assert _names(App(__name__, plugins=["foo", "bar"])) == ["foo"]


def test_explicit_plugins(three: None) -> None:
    assert _names(App(__name__, plugins=["baz"])) == ["baz"]
    assert _names(App(__name__, plugins=[])) == []

    class Local:
        tumbler_plugin_name = "local"

        @hookimpl
        def tumbler_configure(self, app: App) -> None:
            app.config["LOCAL"] = True

    app = App(__name__, plugins=["foo", Local()])
    assert _names(app) == ["foo", "local"]
    assert app.config["LOCAL"] is True
    assert app.plugins["local"].distribution is None


def test_module_objects_as_plugins() -> None:
    module = types.ModuleType("my_module_plugin")
    module.__version__ = "9.9"  # type: ignore[attr-defined]

    @hookimpl
    def tumbler_configure(app: App) -> None:
        app.config["MODULE"] = True

    module.tumbler_configure = tumbler_configure  # type: ignore[attr-defined]
    app = App(__name__, plugins=[module])
    assert app.config["MODULE"] is True
    assert app.plugins["my_module_plugin"].version == "9.9"


def test_unknown_plugin_names_say_what_is_installed(three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(PluginError) as info:
        App(__name__, plugins=["fooo"])
    message = str(info.value)
    assert "Unknown plugin 'fooo' in App(plugins=...)" in message
    assert "Installed plugins: bar, baz, foo." in message
    with pytest.raises(PluginError, match=r"Unknown plugin 'nope' in the allow-list \(PLUGINS / TUMBLER_PLUGINS\)"):
        App(__name__, config={"PLUGINS": ["nope"]})
    monkeypatch.setenv("TUMBLER_PLUGINS", "foo,typo")
    with pytest.raises(PluginError, match="Unknown plugin 'typo'"):
        App(__name__)


def test_unknown_plugin_when_none_is_installed() -> None:
    with pytest.raises(PluginError, match="Installed plugins: none"):
        App(__name__, plugins=["sessions"])


def test_plugin_that_fails_to_import(make_dist: t.Callable[..., t.Any]) -> None:
    make_dist("broken-dist", "1.0", {"broken": "broken_plugin"}, {"broken_plugin": "raise ImportError('no lib')\n"})
    with pytest.raises(PluginError) as info:
        App(__name__)
    message = str(info.value)
    assert "Plugin 'broken' (from broken-dist, broken_plugin) failed to import" in message
    assert "ImportError: no lib" in message
    assert "TUMBLER_DISABLE_PLUGINS=broken" in message
    assert _names(App(__name__, config={"DISABLE_PLUGINS": ["broken"]})) == []


def test_two_distributions_with_one_plugin_name(make_dist: t.Callable[..., t.Any]) -> None:
    make_dist("dist-one", "1.0", {"same": "same_plugin"}, {"same_plugin": ""})
    make_dist("dist-two", "1.0", {"same": "same_plugin"}, {})
    with pytest.raises(PluginError, match="Two distributions provide the plugin 'same': dist-one and dist-two"):
        App(__name__)


def test_one_manager_per_app() -> None:
    seen: list[tuple[str, str]] = []

    def plugin(label: str) -> object:
        class Plugin:
            tumbler_plugin_name = label

            @hookimpl
            def tumbler_request_started(self, app: App) -> None:
                seen.append((label, app.name))

        return Plugin()

    one = App("one", plugins=[plugin("a")])
    two = App("two", plugins=[plugin("b")])
    three = App("three", plugins=[])
    assert one.plugins.manager is not two.plugins.manager
    for app in (one, two, three):
        app.add_url_rule("/", "index", lambda: "x")
        Client(app).get("/")
    assert seen == [("a", "one"), ("b", "two")]
    assert _names(one) == ["a"] and _names(two) == ["b"] and _names(three) == []


def test_same_name_twice_is_an_error() -> None:
    class P:
        tumbler_plugin_name = "p"

    with pytest.raises(PluginError, match="App\\(plugins=...\\) names the plugin 'p' twice"):
        App(__name__, plugins=[P(), P()])
    app = App(__name__, plugins=[P()])
    with pytest.raises(PluginError, match="A plugin named 'p' is already registered"):
        app.plugins.register(P())


# -- required plugins ----------------------------------------------------------------


def test_required_plugins_present(three: None) -> None:
    app = App(__name__, require_plugins=["foo>=2", "baz==0.3"])
    assert "foo" in app.plugins
    App(__name__, config={"REQUIRE_PLUGINS": ["bar"]})


def test_required_first_party_plugin_missing() -> None:
    with pytest.raises(PluginError) as info:
        App(__name__, require_plugins=["sessions>=0.1"])
    assert str(info.value) == (
        "This app requires the plugin 'sessions>=0.1', but no installed distribution provides it."
        " Fix: pip install tumbler-sessions."
    )


def test_required_third_party_plugin_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUMBLER_REQUIRE_PLUGINS", "graphql")
    with pytest.raises(PluginError, match="requires the plugin 'graphql'.*install the distribution that provides it"):
        App(__name__)


def test_required_plugin_too_old(three: None) -> None:
    with pytest.raises(PluginError) as info:
        App(__name__, require_plugins=["foo>=3"])
    assert str(info.value) == (
        "This app requires the plugin 'foo>=3', but tumbler-foobar 2.1.0 is installed."
        " Fix: pip install 'tumbler-foobar>=3'."
    )


def test_required_plugin_denied_or_not_selected(three: None) -> None:
    with pytest.raises(PluginError, match="'foo' from tumbler-foobar, but it is denied"):
        App(__name__, require_plugins=["foo"], config={"DISABLE_PLUGINS": ["foo"]})
    with pytest.raises(PluginError, match=r"'foo' from tumbler-foobar, but it is not in App\(plugins=...\)"):
        App(__name__, plugins=["bar"], require_plugins=["foo"])
    with pytest.raises(PluginError) as info:
        App(__name__, config={"PLUGINS": "bar"}, require_plugins=["foo"])
    assert str(info.value) == (
        "This app requires the plugin 'foo' from tumbler-foobar, but it is not in the allow-list"
        " (PLUGINS / TUMBLER_PLUGINS). Enable it."
    )


def test_required_plugin_unreadable() -> None:
    with pytest.raises(PluginError, match="(?s)Cannot read the plugin requirement 'foo >> 1'.*'name>=1.0'"):
        App(__name__, require_plugins=["foo >> 1"])


# -- plugin hook specs and validation --------------------------------------------------


class _Specs:
    @staticmethod
    @pluggy.HookspecMarker("tumbler")
    def tumbler_greeting(app: App, name: str) -> str:  # type: ignore[empty-body]
        """Say hello to ``name``; first result wins."""


def test_plugins_add_hook_specs() -> None:
    class Declares:
        tumbler_plugin_name = "declares"

        @hookimpl
        def tumbler_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
            pluginmanager.add_hookspecs(_Specs)

    class Implements:
        tumbler_plugin_name = "implements"

        @hookimpl
        def tumbler_greeting(self, name: str) -> str:
            return f"hello {name}"

    # registered in name order: the implementation comes before the spec's plugin
    app = App(__name__, plugins=[Implements(), Declares()])
    assert app.plugins.hook.tumbler_greeting(app=app, name="you") == ["hello you"]


def test_undeclared_hook_is_an_error_naming_the_plugin() -> None:
    class Typo:
        tumbler_plugin_name = "typo-plugin"

        @hookimpl
        def tumbler_confgure(self, app: App) -> None:
            pass

    with pytest.raises(PluginError) as info:
        App(__name__, plugins=[Typo()])
    message = str(info.value)
    assert "Plugin 'typo-plugin' implements the hook 'tumbler_confgure'" in message
    assert "optionalhook=True" in message


def test_optional_hook_for_an_absent_plugin_is_fine() -> None:
    class Cooperates:
        @hookimpl(optionalhook=True)
        def tumbler_template_context(self, app: App) -> dict[str, t.Any]:
            return {}

    App(__name__, plugins=[Cooperates()])


def test_bad_hook_signature_names_the_plugin() -> None:
    class Wrong:
        tumbler_plugin_name = "wrong"

        @hookimpl
        def tumbler_configure(self, application: App) -> None:
            pass

    with pytest.raises(PluginError, match="(?s)Plugin 'wrong' cannot be loaded: .*application"):
        App(__name__, plugins=[Wrong()])


# -- order, introspection, tracing --------------------------------------------------------


def _plugin(name: str, **marks: t.Any) -> object:
    class Plugin:
        tumbler_plugin_name = name

        @hookimpl(**marks)
        def tumbler_configure(self, app: App) -> None:
            app.config.setdefault("ORDER", []).append(name)

    return Plugin()


def test_call_order_and_tryfirst_trylast() -> None:
    app = App(__name__, plugins=[_plugin("a"), _plugin("b", trylast=True), _plugin("c"), _plugin("d", tryfirst=True)])
    assert app.config["ORDER"] == ["d", "a", "c", "b"]  # equal priorities in the order given
    assert app.plugins.call_order("tumbler_configure") == ["d", "a", "c", "b"]
    assert app.plugins.call_order("tumbler_no_such_hook") == []
    assert [i.name for i in app.plugins.list()] == ["a", "b", "c", "d"]
    assert [i.order for i in app.plugins.list()] == [0, 1, 2, 3]


def test_the_order_given_in_app_plugins_is_the_call_order() -> None:
    names = ["m", "z", "a", "k"]
    one = App(__name__, plugins=[_plugin(n) for n in names])
    two = App(__name__, plugins=[_plugin(n) for n in reversed(names)])
    assert _names(one) == one.config["ORDER"] == names
    assert _names(two) == two.config["ORDER"] == names[::-1]
    assert [one.plugins[n].order for n in names] == [0, 1, 2, 3]


def test_register_during_setup_configures_the_plugin() -> None:
    app = App(__name__, plugins=[])
    app.plugins.register(_plugin("late"))
    assert app.config["ORDER"] == ["late"]
    assert "late" in app.plugins


def test_register_during_setup_compiles_request_hooks() -> None:
    class Header:
        @hookimpl
        def tumbler_process_response(self, response: tumbler.Response) -> None:
            response.headers["X-Late"] = "1"

    app = App(__name__, plugins=[])
    app.add_url_rule("/", "index", lambda: "x")
    app.plugins.register(Header(), name="late-header")
    assert Client(app).get("/").headers["X-Late"] == "1"


class _ShoutSpec:
    """A plugin's own hook, as a plugin declares it in tumbler_addhooks."""

    @tumbler.hookspecs.hookspec
    def tumbler_shout(self, app: App, word: str) -> str | None:
        """Return the word changed, or None."""


def _shouter(name: str, change: t.Callable[..., t.Any], **marks: t.Any) -> object:
    class Shouter:
        tumbler_plugin_name = name

        @hookimpl
        def tumbler_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
            if not hasattr(pluginmanager.hook, "tumbler_shout"):
                pluginmanager.add_hookspecs(_ShoutSpec)

    Shouter.tumbler_shout = hookimpl(**marks)(change)  # type: ignore[attr-defined]
    return Shouter()


def test_calls_are_plain_callables_in_call_order_taking_the_spec_arguments() -> None:
    upper = _shouter("upper", lambda self, word: word.upper())  # takes a subset of the arguments
    twice = _shouter("twice", lambda self, app, word: word * 2, tryfirst=True)
    app = App(__name__, plugins=[upper, twice])
    calls = app.plugins.calls("tumbler_shout")
    assert calls is not None
    assert [f(app, "hi") for f in calls] == ["hihi", "HI"]
    assert app.plugins.hook.tumbler_shout(app=app, word="hi") == ["hihi", "HI"]
    assert app.plugins.calls("tumbler_shout") is calls  # cached
    assert app.plugins.calls("tumbler_nobody_declares_this") == ()


def test_calls_follow_plugins_registered_later() -> None:
    app = App(__name__, plugins=[_shouter("upper", lambda self, word: word.upper())])
    assert len(app.plugins.calls("tumbler_shout") or ()) == 1
    app.plugins.register(_shouter("twice", lambda self, word: word * 2))
    assert [f(app, "hi") for f in app.plugins.calls("tumbler_shout") or ()] == ["hihi", "HI"]


def test_calls_of_a_hook_with_a_wrapper_is_none() -> None:
    def wrap(self: object, word: str) -> t.Any:
        return (yield)

    app = App(__name__, plugins=[_shouter("upper", lambda self, word: word.upper()), _shouter("w", wrap, wrapper=True)])
    assert app.plugins.calls("tumbler_shout") is None
    assert app.plugins.hook.tumbler_shout(app=app, word="hi") == ["HI"]


def test_register_during_setup_checks_hook_names() -> None:
    class Typo:
        @hookimpl
        def tumbler_nope(self) -> None:
            pass

    app = App(__name__, plugins=[])
    with pytest.raises(PluginError, match="implements the hook 'tumbler_nope'"):
        app.plugins.register(Typo(), name="typo")
    assert "typo" not in app.plugins
    assert app.plugins.manager.get_plugin("typo") is None


def test_register_after_the_first_request_fails() -> None:
    app = App(__name__, plugins=[])
    app.add_url_rule("/", "index", lambda: "x")
    Client(app).get("/")
    with pytest.raises(tumbler.SetupError, match="'plugins.register' can no longer be called"):
        app.plugins.register(_plugin("too-late"))


def test_trace_logs_every_hook_call(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    class Traced:
        tumbler_plugin_name = "traced"

        @hookimpl
        def tumbler_configure(self, app: App) -> None:
            pass

        @hookimpl
        def tumbler_request_started(self, app: App) -> str | None:
            return "answered" if tumbler.request.path == "/answer" else None

    monkeypatch.setenv("TUMBLER_TRACE_PLUGINS", "1")
    caplog.set_level(logging.INFO, logger="tumbler.plugins")
    app = App("traced_app", plugins=[Traced()])
    app.add_url_rule("/", "index", lambda: "x")
    client = Client(app)
    client.get("/")
    client.get("/answer")
    messages = [r.getMessage() for r in caplog.records if r.name == "tumbler.plugins"]
    pattern = r"hook (\S+)\(app=<App 'traced_app'>\) -> plugin traced returned (.+) in \d+\.\d{3} ms"
    calls = [m.groups() for m in map(re.compile(pattern).fullmatch, messages) if m]
    assert calls == [
        ("tumbler_configure", "None"),
        ("tumbler_request_started", "None"),
        ("tumbler_request_started", "'answered'"),
    ]
    assert len(messages) == 3  # hooks that nothing implements (process_response, ...) are not logged


def test_trace_is_off_by_default(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tumbler.plugins")
    App(__name__, plugins=[_plugin("quiet")])
    assert not [r for r in caplog.records if r.name == "tumbler.plugins"]


def test_trace_from_config(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tumbler.plugins")
    App(__name__, plugins=[_plugin("loud")], config={"TRACE_PLUGINS": True})
    assert any("-> plugin loud returned None" in r.getMessage() for r in caplog.records)


def test_plugin_state_lives_in_a_typed_stash() -> None:
    key = tumbler.StashKey[list[str]]("counter-plugin")

    class Counter:
        @hookimpl
        def tumbler_configure(self, app: App) -> None:
            app.stash[key] = []

        @hookimpl
        def tumbler_request_started(self, app: App) -> None:
            app.stash[key].append(tumbler.request.path)

    one, two = App("one", plugins=[Counter()]), App("two", plugins=[Counter()])
    for app in (one, two):
        app.add_url_rule("/<p>", "index", lambda p: p)
    Client(one).get("/x")
    Client(two).get("/y")
    Client(two).get("/z")
    assert one.stash[key] == ["/x"] and two.stash[key] == ["/y", "/z"]


def test_trace_adds_a_handler_only_when_nothing_would_show_it(monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger("tumbler.plugins")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    root_handler = logging.StreamHandler()
    monkeypatch.setattr(logging.root, "handlers", [root_handler])
    App(__name__, plugins=[], config={"TRACE_PLUGINS": True})
    assert logger.handlers == []  # the root handler shows the messages already
    monkeypatch.setattr(logging.root, "handlers", [])
    App(__name__, plugins=[], config={"TRACE_PLUGINS": True})
    assert len(logger.handlers) == 1
