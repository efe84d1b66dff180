"""Finding templates: the app's folder first, then each blueprint's, in
registration order; explaining a lookup when asked (``EXPLAIN_TEMPLATE_LOADING``)."""

from __future__ import annotations

import os
import typing as t
import weakref
from dataclasses import dataclass

import jinja2
from tumbler import App, Blueprint, has_request_context, request

from .state import LOADER, app_override

if t.TYPE_CHECKING:
    from tumbler.scaffold import Scaffold

__all__ = [
    "DispatchingJinjaLoader",
    "TemplateSource",
    "create_global_jinja_loader",
    "jinja_loader",
    "template_sources",
]

#: What a loader returns: source, file name, up-to-date check.
Source = tuple[str, "str | None", "t.Callable[[], bool] | None"]


def jinja_loader(scaffold: Scaffold) -> jinja2.BaseLoader | None:
    """The loader for an app's or blueprint's own templates: a
    :class:`jinja2.FileSystemLoader` on its ``template_folder`` (relative to
    its ``root_path``), or ``None`` when that is ``None``."""
    folder = scaffold.template_folder
    path = None if folder is None else os.path.join(scaffold.root_path, folder)
    cached = scaffold.stash.get(LOADER, None)
    if cached is not None and cached[0] == path:
        return cached[1]
    loader = None if path is None else jinja2.FileSystemLoader(path)
    scaffold.stash[LOADER] = (path, loader)
    return loader


def _loader_of(scaffold: Scaffold) -> jinja2.BaseLoader | None:
    override = app_override(scaffold, "jinja_loader")
    return t.cast("jinja2.BaseLoader | None", override) if override is not None else jinja_loader(scaffold)


def create_global_jinja_loader(app: App) -> DispatchingJinjaLoader:
    """The loader of ``app``'s environment: a :class:`DispatchingJinjaLoader`."""
    return DispatchingJinjaLoader(app)


def describe(scaffold: object) -> str:
    """How a lookup report names an app or a blueprint."""
    if isinstance(scaffold, App):
        return f"application {scaffold.import_name!r}"
    if isinstance(scaffold, Blueprint):
        return f"blueprint {scaffold.name!r} ({scaffold.import_name})"
    return repr(scaffold)


