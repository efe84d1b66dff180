"""The templating plugin's own hook specs, added to each app's plugin manager.

They are called only when some plugin implements them, so an app without
sessions or signals pays nothing for them. Every hook takes the app as
``app``; an implementation may accept any subset of a hook's arguments.
"""

from __future__ import annotations

import typing as t

from tumbler.hookspecs import hookspec

if t.TYPE_CHECKING:
    from jinja2 import Template
    from tumbler import App

    from .environment import Environment


@hookspec
def tumbler_template_context(app: App) -> dict[str, t.Any] | None:
    """Contribute variables to the context of every template ``app`` renders
    (the sessions plugin adds ``session`` and ``get_flashed_messages``).

    Called for each render, before the context processors, inside the app
    context (and the request context, when there is one). Return a dict of
    variables, or ``None`` to add nothing. Context processors and the
    variables passed to the render function win over these; between plugins,
    the one called first (``tryfirst``, or registered last) wins.

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_before_render_template(app: App, template: Template, context: dict[str, t.Any]) -> None:
    """A template is about to be rendered with ``context``, which is complete
    (context processors applied) and may still be changed in place.

    Called for every render (``render_template``, ``render_template_string``
    and the ``stream_*`` variants). Return value ignored.

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_template_rendered(app: App, template: Template, context: dict[str, t.Any]) -> None:
    """``template`` was rendered with ``context``; for a stream, once the
    stream is consumed. Return value ignored.

    .. versionadded:: 0.1.0
    """


@hookspec
def tumbler_jinja_environment(app: App, env: Environment) -> None:
    """``app``'s Jinja environment was just made: add real Jinja globals,
    filters and tests to it (``env.globals``, ``env.filters``, ``env.tests``),
    or extensions and policies.

    Called once per app, when the environment is made: at the first render or
    the first ``jinja_env(app)`` (registering a template filter, test or global
    during setup makes it). Never per request, so never for a 404, 405 or 500.
    Runs after the standard globals are set and before the app's own
    ``template_filter`` / ``template_test`` / ``template_global``
    registrations, which win a name clash. Return value ignored.

    .. versionadded:: 0.2.0
    """
