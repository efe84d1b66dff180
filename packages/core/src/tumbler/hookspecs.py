"""The kernel's hook specifications, grouped by phase.

Plugins implement these with :data:`tumbler.hookimpl`. Every hook takes the
app as ``app``; an implementation may accept any subset of a hook's
arguments. Hooks marked *per request* are compiled into plain lists when
setup ends: one that no plugin implements costs nothing per request.
"""

from __future__ import annotations

import typing as t

import pluggy

if t.TYPE_CHECKING:
    from .app import App
    from .blueprints import Blueprint
    from .wrappers import Response

hookspec = pluggy.HookspecMarker("tumbler")

# --------------------------------------------------------------------------
# Phase 1: setup (run once per app)
# --------------------------------------------------------------------------


@hookspec(historic=True)
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Add a plugin's own hook specs: ``pluginmanager.add_hookspecs(module)``.

    Called once per plugin as it is registered (a historic hook, so plugins
    registered later are called too). Return value ignored.
    """


@hookspec
def tumbler_configure(app: App) -> None:
    """Set up the app: config defaults (``app.config.setdefault``), per-plugin
    state in ``app.stash``, URL converters, JSON provider tweaks.

    Called once, at the end of ``App.__init__``, after every plugin is
    registered. Return value ignored.
    """


@hookspec
def tumbler_setup_finished(app: App) -> None:
    """Setup is over: ``app`` is about to serve its first request. Check the
    config here (raise :class:`~tumbler.SetupError` with one sentence that
    names the key and the values allowed), compile per-request state, or
    register a plugin that only some apps need (it joins the pipeline).

    Called once per app, before its first request is routed, whatever that
    request gives (200, 404, 405 or 500). If it raises, the request fails
    and the next request calls it again: a misconfigured app serves nothing.
    Return value ignored.

    .. versionadded:: 0.2.0
    """


@hookspec
def tumbler_blueprint_registered(app: App, blueprint: Blueprint, name: str, options: dict[str, t.Any]) -> None:
    """A blueprint was registered on ``app`` under the dotted ``name``.

    Plugins with per-blueprint data (kept in ``blueprint.stash``) merge it into
    the app here. Called once per registration, nested blueprints included.
    Return value ignored.
    """


@hookspec(firstresult=True)
def tumbler_test_tool(app: App, kind: str, kwargs: dict[str, t.Any]) -> t.Any:
    """Make a test tool for ``app``: ``app.test_client(**kwargs)`` asks with
    ``kind="client"``, ``app.test_cli_runner(**kwargs)`` with ``kind="cli_runner"``.

    tumbler-testing answers it. Called on each of those calls, never per
    request (so never for a 404, 405 or 500). Return the tool, or ``None``
    for a kind you do not make; the first non-``None`` result wins. With no
    answer, the App method raises a ``RuntimeError`` naming tumbler-testing.

    .. versionadded:: 0.2.0
    """


# --------------------------------------------------------------------------
# Phase 2: context lifecycle (per request)
# --------------------------------------------------------------------------


@hookspec
def tumbler_appcontext_pushed(app: App) -> None:
    """An app context was pushed. Per request. Return value ignored."""


@hookspec
def tumbler_appcontext_popped(app: App) -> None:
    """An app context was popped, after its teardown. Per request. Return value ignored."""


@hookspec
def tumbler_teardown_appcontext(app: App, exc: BaseException | None) -> None:
    """The last pop of an app context, after the app's ``teardown_appcontext``
    functions; ``exc`` is the unhandled exception, if any. Per request.
    Return value ignored."""


@hookspec(firstresult=True)
def tumbler_request_started(app: App) -> t.Any:
    """A request context was pushed and routed; ``tumbler.request`` is usable.

    Called before URL value preprocessors and ``before_request`` functions.
    Per request. Return ``None`` to go on, or a view return value (str, dict,
    Response, ...) to answer the request without calling the view; the first
    non-``None`` result wins.
    """


@hookspec
def tumbler_teardown_request(app: App, exc: BaseException | None) -> None:
    """The request context is being popped, after the app's and blueprints'
    ``teardown_request`` functions. Runs even when the view raised. Per
    request. Return value ignored."""


# --------------------------------------------------------------------------
# Phase 3: the request pipeline (per request)
# --------------------------------------------------------------------------


@hookspec(firstresult=True)
def tumbler_make_response(app: App, rv: t.Any) -> t.Any:
    """Convert a view's return value of a type the kernel does not know
    (anything but str, bytes, dict, list, tuple, iterator, Response and WSGI
    callables). Return a ``Response`` (or another value the kernel converts),
    or ``None`` to pass; the first non-``None`` result wins."""


@hookspec
def tumbler_process_response(app: App, response: Response) -> None:
    """Change the response in place (headers, cookies) after the
    ``after_request`` functions ran. Per request. Return value ignored."""


@hookspec
def tumbler_request_exception(app: App, exception: BaseException) -> None:
    """An exception that no error handler caught reached the app, before the
    500 response is made (or the exception propagates). Return value ignored."""
