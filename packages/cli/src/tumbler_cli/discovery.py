"""Finding the app: ``--app`` strings, files, factories, and ``wsgi.py`` / ``app.py``.

``--app`` (or ``TUMBLER_APP``) takes ``module``, ``module:name``,
``module:factory()`` or ``module:factory(args)``, where the module is a dotted
name or a path to a ``.py`` file. Without it, ``wsgi.py`` then ``app.py`` in the
current directory are tried. In a module, ``app`` or ``application`` wins, then
a single app instance, then a ``create_app`` or ``make_app`` factory.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import sys
import traceback
import typing as t
from types import ModuleType, TracebackType

import click
from tumbler import App, PluginError

from .dialect import TUMBLER, CliDialect, get_debug_flag, get_load_dotenv

__all__ = [
    "AppLoadError",
    "NoAppException",
    "ScriptInfo",
    "find_app_by_string",
    "find_best_app",
    "locate_app",
    "prepare_import",
]


class NoAppException(click.UsageError):
    """No app could be found or loaded; the message says what to change (exit status 2)."""


class AppLoadError(click.ClickException):
    """The user's code raised while the app was imported or created (exit status 1).

    Shown as the traceback from the user's first frame on, then one paragraph.
    """

    exit_code = 1

    def __init__(self, error: BaseException) -> None:
        #: The exception raised by the user's code.
        self.error = error
        if isinstance(error, PluginError):
            super().__init__(f"The app could not be created: {error}")
            self.traceback_text = ""
        else:
            super().__init__(
                f"The app could not be loaded: {type(error).__name__}: {error}. The traceback"
                " above shows where your code raised it; fix it there, or point --app at another app."
            )
            self.traceback_text = user_traceback(error)

    def show(self, file: t.IO[t.Any] | None = None) -> None:
        if self.traceback_text:
            click.echo(self.traceback_text, file=file, err=file is None)
        super().show(file)


def user_traceback(error: BaseException) -> str:
    """``error``'s traceback without the leading frames of this package, click
    and the import machinery: it starts where the user's code begins."""
    tb: TracebackType | None = error.__traceback__
    while tb is not None and _is_machinery(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb)).rstrip("\n")


_MACHINERY = (os.path.dirname(os.path.abspath(__file__)), os.path.dirname(os.path.abspath(click.__file__)))


def _is_machinery(filename: str) -> bool:
    return filename.startswith(_MACHINERY) or filename.startswith("<frozen importlib")


# -- finding the app in a module ------------------------------------------------


def find_best_app(module: ModuleType | type, *, dialect: CliDialect = TUMBLER) -> App:
    """The app in ``module``: ``app`` or ``application``, else the only app
    instance, else what a ``create_app`` or ``make_app`` factory returns
    (called without arguments). Raises :class:`NoAppException` otherwise.
    """
    app_class = dialect.app_class
    mod = module.__name__
    for attr in ("app", "application"):
        candidate = getattr(module, attr, None)
        if isinstance(candidate, app_class):
            return t.cast(App, candidate)
    matches = {k: v for k, v in vars(module).items() if isinstance(v, app_class)}
    if len(matches) == 1:
        return t.cast(App, next(iter(matches.values())))
    if len(matches) > 1:
        names = ", ".join(sorted(matches))
        raise NoAppException(
            f"Detected multiple {dialect.display_name} applications in module {mod!r} ({names})."
            f" Use '{mod}:name' to specify the correct one."
        )
    for attr in ("create_app", "make_app"):
        factory = getattr(module, attr, None)
        if not inspect.isfunction(factory):
            continue
        try:
            candidate = factory()
        except TypeError as e:
            if not _called_with_wrong_args(factory):
                raise
            raise NoAppException(
                f"Detected factory {attr!r} in module {mod!r}, but could not call it without"
                f" arguments ({e}). Use '{mod}:{attr}(args)' to specify arguments."
            ) from e
        if isinstance(candidate, app_class):
            return t.cast(App, candidate)
        raise NoAppException(
            f"The factory {attr!r} in module {mod!r} returned {_kind(candidate)}, not a"
            f" {dialect.display_name} application. Make it return the app."
        )
    raise NoAppException(
        f"Failed to find a {dialect.display_name} application or factory in module {mod!r}."
        f" Use '{mod}:name' to specify one (an app object, or a factory function that returns"
        " one); 'app', 'application', 'create_app' and 'make_app' are found without a name."
    )


