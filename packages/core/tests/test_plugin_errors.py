"""Errors a plugin author can make, and what they are told: each error names the
plugin, its distribution, the hook and what to change; nothing fails silently."""

from __future__ import annotations

import asyncio
import logging
import typing as t
import warnings

import pluggy
import pytest
import tumbler
from tumbler import App, PluginError, PluginWarning, hookimpl
from werkzeug.test import Client

CONFIGURE_RAISES = """
from tumbler import hookimpl

@hookimpl
def tumbler_configure(app):
    raise KeyError("REDIS_URL")
"""

STARTED_RAISES = """
from tumbler import hookimpl

@hookimpl
def tumbler_request_started(app):
    raise ValueError("bad request id")
"""


def _app(*plugins: object, **config: t.Any) -> App:
    app = App("errors_app", plugins=list(plugins), config=config)

    @app.route("/")
    def index() -> str:
        return "index"

    @app.errorhandler(500)
    def server_error(e: Exception) -> tuple[str, int]:
        return f"handled: {getattr(e, 'original_exception', e)!r}", 500

    return app


def _plugin(name: str, **hooks: t.Callable[..., t.Any]) -> object:
    """A plugin object named ``name`` implementing ``tumbler_<key>`` for each keyword."""
    namespace: dict[str, t.Any] = {"tumbler_plugin_name": name}
    for hook, func in hooks.items():
        namespace[f"tumbler_{hook}"] = staticmethod(hookimpl(func))
    return type(name.title().replace("-", ""), (), namespace)()


# -- errors that name the plugin ----------------------------------------------------


def test_a_failing_configure_stops_startup_naming_plugin_distribution_and_hook(
    make_dist: t.Callable[..., t.Any],
) -> None:
    make_dist("acme-cache", "1.2", {"cache": "cache_plugin"}, {"cache_plugin": CONFIGURE_RAISES})
    with pytest.raises(PluginError) as info:
        App(__name__)
    assert str(info.value) == (
        "The app cannot start: plugin 'cache' (from acme-cache 1.2), in its hook tumbler_configure raised"
        " KeyError: 'REDIS_URL'. Its traceback is above. Fix the plugin or its configuration, or disable it."
        " Fix: set TUMBLER_DISABLE_PLUGINS=cache or uninstall acme-cache."
    )
    assert isinstance(info.value.__cause__, KeyError)  # the original traceback is chained
    assert App(__name__, config={"DISABLE_PLUGINS": "cache"}).plugins.list() == []


def test_a_failing_setup_hook_of_a_plugin_object_is_named() -> None:
    def boom(app: App, blueprint: tumbler.Blueprint) -> None:
        raise RuntimeError("no")

    app = App(__name__, plugins=[_plugin("bp-watch", blueprint_registered=boom)])
    with pytest.raises(PluginError, match=r"plugin 'bp-watch', in its hook tumbler_blueprint_registered raised"):
        app.register_blueprint(tumbler.Blueprint("bp", __name__))


def test_an_error_not_raised_by_a_plugin_is_not_blamed_on_one() -> None:
    class Calls:
        @hookimpl
        def tumbler_configure(self, app: App) -> None:
            app.config["X"] = 1

    app = App(__name__, plugins=[Calls()])
    assert app.plugins.blame(ValueError()) is None


def test_a_per_request_hook_that_raises_is_named(make_dist: t.Callable[..., t.Any], caplog: t.Any) -> None:
    make_dist("acme-ids", "0.4", {"request-id": "ids_plugin"}, {"ids_plugin": STARTED_RAISES})
    app = _app("request-id")
    response = Client(app).get("/")
    assert response.status_code == 500
    assert response.text == "handled: ValueError('bad request id')"  # the app's 500 handler answered
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.exc_info is not None
    assert record.exc_info[1].__notes__ == [
        "tumbler: raised by plugin 'request-id' (from acme-ids 0.4), in its hook tumbler_request_started."
        " Fix: set TUMBLER_DISABLE_PLUGINS=request-id or uninstall acme-ids."
    ]
    # when the exception propagates (testing), the note travels with it
    app = _app("request-id", TESTING=True)
    with pytest.raises(ValueError) as info:
        Client(app).get("/")
    assert "plugin 'request-id' (from acme-ids 0.4), in its hook tumbler_request_started" in info.value.__notes__[0]


@pytest.mark.parametrize("hook", ["teardown_request", "teardown_appcontext", "appcontext_popped"])
def test_teardown_hooks_are_isolated(hook: str, caplog: pytest.LogCaptureFixture) -> None:
    ran: list[str] = []

    def fails(app: App) -> None:
        ran.append("fails")
        raise OSError("disk full")

    def works(app: App) -> None:
        ran.append("works")

    app = _app(_plugin("flaky", **{hook: fails}), _plugin("steady", **{hook: works}))
    response = Client(app).get("/")
    assert (response.status_code, response.text) == (200, "index")  # the response made is kept
    assert ran == ["fails", "works"]  # the next implementation still ran
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == (
        f"Error in plugin 'flaky', in its hook tumbler_{hook}; the response is kept and the other implementations"
        " still ran. Fix: set TUMBLER_DISABLE_PLUGINS=flaky."
    )
    assert isinstance(record.exc_info[1], OSError)  # type: ignore[index]
    assert not tumbler.has_app_context()


def test_a_failing_appcontext_pushed_reaches_the_apps_500_handler(caplog: pytest.LogCaptureFixture) -> None:
    def fails(app: App) -> None:
        raise LookupError("no tenant")

    app = _app(_plugin("tenant", appcontext_pushed=fails))
    response = Client(app).get("/")
    assert (response.status_code, response.text) == (500, "handled: LookupError('no tenant')")
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "in its hook tumbler_appcontext_pushed" in record.exc_info[1].__notes__[0]  # type: ignore[index]
    assert not tumbler.has_app_context() and not tumbler.has_request_context()


