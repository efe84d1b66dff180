"""The kernel's hook specifications, grouped by phase.

Plugins implement these with :data:`tumbler.hookimpl`; a plugin declares its
own hooks with :data:`tumbler.hookspec` in ``tumbler_addhooks``. Every hook
takes the app as ``app``; an implementation may accept any subset of a hook's
arguments, and may be ``async def`` (run to completion through
``app.ensure_sync``) except for ``tumbler_addhooks``. Hooks marked *per
request* are compiled into plain lists when setup ends: one that no plugin
implements costs nothing per request.

An exception from a setup hook stops the app's startup with a
:class:`~tumbler.PluginError` naming the plugin, its distribution and the hook
(the original exception chained). An exception from a per-request hook goes
through the app's error handling like a view's, with a note naming the plugin;
``tumbler_teardown_request``, ``tumbler_teardown_appcontext`` and
``tumbler_appcontext_popped`` are isolated instead: a failure is logged naming
the plugin, the other implementations still run and the response is kept.

To deprecate a hook: ``@hookspec(warn_on_impl=DeprecationWarning("..."))``;
pluggy warns once for each plugin that implements it, as it registers.
"""

from __future__ import annotations

import typing as t

import pluggy

if t.TYPE_CHECKING:
    from .app import App
    from .blueprints import Blueprint
    from .wrappers import Response

#: The pluggy project name: ``pluggy.PluginManager(PROJECT_NAME)`` and its markers.
PROJECT_NAME = "tumbler"
#: Marks a hook specification: ``@tumbler.hookspec`` (``firstresult=True``, ``historic=True``, ``warn_on_impl=...``).
hookspec = pluggy.HookspecMarker(PROJECT_NAME)

# --------------------------------------------------------------------------
# Phase 1: setup (run once per app)
# --------------------------------------------------------------------------