def find_app_by_string(module: ModuleType, app_name: str, *, dialect: CliDialect = TUMBLER) -> App:
    """The app named by ``app_name`` in ``module``: an attribute (a factory
    function is called), or a call ``factory(args)`` with literal arguments."""
    mod = module.__name__
    name, args, kwargs = _parse_app_name(app_name)
    try:
        attr = getattr(module, name)
    except AttributeError as e:
        raise NoAppException(
            f"Failed to find attribute {name!r} in {mod!r}. Check the name after ':' in '{mod}:{app_name.strip()}'."
        ) from e
    if args is not None or inspect.isfunction(attr):
        if isinstance(attr, dialect.app_class) or not callable(attr):
            raise NoAppException(
                f"{name!r} in {mod!r} is {_kind(attr)}, not a factory to call. Use '{mod}:{name}' without '()'."
            )
        try:
            app = attr(*(args or ()), **(kwargs or {}))
        except TypeError as e:
            if not _called_with_wrong_args(attr):
                raise
            raise NoAppException(
                f"The factory {app_name.strip()!r} in module {mod!r} could not be called with the"
                f" specified arguments: {e}. Change the arguments after '{name}'."
            ) from e
    else:
        app = attr
    if isinstance(app, dialect.app_class):
        return t.cast(App, app)
    raise NoAppException(
        f"A valid {dialect.display_name} application was not obtained from '{mod}:{app_name.strip()}'"
        f" (it gave {_kind(app)}). Name an app object, or a factory function that returns one."
    )


def _parse_app_name(app_name: str) -> tuple[str, list[t.Any] | None, dict[str, t.Any] | None]:
    """``"name"`` -> ``(name, None, None)``; ``"f(1, x=2)"`` -> ``("f", [1], {"x": 2})``."""
    try:
        expr = ast.parse(app_name.strip(), mode="eval").body
    except SyntaxError:
        raise NoAppException(
            f"Failed to parse {app_name!r} as an attribute name or function call."
            " Write 'name', 'factory()' or 'factory(args)' with literal arguments."
        ) from None
    if isinstance(expr, ast.Name):
        return expr.id, None, None
    if not isinstance(expr, ast.Call):
        raise NoAppException(
            f"Failed to parse {app_name!r} as an attribute name or function call."
            " Write 'name', 'factory()' or 'factory(args)' with literal arguments."
        )
    if not isinstance(expr.func, ast.Name):
        raise NoAppException(
            f"Function reference must be a simple name: {app_name!r}. Import the factory"
            " into the module and name it directly."
        )
    try:
        args = [ast.literal_eval(arg) for arg in expr.args]
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in expr.keywords if kw.arg is not None}
    except ValueError:
        raise NoAppException(
            f"Failed to parse arguments as literal values: {app_name!r}. Only Python literals"
            " (strings, numbers, lists, dicts, True/False/None) can be passed to a factory."
        ) from None
    return expr.func.id, args, kwargs


def _called_with_wrong_args(f: t.Callable[..., t.Any]) -> bool:
    """Whether the ``TypeError`` being handled came from calling ``f`` (wrong
    arguments) rather than from inside it."""
    code = getattr(f, "__code__", None)
    if code is None:
        return False  # cannot tell: let the user's error through
    tb = sys.exc_info()[2]
    try:
        while tb is not None:
            if tb.tb_frame.f_code is code:
                return False
            tb = tb.tb_next
        return True
    finally:
        del tb


def _kind(obj: object) -> str:
    if obj is None:
        return "None"
    name = type(obj).__name__
    return f"{'an' if name[0] in 'AEIOUaeiou' else 'a'} {name} object"


# -- importing -------------------------------------------------------------------


def prepare_import(path: str | os.PathLike[str]) -> str:
    """Turn a file path or dotted name into an importable module name, and put
    the folder it is imported from first on ``sys.path``.

    ``pkg/sub/mod.py`` becomes ``pkg.sub.mod`` (with the folder above ``pkg``
    on the path) when ``pkg`` and ``sub`` hold an ``__init__.py``.
    """
    path = os.path.realpath(path)
    base, ext = os.path.splitext(path)
    if ext == ".py":
        path = base
    if os.path.basename(path) == "__init__":
        path = os.path.dirname(path)
    parts = []
    while True:
        path, name = os.path.split(path)
        parts.append(name)
        if not os.path.exists(os.path.join(path, "__init__.py")):
            break
    if sys.path[0] != path:
        sys.path.insert(0, path)
    return ".".join(reversed(parts))