# -- nothing silent ------------------------------------------------------------------------


def test_async_hook_implementations_run_to_completion() -> None:
    seen: list[str] = []

    async def configure(app: App) -> None:
        await asyncio.sleep(0)
        app.config["ASYNC"] = True

    async def started(app: App) -> str | None:
        await asyncio.sleep(0)
        return "from async" if tumbler.request.path == "/short" else None

    async def processed(response: tumbler.Response) -> None:
        response.headers["X-Async"] = "1"

    async def teardown(exc: BaseException | None) -> None:
        await asyncio.sleep(0)
        seen.append("teardown")

    plugin = _plugin(
        "asyncp", configure=configure, request_started=started, process_response=processed, teardown_request=teardown
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "coroutine was never awaited"
        app = _app(plugin)
        client = Client(app)
        assert app.config["ASYNC"] is True
        assert client.get("/").headers["X-Async"] == "1"
        assert client.get("/short").text == "from async"
    assert seen == ["teardown", "teardown"]


def test_async_addhooks_is_refused_with_a_clear_message() -> None:
    async def addhooks(pluginmanager: pluggy.PluginManager) -> None:
        pass

    with pytest.raises(PluginError) as info:
        App(__name__, plugins=[_plugin("eager", addhooks=addhooks)])
    assert str(info.value) == (
        "Plugin 'eager' implements the hook 'tumbler_addhooks' with 'async def', but that hook is called while"
        " plugins register, before anything could run a coroutine. Make it a plain 'def'."
    )


def test_async_wrapper_is_refused_with_a_clear_message() -> None:
    class AsyncWrapper:
        tumbler_plugin_name = "timing"

        @hookimpl(wrapper=True)
        async def tumbler_process_response(self, response: tumbler.Response) -> None:
            pass

    with pytest.raises(PluginError) as info:
        App(__name__, plugins=[AsyncWrapper()])
    assert str(info.value) == (
        "Plugin 'timing' implements the wrapper 'tumbler_process_response' with 'async def'."
        " Make it a plain 'def' generator (pluggy drives it with 'yield')."
    )


def test_unmarked_tumbler_functions_warn_at_load() -> None:
    class Forgot:
        tumbler_plugin_name = "forgot"

        def tumbler_configure(self, app: App) -> None:
            app.config["NEVER"] = True

    with pytest.warns(PluginWarning) as record:
        app = App(__name__, plugins=[Forgot()])
    assert str(record[0].message) == (
        "Plugin 'forgot' has a function 'tumbler_configure' without @hookimpl, so it is never called."
        " Mark it @tumbler.hookimpl, or rename it."
    )
    assert "NEVER" not in app.config


def test_misspelled_hook_gets_the_closest_name() -> None:
    def configure(app: App) -> None:
        pass

    with pytest.raises(PluginError) as info:
        App(__name__, plugins=[_plugin("typo", confgure=configure)])
    assert str(info.value) == (
        "Plugin 'typo' implements the hook 'tumbler_confgure', which no loaded plugin declares."
        " Did you mean 'tumbler_configure'? Check the name for a typo, or mark it"
        " @hookimpl(optionalhook=True) if it cooperates with a plugin that may be absent."
    )


class _CliSpecs:
    @staticmethod
    @tumbler.hookspec
    def tumbler_cli_commands(app: App, group: object) -> None:
        """As tumbler-cli declares it."""


def test_misspelled_optional_hook_warns_with_the_closest_name() -> None:
    class Declares:
        tumbler_plugin_name = "cli"

        @hookimpl
        def tumbler_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
            pluginmanager.add_hookspecs(_CliSpecs)

    class Misspells:
        tumbler_plugin_name = "health"

        @hookimpl(optionalhook=True)
        def tumbler_cli_comands(self, app: App, group: object) -> None:
            pass

        @hookimpl(optionalhook=True)
        def tumbler_template_context(self, app: App) -> dict[str, t.Any]:  # for an absent plugin: fine
            return {}

    with pytest.warns(PluginWarning) as record:
        App(__name__, plugins=[Declares(), Misspells()])
    assert [str(w.message) for w in record] == [
        "Plugin 'health' implements the optional hook 'tumbler_cli_comands', which no loaded plugin declares,"
        " so it is never called. Did you mean 'tumbler_cli_commands'?"
    ]


def test_a_deprecated_hook_warns_its_implementers_once() -> None:
    class OldSpecs:
        @staticmethod
        @tumbler.hookspec(warn_on_impl=DeprecationWarning("tumbler_old_hook is deprecated: use tumbler_new_hook"))
        def tumbler_old_hook(app: App) -> None:
            """Deprecated."""

    class Declares:
        @hookimpl
        def tumbler_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
            pluginmanager.add_hookspecs(OldSpecs)

    class Implements:
        @hookimpl
        def tumbler_old_hook(self, app: App) -> None:
            pass

    with pytest.warns(DeprecationWarning, match="tumbler_old_hook is deprecated") as record:
        App(__name__, plugins=[Declares(), Implements()])
    assert len([w for w in record if issubclass(w.category, DeprecationWarning)]) == 1


def test_the_hookspec_marker_and_project_name_are_exported() -> None:
    assert tumbler.PROJECT_NAME == "tumbler"
    assert isinstance(tumbler.hookspec, pluggy.HookspecMarker)
    assert tumbler.hookspec.project_name == tumbler.hookimpl.project_name == tumbler.PROJECT_NAME
