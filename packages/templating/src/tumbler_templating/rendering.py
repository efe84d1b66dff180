"""Rendering: ``render_template`` and friends, and the template context.

Every render runs with the current app (an app context must be active) and
fills the context in this order, later ones winning: ``g`` and ``request``,
what plugins contribute (``tumbler_template_context``), the app's context
processors, those of the blueprints handling the request (outermost first),
and finally the variables passed to the render function.
"""

from __future__ import annotations

import typing as t

from tumbler import (
    current_app,
    has_request_context,
    stream_with_context,
)
from tumbler.globals import _cv_app, _cv_request
from werkzeug.local import LocalProxy

from .environment import jinja_env
from .state import TemplatingState, app_override, templating_state

if t.TYPE_CHECKING:
    import pluggy
    from jinja2 import Template
    from tumbler import App, Request, RequestContext

__all__ = [
    "get_template_attribute",
    "render_template",
    "render_template_string",
    "stream_template",
    "stream_template_string",
    "update_template_context",
]

_CONTEXT_HOOK = "tumbler_template_context"

TemplateNames = t.Union[str, "Template", t.Sequence[t.Union[str, "Template"]]]


def render_template(template_name_or_list: TemplateNames, **context: t.Any) -> str:
    """Render a template by name (the first that exists, given a list).

    :param context: variables for the template; they win over context processors.
    """
    app = _current_app("render_template")
    template = jinja_env(app).get_or_select_template(template_name_or_list)  # type: ignore[arg-type]
    return _render(app, template, context)


def render_template_string(source: str, **context: t.Any) -> str:
    """Render a template given as a string (always autoescaped)."""
    app = _current_app("render_template_string")
    return _render(app, jinja_env(app).from_string(source), context)


def stream_template(template_name_or_list: TemplateNames, **context: t.Any) -> t.Iterator[str]:
    """Like :func:`render_template`, but yield the output in pieces, for a
    streamed response. In a request, the request context stays active until
    the stream is consumed."""
    app = _current_app("stream_template")
    template = jinja_env(app).get_or_select_template(template_name_or_list)  # type: ignore[arg-type]
    return _stream(app, template, context)


def stream_template_string(source: str, **context: t.Any) -> t.Iterator[str]:
    """Like :func:`render_template_string`, streamed (see :func:`stream_template`)."""
    app = _current_app("stream_template_string")
    return _stream(app, jinja_env(app).from_string(source), context)


def get_template_attribute(template_name: str, attribute: str) -> t.Any:
    """A macro or variable a template exports: ``get_template_attribute("_macros.html", "hello")("World")``."""
    app = _current_app("get_template_attribute")
    return getattr(jinja_env(app).get_template(template_name).module, attribute)


def update_template_context(app: App, context: dict[str, t.Any]) -> None:
    """Add ``g``, ``request``, what plugins contribute and what the context
    processors return to ``context``, in place; the variables already in
    ``context`` are kept."""
    state = templating_state(app)
    original = context.copy() if context else None
    scopes: t.Iterable[str | None] = (None,)
    a_ctx = _cv_app.get(None)
    if a_ctx is not None:
        context["g"] = a_ctx.g
    ctx = _cv_request.get(None)
    if ctx is not None:
        # a proxy to this request's Request: a template that never reads it
        # does not make the kernel build one
        context["request"] = _request_of(ctx)
        names = ctx.blueprint_names()
        if names:
            scopes = (None, *reversed(names))
    hook = state.context_hook
    if hook is not None:
        calls = app.plugins.calls(_CONTEXT_HOOK)
        # the first implementation called (tryfirst, or registered last) wins
        extras = reversed(hook(app=app)) if calls is None else [f(app) for f in reversed(calls)]
        for extra in extras:
            if extra is not None:
                _merge_contribution(context, extra, hook)
    processors = state.context_processors
    sync = state.sync_processors
    for scope in scopes:
        for func in processors.get(scope, ()):
            call = sync.get(func)
            if call is None:
                call = sync[func] = app.ensure_sync(func)
            context.update(call())
    if original:
        context.update(original)


def _request_of(ctx: RequestContext) -> Request:
    return t.cast("Request", LocalProxy(lambda: ctx.request))


def _merge_contribution(context: dict[str, t.Any], extra: t.Any, hook: pluggy.HookCaller) -> None:
    try:
        context.update(extra)
    except (TypeError, ValueError):
        names = ", ".join(impl.plugin_name for impl in hook.get_hookimpls())
        raise TypeError(
            f"A tumbler_template_context implementation returned {type(extra).__name__!r};"
            f" it must return a dict of template variables or None (implemented by: {names})."
        ) from None


def _current_app(function: str) -> App:
    try:
        return t.cast("App", current_app._get_current_object())  # type: ignore[attr-defined]
    except RuntimeError:
        raise RuntimeError(
            f"{function}() needs an application context, and none is active. Call it"
            " from a view, or push one first: 'with app.app_context():' (or"
            " 'with app.test_request_context():' to have a request as well)."
        ) from None


def _prepare(app: App, template: Template, context: dict[str, t.Any]) -> TemplatingState:
    override = app_override(app, "update_template_context")
    if override is not None:
        override(context)
    else:
        update_template_context(app, context)
    state = templating_state(app)
    _call(state.before_render_hook, app, template, context)
    return state


def _call(hook: pluggy.HookCaller | None, app: App, template: Template, context: dict[str, t.Any]) -> None:
    if hook is None:
        return
    # plain calls: a pluggy call per render costs more than most contexts
    calls = app.plugins.calls(hook.name)
    if calls is None:  # a hook wrapper among them: only pluggy can run it
        hook(app=app, template=template, context=context)
        return
    for f in calls:
        f(app, template, context)


def _render(app: App, template: Template, context: dict[str, t.Any]) -> str:
    state = _prepare(app, template, context)
    rv = template.render(context)
    _call(state.rendered_hook, app, template, context)
    return rv


def _stream(app: App, template: Template, context: dict[str, t.Any]) -> t.Iterator[str]:
    state = _prepare(app, template, context)

    def generate() -> t.Iterator[str]:
        yield from template.generate(context)
        _call(state.rendered_hook, app, template, context)

    rv = generate()
    if has_request_context():
        rv = stream_with_context(rv)
    return rv