class DispatchingJinjaLoader(jinja2.BaseLoader):
    """Looks for a template in the app's loader, then in each blueprint's, in
    registration order; the first that has it wins.

    :param app: the app; held weakly (the app owns its environment and loader).
    """

    #: Added to an explanation when a view of a blueprint found no template,
    #: or several.
    blueprint_hint = (
        "  A blueprint's templates go in its template_folder; the app's folder is"
        " searched first, so keep them in a subfolder named after the blueprint."
    )

    def __init__(self, app: App) -> None:
        self._app_ref = weakref.ref(app)

    @property
    def app(self) -> App:
        app = self._app_ref()
        if app is None:
            raise RuntimeError("The app of this template loader no longer exists.")
        return app

    def iter_loaders(self) -> t.Iterator[tuple[Scaffold, jinja2.BaseLoader]]:
        """``(app or blueprint, loader)`` in lookup order, skipping those without templates."""
        app = self.app
        loader = _loader_of(app)
        if loader is not None:
            yield app, loader
        for blueprint in app.iter_blueprints():
            loader = _loader_of(blueprint)
            if loader is not None:
                yield blueprint, loader

    def get_source(self, environment: jinja2.Environment, template: str) -> Source:
        if self.app.config.get("EXPLAIN_TEMPLATE_LOADING"):
            return self._get_source_explained(environment, template)
        for _scaffold, loader in self.iter_loaders():
            try:
                return loader.get_source(environment, template)
            except jinja2.TemplateNotFound:
                continue
        raise jinja2.TemplateNotFound(template, self._not_found_message(template))

    def _not_found_message(self, template: str) -> str:
        places = [f"{describe(s)}: {_where(loader)}" for s, loader in self.iter_loaders()]
        if not places:
            return (
                f"Template {template!r} not found: neither the app nor any blueprint has a"
                " template_folder. Set one, or pass a loader in jinja_options."
            )
        searched = "".join(f"\n  {i}. {place}" for i, place in enumerate(places, 1))
        return (
            f"Template {template!r} not found. Searched, in order:{searched}\n"
            "Put it in one of these folders (names are relative to them), or set"
            " EXPLAIN_TEMPLATE_LOADING = True to log each lookup."
        )

    def _get_source_explained(self, environment: jinja2.Environment, template: str) -> Source:
        lines = [f"Locating template {template!r}:"]
        found: Source | None = None
        matches = 0
        for index, (scaffold, loader) in enumerate(self.iter_loaders(), 1):
            lines.append(f"{index:5}: trying loader of {describe(scaffold)}")
            lines.extend(f"       {line}" for line in _loader_details(loader))
            try:
                source = loader.get_source(environment, template)
            except jinja2.TemplateNotFound:
                lines.append("       -> no match")
                continue
            matches += 1
            found = found or source
            lines.append(f"       -> found ({source[1] or '<string>'!r})")
        if matches == 0:
            lines.append("Error: the template could not be found.")
        elif matches > 1:
            lines.append("Warning: multiple loaders returned a match for the template.")
        blueprint = request.blueprint if has_request_context() else None
        if blueprint is not None and matches != 1:
            lines.append(
                "  The template was looked up from an endpoint that belongs to the"
                f" blueprint {blueprint!r}. Is the template in the right folder?"
            )
            lines.append(self.blueprint_hint)
        report = "\n".join(lines)
        self.app.logger.info(report)
        if found is None:
            raise jinja2.TemplateNotFound(template, report)
        return found

    def list_templates(self) -> list[str]:
        """Every template name any loader can find, sorted."""
        names: set[str] = set()
        for _scaffold, loader in self.iter_loaders():
            names.update(loader.list_templates())
        return sorted(names)


@dataclass(frozen=True)
class TemplateSource:
    """One template an app can find, as listed by :func:`template_sources`."""

    name: str
    #: Who provides it: ``application 'x'``, ``blueprint 'y' (pkg.y)``, or the loader.
    origin: str
    #: Its file, when the loader has one.
    filename: str | None
    #: Origins of same-named templates it hides (found later in the lookup order).
    shadows: tuple[str, ...] = ()


def template_sources(app: App) -> list[TemplateSource]:
    """Every template ``app`` can find, sorted by name, with where it comes from."""
    from .environment import jinja_env

    env = jinja_env(app)
    loader = env.loader
    if not isinstance(loader, DispatchingJinjaLoader):
        if loader is None:
            return []
        return [TemplateSource(name, repr(loader), None) for name in sorted(loader.list_templates())]
    winners: dict[str, tuple[str, str | None]] = {}
    hidden: dict[str, list[str]] = {}
    for scaffold, sub in loader.iter_loaders():
        for name in sub.list_templates():
            if name in winners:
                hidden.setdefault(name, []).append(describe(scaffold))
                continue
            try:
                filename = sub.get_source(env, name)[1]
            except jinja2.TemplateNotFound:
                continue
            winners[name] = (describe(scaffold), filename)
    return [
        TemplateSource(name, origin, filename, tuple(hidden.get(name, ())))
        for name, (origin, filename) in sorted(winners.items())
    ]


def _where(loader: jinja2.BaseLoader) -> str:
    if isinstance(loader, jinja2.FileSystemLoader):
        return ", ".join(p if os.path.isdir(p) else f"{p} (no such folder)" for p in map(os.fspath, loader.searchpath))
    return repr(loader)


def _loader_details(loader: jinja2.BaseLoader) -> t.Iterator[str]:
    yield f"class: {type(loader).__module__}.{type(loader).__name__}"
    for key, value in sorted(vars(loader).items()):
        if key.startswith("_"):
            continue
        if isinstance(value, (tuple, list)) and all(isinstance(v, str) for v in value):
            yield f"{key}:"
            yield from (f"  - {v}" for v in value)
        elif isinstance(value, (str, int, float, bool)):
            yield f"{key}: {value!r}"
