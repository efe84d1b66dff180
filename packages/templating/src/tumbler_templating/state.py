"""The plugin's per-app and per-blueprint state, and its config defaults.

Everything the plugin keeps lives in ``app.stash`` / ``blueprint.stash``
under the keys below, never in module globals, so two apps in one process
never share an environment, a loader or a context processor.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from tumbler import StashKey

if t.TYPE_CHECKING:
    import pluggy
    from jinja2 import BaseLoader
    from tumbler import App
    from tumbler.scaffold import Scaffold

    from .environment import Environment

__all__ = [
    "CONFIG_DEFAULTS",
    "ContextProcessor",
    "ContextProcessors",
    "TemplatingState",
    "app_override",
    "templating_state",
]

#: A context processor: called before each render, returns variables to add
#: (``async def`` ones too: they run through ``app.ensure_sync``).
ContextProcessor = t.Callable[[], "t.Mapping[str, t.Any] | t.Awaitable[t.Mapping[str, t.Any]]"]
#: Context processors by scope: ``None`` for the object itself, a dotted
#: blueprint name for the blueprints merged into an app.
ContextProcessors = dict["str | None", list[ContextProcessor]]

#: Config keys the plugin reads, with Flask's names and defaults.
CONFIG_DEFAULTS: dict[str, t.Any] = {
    # None: follow the app's debug flag.
    "TEMPLATES_AUTO_RELOAD": None,
    # True: log every template lookup and add it to TemplateNotFound.
    "EXPLAIN_TEMPLATE_LOADING": False,
}


@dataclass
class TemplatingState:
    """The plugin's data for one app: ``app.stash[STATE]``."""

    #: The app's Jinja environment, made on first use.
    env: Environment | None = None
    #: The app's context processors (``None``) and its blueprints' (dotted names).
    context_processors: ContextProcessors = field(default_factory=lambda: {None: []})
    #: Each context processor as ``app.ensure_sync`` made it, on first use.
    sync_processors: dict[ContextProcessor, t.Callable[[], t.Mapping[str, t.Any]]] = field(default_factory=dict)
    #: The plugin's own hooks on this app's manager (see :mod:`.hookspecs`);
    #: a caller stays the same object as plugins are registered.
    context_hook: pluggy.HookCaller | None = None
    before_render_hook: pluggy.HookCaller | None = None
    rendered_hook: pluggy.HookCaller | None = None


#: The plugin's state on an app (set by ``tumbler_configure``).
STATE: StashKey[TemplatingState] = StashKey("templating")
#: A blueprint's own context processors, merged into each app that registers it.
PROCESSORS: StashKey[ContextProcessors] = StashKey("templating.context_processors")
#: ``(folder, loader)``: a scaffold's loader, remade when its folder changes.
LOADER: StashKey[tuple[str | None, BaseLoader | None]] = StashKey("templating.loader")


def templating_state(app: App) -> TemplatingState:
    """The plugin's state on ``app``; a clear error when the plugin is not loaded there."""
    try:
        return app.stash[STATE]
    except KeyError:
        raise RuntimeError(
            f"The templating plugin is not loaded on the app {app.name!r}, so it cannot"
            " render templates. It is installed, but this app left it out: add"
            " 'templating' to App(plugins=[...]) or to the PLUGINS allow-list, or remove"
            " it from DISABLE_PLUGINS / TUMBLER_DISABLE_PLUGINS."
        ) from None


def app_override(obj: Scaffold, name: str) -> t.Any:
    """``obj.<name>`` if the object's class defines it, else ``None``.

    An ``App`` or ``Blueprint`` subclass customises templating by defining
    attributes with Flask's names (``jinja_environment``, ``jinja_options``,
    ``create_jinja_environment``, ``create_global_jinja_loader``,
    ``select_jinja_autoescape``, ``update_template_context``, ``jinja_loader``);
    the plugin's function of the same name is the default and never looks up
    its own override. Instance attributes count too (``app.jinja_options = {...}``).
    """
    return getattr(obj, name, None)
