"""The app's Jinja environment: made on first use, one per app."""

from __future__ import annotations

import sys
import typing as t
import weakref

import jinja2
from tumbler import g, json, request, url_for

from .loaders import create_global_jinja_loader
from .state import app_override, templating_state

if t.TYPE_CHECKING:
    from tumbler import App

__all__ = [
    "AUTOESCAPE_EXTENSIONS",
    "Environment",
    "create_jinja_environment",
    "jinja_env",
    "select_jinja_autoescape",
    "templates_auto_reload",
]

#: Templates whose names end with one of these are autoescaped.
AUTOESCAPE_EXTENSIONS = (".html", ".htm", ".xml", ".xhtml", ".svg")
#: What `getattr(a_dict, name)` can find: anything else is looked up as an item.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class Environment(jinja2.Environment):
    """A Jinja environment that belongs to an app.

    Its loader defaults to the app's global loader (the app's template folder,
    then its blueprints'). Unless ``auto_reload`` is given, it follows the
    app: ``TEMPLATES_AUTO_RELOAD``, or the debug flag when that is ``None``,
    read each time a cached template is reused.

    :param app: the app; held weakly (the app owns its environment).
    :param options: keyword arguments for :class:`jinja2.Environment`.
    """

    def __init__(self, app: App, **options: t.Any) -> None:
        if "loader" not in options:
            override = app_override(app, "create_global_jinja_loader")
            options["loader"] = override() if override is not None else create_global_jinja_loader(app)
        super().__init__(**options)
        self._app_ref = weakref.ref(app)
        #: ``None``: follow the app's config (see :func:`templates_auto_reload`).
        self._auto_reload: bool | None = options.get("auto_reload")

    @property
    def app(self) -> App:
        """The app this environment belongs to."""
        app = self._app_ref()
        if app is None:
            raise RuntimeError("The app of this Jinja environment no longer exists.")
        return app

    @property
    def auto_reload(self) -> bool:
        """Whether a changed template file is reloaded (set it to pin a value)."""
        if self._auto_reload is not None:
            return self._auto_reload
        app = self._app_ref()
        return app is not None and templates_auto_reload(app)

    @auto_reload.setter
    def auto_reload(self, value: bool) -> None:
        self._auto_reload = value

    def getattr(self, obj: t.Any, attribute: str) -> t.Any:
        """``obj.attribute`` in a template. Jinja tries the attribute, then the
        item; for a plain ``dict`` and a name that is not a dict attribute, the
        attribute lookup can only fail, so the item is read directly (the
        same answer, without raising and catching an ``AttributeError``)."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def handle_exception(self, source: str | None = None) -> t.NoReturn:
        """Re-raise the current error pointing at the template; a syntax
        error's message also names the template file and line, for logs
        that show no traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, jinja2.TemplateSyntaxError) and not exc.translated:
            where = exc.filename or exc.name or "<template string>"
            exc.args = (f'{exc.message}\n  File "{where}", line {exc.lineno}', *exc.args[1:])
        super().handle_exception(source)


def templates_auto_reload(app: App) -> bool:
    """Whether ``app`` reloads changed templates: ``TEMPLATES_AUTO_RELOAD``,
    or the debug flag when that is ``None``."""
    value = app.config.get("TEMPLATES_AUTO_RELOAD")
    return bool(app.debug if value is None else value)


def select_jinja_autoescape(filename: str | None) -> bool:
    """Whether a template is autoescaped: string templates (no name) and
    names ending in :data:`AUTOESCAPE_EXTENSIONS`."""
    if filename is None:
        return True
    return filename.endswith(AUTOESCAPE_EXTENSIONS)


def create_jinja_environment(app: App) -> Environment:
    """Make ``app``'s Jinja environment.

    Reads, from the app if it defines them: ``jinja_environment`` (the class,
    default :class:`Environment`), ``jinja_options`` (its keyword arguments)
    and ``select_jinja_autoescape(filename)``. Adds the globals ``url_for``,
    ``config``, ``request`` and ``g``, and makes ``|tojson`` use the app's
    JSON provider.
    """
    options = dict(app_override(app, "jinja_options") or {})
    if "autoescape" not in options:
        if app_override(app, "select_jinja_autoescape") is not None:
            options["autoescape"] = _weak_method(app, "select_jinja_autoescape")
        else:
            options["autoescape"] = select_jinja_autoescape
    env_class: type[Environment] = app_override(app, "jinja_environment") or Environment
    env = env_class(app, **options)
    env.globals.update(url_for=url_for, config=app.config, request=request, g=g)
    env.policies["json.dumps_function"] = json.dumps
    return env


def jinja_env(app: App) -> Environment:
    """``app``'s Jinja environment, made on first use (by the app's own
    ``create_jinja_environment()`` if it defines one); plugins then add to it
    through the ``tumbler_jinja_environment`` hook."""
    state = templating_state(app)
    env = state.env
    if env is None:
        override = app_override(app, "create_jinja_environment")
        env = state.env = override() if override is not None else create_jinja_environment(app)
        # plugins add their globals, filters and tests once, whoever made the environment
        hook = app.plugins.hook.tumbler_jinja_environment
        if hook.get_hookimpls():
            hook(app=app, env=env)
    return env


def _weak_method(obj: object, name: str) -> t.Callable[..., t.Any]:
    """``obj.<name>`` without keeping ``obj`` alive (the environment is owned by the app)."""
    ref = weakref.ref(obj)

    def call(*args: t.Any) -> t.Any:
        target = ref()
        if target is None:
            raise RuntimeError(f"The app that {name}() belongs to no longer exists.")
        return getattr(target, name)(*args)

    return call