@t.overload
def locate_app(
    module_name: str,
    app_name: str | None,
    raise_if_not_found: t.Literal[True] = True,
    *,
    dialect: CliDialect = TUMBLER,
) -> App: ...
@t.overload
def locate_app(
    module_name: str,
    app_name: str | None,
    raise_if_not_found: bool = ...,
    *,
    dialect: CliDialect = TUMBLER,
) -> App | None: ...
def locate_app(
    module_name: str,
    app_name: str | None,
    raise_if_not_found: bool = True,
    *,
    dialect: CliDialect = TUMBLER,
) -> App | None:
    """Import ``module_name`` and find the app in it (by ``app_name`` if given).

    A module that does not exist raises :class:`NoAppException` (or returns
    ``None`` when ``raise_if_not_found`` is false); an ``ImportError`` raised
    *inside* the module always raises, with its traceback in the message.
    """
    try:
        __import__(module_name)
    except ImportError as e:
        tb = e.__traceback__
        if tb is not None and tb.tb_next is not None:
            raise NoAppException(
                f"While importing {module_name!r}, an ImportError was raised:\n\n{user_traceback(e)}\n\n"
                "Fix that import in your code (is a package missing from this environment?)."
            ) from None
        if raise_if_not_found:
            raise NoAppException(
                f"Could not import {module_name!r}. Check the value of --app or {dialect.env('APP')}:"
                " a dotted module name importable from the current directory"
                f" ({os.getcwd()}), or the path to a .py file."
            ) from None
        return None
    module = sys.modules[module_name]
    if app_name is None:
        return find_best_app(module, dialect=dialect)
    return find_app_by_string(module, app_name, dialect=dialect)


# -- the object click passes around -----------------------------------------------


class ScriptInfo:
    """Knows how to load the app for the current command line; click passes it
    as the context object (``ctx.obj``).

    :param app_import_path: an ``--app`` string.
    :param create_app: a function returning the app; wins over the import path.
    :param set_debug_flag: set ``app.debug`` from ``TUMBLER_DEBUG`` once loaded.
    :param load_dotenv_defaults: load ``.tumblerenv`` and ``.env`` (unless
        ``TUMBLER_SKIP_DOTENV`` says otherwise).
    """

    #: The names this object answers to (env prefix, app class, messages).
    dialect: CliDialect = TUMBLER

    def __init__(
        self,
        app_import_path: str | None = None,
        create_app: t.Callable[..., App] | None = None,
        set_debug_flag: bool = True,
        load_dotenv_defaults: bool = True,
    ) -> None:
        self.app_import_path = app_import_path
        self.create_app = create_app
        #: Free-form data a command line wants to keep with the app.
        self.data: dict[t.Any, t.Any] = {}
        self.set_debug_flag = set_debug_flag
        #: Whether the default env files are to be loaded (read by the ``--env-file`` option).
        self.load_dotenv_defaults = get_load_dotenv(load_dotenv_defaults, self.dialect)
        self._loaded_app: App | None = None
        #: The exception the user's code raised while loading, for the error report.
        self.load_error: BaseException | None = None

    def load_app(self) -> App:
        """Load the app once and return it (the same object on later calls)."""
        if self._loaded_app is not None:
            return self._loaded_app
        try:
            app = self._find_app()
        except click.ClickException:
            raise
        except Exception as e:
            self.load_error = e
            raise
        if self.set_debug_flag:
            app.debug = get_debug_flag(self.dialect)
        self._loaded_app = app
        return app

    def _find_app(self) -> App:
        dialect = self.dialect
        app: App | None = None
        if self.create_app is not None:
            app = self.create_app()
        elif self.app_import_path:
            path, name = (re.split(r":(?![\\/])", self.app_import_path, maxsplit=1) + [None])[:2]
            assert path is not None
            if path.endswith(".py") and not os.path.isfile(path):
                raise NoAppException(
                    f"The file {path!r} given by --app or {dialect.env('APP')} does not exist"
                    f" (relative paths start at {os.getcwd()}). Check the path."
                )
            app = locate_app(prepare_import(path), name, dialect=dialect)
        else:
            for filename in ("wsgi.py", "app.py"):
                app = locate_app(prepare_import(filename), None, raise_if_not_found=False, dialect=dialect)
                if app is not None:
                    break
        if app is None:
            raise NoAppException(
                f"Could not locate a {dialect.display_name} application. Use the"
                f" '{dialect.command_name} --app' option, '{dialect.env('APP')}' environment"
                " variable, or a 'wsgi.py' or 'app.py' file in the current directory."
            )
        return app