@hookspec(historic=True)
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Add a plugin's own hook specs: ``pluginmanager.add_hookspecs(module)``,
    where ``module`` (or a class) holds functions marked ``@tumbler.hookspec``.

    Called once per plugin as it is registered (a historic hook, so plugins
    registered later are called too), before ``tumbler_configure``; never per
    request, so never for a 404, 405 or 500. Must be a plain ``def`` (an
    ``async def`` is refused at registration). Return value ignored.

    Example::

        @tumbler.hookimpl
        def tumbler_addhooks(pluginmanager):
            pluginmanager.add_hookspecs(my_plugin.hookspecs)

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_configure(app: App) -> None:
    """Set up the app: config defaults (``app.config.setdefault``), per-plugin
    state in ``app.stash``, URL converters, JSON provider tweaks, routes.

    Called once, at the end of ``App.__init__``, after every plugin is
    registered (for a plugin registered later with ``app.plugins.register``,
    once for it alone). Never per request, so never for a 404, 405 or 500.
    Return value ignored. An exception stops startup with a
    :class:`~tumbler.PluginError` naming the plugin, the original chained.

    Example::

        @tumbler.hookimpl
        def tumbler_configure(app):
            app.config.setdefault("REQUEST_ID_HEADER", "X-Request-Id")

    .. versionadded:: 0.1.0
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
    the app here. Called once per registration, nested blueprints included;
    never per request, so never for a 404, 405 or 500. ``options`` are the
    registration options (``url_prefix``, ...). Return value ignored; an
    exception stops setup with a :class:`~tumbler.PluginError` naming the plugin.

    .. versionadded:: 0.1.0
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
def tumbler_request_received(app: App, environ: dict[str, t.Any]) -> None:
    """A request arrived, before its URL is matched. Per request.

    The request context is pushed (``tumbler.request``, ``g`` and
    ``current_app`` work) but ``request.url_rule`` is still ``None``. Changing
    ``environ`` (``PATH_INFO``, ``REQUEST_METHOD``, ...) changes what is
    matched: this is the hook for method overrides, path rewriting, and for
    timing a request from its start. Also pushing a ``test_request_context``
    calls it. Runs for every request, also those that end in 404, 405 or 500.

    Return value ignored: it cannot answer the request by returning. To answer
    early, raise an HTTP error (``tumbler.abort(403)``): the app's error
    handlers answer it as they answer a 404. Any other exception is answered
    by the app's normal error handling (its 500 handler), with a note naming
    the plugin; the request's teardown hooks then do not run (its context was
    never fully pushed). To answer with a value, use
    ``tumbler_request_started``.

    Example::

        @tumbler.hookimpl
        def tumbler_request_received(environ):
            method = environ.get("HTTP_X_HTTP_METHOD_OVERRIDE")
            if method and environ["REQUEST_METHOD"] == "POST":
                environ["REQUEST_METHOD"] = method.upper()

    .. versionadded:: 0.2.0
    """


@hookspec
def tumbler_appcontext_pushed(app: App) -> None:
    """An app context was pushed: once per request (before the URL is matched)
    and for each ``with app.app_context()``. Runs for every request, also
    those that end in 404, 405 or 500. Return value ignored.

    An exception during a request is answered by the app's normal error
    handling (its 500 handler), with a note naming the plugin; outside a
    request it propagates from ``push()``, leaving no context pushed.

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_appcontext_popped(app: App) -> None:
    """An app context was popped, after its teardown (no context is active
    any more). Once per request, also for 404, 405 and 500. Return value
    ignored. Isolated: an exception is logged on ``app.logger`` naming the
    plugin, the other implementations still run, the response is kept.

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_teardown_appcontext(app: App, exc: BaseException | None) -> None:
    """The last pop of an app context, after the app's ``teardown_appcontext``
    functions; ``exc`` is the unhandled exception, if any. Once per request:
    for a 404 or 405 ``exc`` is ``None`` (the error was handled); for a 500
    it is the exception the view raised. Return value ignored. Isolated: an
    exception is logged on ``app.logger`` naming the plugin, the other
    implementations still run, the response is kept.

    .. versionadded:: 0.1.0
    """


@hookspec(firstresult=True)
def tumbler_request_started(app: App) -> t.Any:
    """A request context was pushed and routed; ``tumbler.request`` is usable.

    Called before URL value preprocessors and ``before_request`` functions.
    Per request, also for one that will be a 404 or 405 (``request.url_rule``
    is ``None`` then, ``request.routing_exception`` the error) and before a
    view that will raise (500). Return ``None`` to go on, or a view return
    value (str, dict, Response, ...) to answer the request without calling the
    view; the first non-``None`` result wins. An exception goes through the
    app's error handlers like a view's, with a note naming the plugin.

    Example::

        @tumbler.hookimpl
        def tumbler_request_started(app):
            if app.config.get("MAINTENANCE"):
                return "Down for maintenance", 503

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_teardown_request(app: App, exc: BaseException | None) -> None:
    """The request context is being popped, after the app's and blueprints'
    ``teardown_request`` functions. Per request, after the response is made:
    for a 404 or 405 ``exc`` is ``None`` (the error was handled); for a 500 it
    is the exception the view raised. Return value ignored. Isolated: an
    exception is logged on ``app.logger`` naming the plugin, the other
    implementations still run, and the response already made is kept.

    .. versionadded:: 0.1.0
    """


# --------------------------------------------------------------------------
# Phase 3: the request pipeline (per request)
# --------------------------------------------------------------------------


@hookspec(firstresult=True)
def tumbler_make_response(app: App, rv: t.Any) -> t.Any:
    """Convert a view's return value of a type the kernel does not know
    (anything but str, bytes, dict, list, tuple, iterator, Response and WSGI
    callables). Return a ``Response`` (or another value the kernel converts),
    or ``None`` to pass; the first non-``None`` result wins. Per request, only
    when such a value is returned (by a view, a ``before_request`` function
    or an error handler); a 404, 405 or 500 answered by the kernel's own error
    page never calls it. An exception goes through the app's error handling.

    Example::

        @tumbler.hookimpl
        def tumbler_make_response(app, rv):
            if isinstance(rv, decimal.Decimal):
                return str(rv)

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_process_response(app: App, response: Response) -> None:
    """Change the response in place (headers, cookies) after the
    ``after_request`` functions ran. Per request, for every response made by
    the app, the 404, 405 and 500 error pages included. Return value
    ignored. An exception goes through the app's error handling (while the
    500 page itself is being made, it is logged and that page is sent).

    Example::

        @tumbler.hookimpl
        def tumbler_process_response(response):
            response.headers["X-Frame-Options"] = "DENY"

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_request_exception(app: App, exception: BaseException) -> None:
    """An exception that no error handler caught reached the app, before the
    500 response is made (or the exception propagates, in debug or testing).
    Only for a 500: never for a 404 or 405 (HTTP errors are answered, not
    unhandled), nor for an exception an error handler answered. Return value
    ignored.

    .. versionadded:: 0.1.0
    """
