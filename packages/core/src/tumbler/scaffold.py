"""What apps and blueprints share: routes, request hooks, error handlers,
URL processors, static and resource files."""

from __future__ import annotations

import os
import typing as t
from collections import defaultdict
from functools import update_wrapper

from werkzeug.exceptions import HTTPException, default_exceptions

from .files import get_root_path, send_from_directory
from .stash import Stash

if t.TYPE_CHECKING:
    from .wrappers import Response

__all__ = ["Scaffold", "SetupError", "setupmethod"]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
V = t.TypeVar("V")
#: Functions or handlers by scope: ``None`` for the app (or blueprint) itself, else a dotted blueprint name.
_ByScope = dict["str | None", V]
_sentinel: t.Any = object()


class SetupError(ValueError, AssertionError):
    """The app or a blueprint was set up wrongly, or too late; the message says what to change.

    An ``AssertionError`` too, for code written against Flask's assertions.
    """


def setupmethod(f: F) -> F:
    """Mark a method that may only be called while the app or blueprint is set up."""
    name = f.__name__

    def wrapper(self: Scaffold, *args: t.Any, **kwargs: t.Any) -> t.Any:
        self._check_setup_finished(name)
        return f(self, *args, **kwargs)

    return t.cast(F, update_wrapper(wrapper, f))


