"""The templating plugin's hook implementations (entry point ``templating``)."""

from __future__ import annotations

import typing as t
import weakref

import pluggy
from tumbler import hookimpl

from . import hookspecs
from .registration import template_context_processors
from .state import CONFIG_DEFAULTS, PROCESSORS, STATE, TemplatingState

if t.TYPE_CHECKING:
    from tumbler import App, Blueprint

__all__ = [
    "tumbler_addhooks",
    "tumbler_blueprint_registered",
    "tumbler_cli_commands",
    "tumbler_configure",
]


@hookimpl
def tumbler_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


@hookimpl
def tumbler_configure(app: App) -> None:
    for key, value in CONFIG_DEFAULTS.items():
        app.config.setdefault(key, value)
    hook = app.plugins.hook
    app.stash[STATE] = TemplatingState(
        context_hook=hook.tumbler_template_context,
        before_render_hook=hook.tumbler_before_render_template,
        rendered_hook=hook.tumbler_template_rendered,
    )


@hookimpl
def tumbler_blueprint_registered(app: App, blueprint: Blueprint, name: str) -> None:
    """Scope the blueprint's context processors to its requests (its dotted name)."""
    own = blueprint.stash.get(PROCESSORS, None)
    if not own:
        return
    processors = template_context_processors(app)
    for key, funcs in own.items():
        processors.setdefault(name if key is None else f"{name}.{key}", []).extend(funcs)


@hookimpl(optionalhook=True)
def tumbler_cli_commands(app: App, group: t.Any) -> None:
    """With the CLI plugin: ``templates``, listing the templates the app can find."""
    import click

    from .loaders import template_sources

    if "templates" in getattr(group, "commands", {}):
        return  # the app defines its own
    app_ref = weakref.ref(app)

    def list_templates() -> None:
        current = app_ref()
        if current is None:
            raise click.ClickException("The app is gone.")
        sources = template_sources(current)
        if not sources:
            click.echo("No templates found (the app and its blueprints have no template folder, or it is empty).")
            return
        width = max(len(s.name) for s in sources)
        for source in sources:
            line = f"{source.name:<{width}}  {source.origin}"
            if source.filename:
                line += f"  {source.filename}"
            click.echo(line)
            for other in source.shadows:
                click.echo(f"{'':<{width}}    (hides the one in {other})")

    group.add_command(
        click.Command(
            "templates",
            callback=list_templates,
            help="List the templates the app can find, and where each comes from.",
        )
    )
