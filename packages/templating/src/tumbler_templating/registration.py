"""Setup-time API: context processors, template filters, tests and globals,
registered on an app or a blueprint.

Each function takes the app or blueprint first::

    @template_filter(app)
    def reverse(s):
        return s[::-1]

    @context_processor(bp)          # only for this blueprint's requests
    def inject_user():
        return {"user": load_user()}

Filters, tests and globals live in the app's Jinja environment, so on a
blueprint they apply app-wide once it is registered (Flask's
``app_template_filter`` and friends). Like every setup method, these fail
once the app has handled a request or the blueprint has been registered.
"""

from __future__ import annotations

import typing as t

from tumbler import App, Blueprint

from .environment import jinja_env
from .state import PROCESSORS, ContextProcessor, ContextProcessors, templating_state

if t.TYPE_CHECKING:
    from tumbler.blueprints import BlueprintSetupState
    from tumbler.scaffold import Scaffold

__all__ = [
    "add_template_filter",
    "add_template_global",
    "add_template_test",
    "app_context_processor",
    "context_processor",
    "template_context_processors",
    "template_filter",
    "template_global",
    "template_test",
]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
P = t.TypeVar("P", bound=ContextProcessor)
_Kind = t.Literal["filters", "tests", "globals"]


# -- context processors ------------------------------------------------------


def template_context_processors(scaffold: Scaffold) -> ContextProcessors:
    """The context processors of an app or blueprint, by scope: ``None`` for
    its own; on an app, also each registered blueprint's under its dotted name."""
    if isinstance(scaffold, App):
        return templating_state(scaffold).context_processors
    return scaffold.stash.setdefault(PROCESSORS, {None: []})


@t.overload
def context_processor(scaffold: Scaffold, f: None = None) -> t.Callable[[P], P]: ...
@t.overload
def context_processor(scaffold: Scaffold, f: P) -> P: ...
def context_processor(scaffold: Scaffold, f: P | None = None) -> P | t.Callable[[P], P]:
    """Register ``f()``, which returns a dict of variables for every template
    rendered; on a blueprint, only those rendered while it handles the request.
    Variables passed to ``render_template`` win over these.

    Call it as ``context_processor(app, f)`` or decorate with ``@context_processor(app)``.
    """
    if f is None:
        return lambda func: context_processor(scaffold, func)
    scaffold._check_setup_finished("context_processor")
    template_context_processors(scaffold).setdefault(None, []).append(f)
    return f


@t.overload
def app_context_processor(blueprint: Blueprint, f: None = None) -> t.Callable[[P], P]: ...
@t.overload
def app_context_processor(blueprint: Blueprint, f: P) -> P: ...
def app_context_processor(blueprint: Blueprint, f: P | None = None) -> P | t.Callable[[P], P]:
    """Like :func:`context_processor`, but for every template of the apps
    that register ``blueprint``."""
    if not isinstance(blueprint, Blueprint):
        raise TypeError(
            f"app_context_processor() takes a blueprint, not {blueprint!r}. On an app use context_processor(app, f)."
        )
    if f is None:
        return lambda func: app_context_processor(blueprint, func)
    blueprint._check_setup_finished("app_context_processor")
    func = f

    def register(state: BlueprintSetupState) -> None:
        context_processor(state.app, func)

    blueprint.record_once(register)
    return f


# -- filters, tests and globals ----------------------------------------------


def _add(scaffold: Scaffold, kind: _Kind, f: t.Callable[..., t.Any], name: str | None, setup_name: str) -> None:
    key = name or f.__name__
    if isinstance(scaffold, App):
        scaffold._check_setup_finished(setup_name)
        getattr(jinja_env(scaffold), kind)[key] = f
    elif isinstance(scaffold, Blueprint):

        def register(state: BlueprintSetupState) -> None:
            getattr(jinja_env(state.app), kind)[key] = f

        scaffold._check_setup_finished(setup_name)
        scaffold.record_once(register)
    else:
        raise TypeError(f"{setup_name}() takes an App or a Blueprint, not {scaffold!r}.")


def add_template_filter(scaffold: Scaffold, f: t.Callable[..., t.Any], name: str | None = None) -> None:
    """Make ``f`` the template filter ``name`` (default: its function name)."""
    _add(scaffold, "filters", f, name, "add_template_filter")


def template_filter(scaffold: Scaffold, name: str | None = None) -> t.Callable[[F], F]:
    """Decorator form of :func:`add_template_filter`: ``@template_filter(app)``."""

    def decorator(f: F) -> F:
        _add(scaffold, "filters", f, name, "template_filter")
        return f

    return decorator


def add_template_test(scaffold: Scaffold, f: t.Callable[..., bool], name: str | None = None) -> None:
    """Make ``f`` the template test ``name`` (``{% if x is name %}``)."""
    _add(scaffold, "tests", f, name, "add_template_test")


def template_test(scaffold: Scaffold, name: str | None = None) -> t.Callable[[F], F]:
    """Decorator form of :func:`add_template_test`: ``@template_test(app)``."""

    def decorator(f: F) -> F:
        _add(scaffold, "tests", f, name, "template_test")
        return f

    return decorator


def add_template_global(scaffold: Scaffold, f: t.Callable[..., t.Any], name: str | None = None) -> None:
    """Make ``f`` available in every template as ``name``."""
    _add(scaffold, "globals", f, name, "add_template_global")


def template_global(scaffold: Scaffold, name: str | None = None) -> t.Callable[[F], F]:
    """Decorator form of :func:`add_template_global`: ``@template_global(app)``."""

    def decorator(f: F) -> F:
        _add(scaffold, "globals", f, name, "template_global")
        return f

    return decorator