class Scaffold:
    """Common ground of :class:`~tumbler.App` and :class:`~tumbler.Blueprint`.

    Functions registered here are keyed by scope: ``None`` for the object
    itself, a blueprint's dotted name once merged into an app.
    """

    name: str
    _static_folder: str | None = None
    _static_url_path: str | None = None

    def __init__(
        self,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        root_path: str | None = None,
    ) -> None:
        self.import_name = import_name
        self.static_folder = static_folder
        self.static_url_path = static_url_path
        #: The template folder, relative to :attr:`root_path` (read by the templating plugin).
        self.template_folder = template_folder
        if root_path is None:
            root_path = get_root_path(self.import_name)
        self.root_path = root_path
        #: Per-plugin data for this object (see :class:`~tumbler.stash.Stash`).
        self.stash = Stash()
        self.view_functions: dict[str, t.Callable[..., t.Any]] = {}
        #: ``{scope: {code or None: {exception class: handler}}}``
        self.error_handler_spec: _ByScope[dict[int | None, dict[type[BaseException], t.Callable[..., t.Any]]]] = (
            defaultdict(lambda: defaultdict(dict))
        )
        self.before_request_funcs: _ByScope[list[t.Callable[[], t.Any]]] = defaultdict(list)
        self.after_request_funcs: _ByScope[list[t.Callable[[Response], Response]]] = defaultdict(list)
        self.teardown_request_funcs: _ByScope[list[t.Callable[[BaseException | None], None]]] = defaultdict(list)
        self.url_value_preprocessors: _ByScope[list[t.Callable[[str | None, dict[str, t.Any] | None], None]]] = (
            defaultdict(list)
        )
        self.url_default_functions: _ByScope[list[t.Callable[[str, dict[str, t.Any]], None]]] = defaultdict(list)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    def _check_setup_finished(self, f_name: str) -> None:
        raise NotImplementedError

    # -- static files and resources ------------------------------------------

    @property
    def static_folder(self) -> str | None:
        """The absolute path of the static folder, or ``None``."""
        if self._static_folder is not None:
            return os.path.join(self.root_path, self._static_folder)
        return None

    @static_folder.setter
    def static_folder(self, value: str | os.PathLike[str] | None) -> None:
        if value is not None:
            value = os.fspath(value).rstrip(r"\/")
        self._static_folder = value

    @property
    def has_static_folder(self) -> bool:
        return self.static_folder is not None

    @property
    def static_url_path(self) -> str | None:
        """The URL prefix of static files (``/static`` by default)."""
        if self._static_url_path is not None:
            return self._static_url_path
        if self.static_folder is not None:
            return f"/{os.path.basename(self.static_folder)}".rstrip("/")
        return None

    @static_url_path.setter
    def static_url_path(self, value: str | None) -> None:
        if value is not None:
            value = value.rstrip("/")
        self._static_url_path = value

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """Cache max age for a static file: ``SEND_FILE_MAX_AGE_DEFAULT`` (``None``: conditional requests only)."""
        from .globals import current_app

        if (value := current_app.config["SEND_FILE_MAX_AGE_DEFAULT"]) is None:
            return None
        return int(value.total_seconds()) if hasattr(value, "total_seconds") else int(value)

    def send_static_file(self, filename: str) -> Response:
        """The view that serves files from :attr:`static_folder`."""
        if not self.has_static_folder:
            raise RuntimeError("'static_folder' must be set to serve static_files.")
        max_age = self.get_send_file_max_age(filename)
        return send_from_directory(t.cast(str, self.static_folder), filename, max_age=max_age)

    def open_resource(self, resource: str, mode: str = "rb", encoding: str | None = None) -> t.IO[t.Any]:
        """Open a file relative to :attr:`root_path` for reading."""
        if mode not in {"r", "rt", "rb"}:
            raise ValueError("Resources can only be opened for reading.")
        path = os.path.join(self.root_path, resource)
        return open(path, mode) if mode == "rb" else open(path, mode, encoding=encoding)

    # -- routes ----------------------------------------------------------

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        raise NotImplementedError

    def route(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """Decorate a view function to handle ``rule`` (see :meth:`add_url_rule`)."""

        def decorator(f: F) -> F:
            endpoint = options.pop("endpoint", None)
            self.add_url_rule(rule, endpoint, f, **options)
            return f

        return decorator

    def _method_route(self, method: str, rule: str, options: dict[str, t.Any]) -> t.Callable[[F], F]:
        if "methods" in options:
            raise TypeError("Use the 'route' decorator to use the 'methods' argument.")
        return self.route(rule, methods=[method], **options)

    def get(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """``route(rule, methods=["GET"])``."""
        return self._method_route("GET", rule, options)

    def post(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """``route(rule, methods=["POST"])``."""
        return self._method_route("POST", rule, options)

    def put(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """``route(rule, methods=["PUT"])``."""
        return self._method_route("PUT", rule, options)

    def delete(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """``route(rule, methods=["DELETE"])``."""
        return self._method_route("DELETE", rule, options)

    def patch(self, rule: str, **options: t.Any) -> t.Callable[[F], F]:
        """``route(rule, methods=["PATCH"])``."""
        return self._method_route("PATCH", rule, options)

    @setupmethod
    def endpoint(self, endpoint: str) -> t.Callable[[F], F]:
        """Decorate the view function for an endpoint added without one."""

        def decorator(f: F) -> F:
            self.view_functions[endpoint] = f
            return f

        return decorator

    # -- request hooks -------------------------------------------------------

    @setupmethod
    def before_request(self, f: F) -> F:
        """Run ``f()`` before each request; a non-``None`` return value is the response."""
        self.before_request_funcs[None].append(f)
        return f

    @setupmethod
    def after_request(self, f: F) -> F:
        """Run ``f(response)`` after each successful request; it returns the response."""
        self.after_request_funcs[None].append(f)
        return f

    @setupmethod
    def teardown_request(self, f: F) -> F:
        """Run ``f(exc)`` when the request context is popped, even after an error."""
        self.teardown_request_funcs[None].append(f)
        return f

    @setupmethod
    def url_value_preprocessor(self, f: F) -> F:
        """Run ``f(endpoint, view_args)`` before ``before_request`` functions; it may change ``view_args``."""
        self.url_value_preprocessors[None].append(f)
        return f

    @setupmethod
    def url_defaults(self, f: F) -> F:
        """Run ``f(endpoint, values)`` when building URLs; it may fill in ``values``."""
        self.url_default_functions[None].append(f)
        return f

    # -- error handlers --------------------------------------------------------

    @setupmethod
    def errorhandler(self, code_or_exception: type[Exception] | int) -> t.Callable[[F], F]:
        """Decorate a function that handles an HTTP status code or an exception class."""

        def decorator(f: F) -> F:
            self.register_error_handler(code_or_exception, f)
            return f

        return decorator

    @setupmethod
    def register_error_handler(self, code_or_exception: type[Exception] | int, f: t.Callable[..., t.Any]) -> None:
        """Register ``f(error)`` for an HTTP status code or an exception class."""
        exc_class, code = self._get_exc_class_and_code(code_or_exception)
        self.error_handler_spec[None][code][exc_class] = f

    @staticmethod
    def _get_exc_class_and_code(exc_class_or_code: type[Exception] | int) -> tuple[type[Exception], int | None]:
        if isinstance(exc_class_or_code, int):
            try:
                exc_class: t.Any = default_exceptions[exc_class_or_code]
            except KeyError:
                raise ValueError(
                    f"'{exc_class_or_code}' is not a recognized HTTP error code. Use a"
                    " subclass of HTTPException with that code instead."
                ) from None
        else:
            exc_class = exc_class_or_code
        if isinstance(exc_class, Exception):
            raise TypeError(
                f"{exc_class!r} is an instance, not a class. Handlers can only be"
                " registered for Exception classes or HTTP error codes."
            )
        if not isinstance(exc_class, type) or not issubclass(exc_class, Exception):
            raise ValueError(
                f"'{getattr(exc_class, '__name__', exc_class)}' is not a subclass of Exception."
                " Handlers can only be registered for Exception classes or HTTP error codes."
            )
        return exc_class, exc_class.code if issubclass(exc_class, HTTPException) else None


def endpoint_from_view_func(view_func: t.Callable[..., t.Any] | None) -> str:
    """The default endpoint name of a view: its function name."""
    if view_func is None:
        raise TypeError("add_url_rule() needs a view_func when no endpoint is given.")
    return view_func.__name__
