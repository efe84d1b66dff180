"""Files: sending them safely, and finding an app's root and instance folders."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys
import typing as t
from datetime import datetime

import werkzeug.utils

from .globals import _cv_request

if t.TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

    from .wrappers import Response

__all__ = ["find_package", "get_root_path", "send_file", "send_from_directory"]


def _send_kwargs(**kwargs: t.Any) -> dict[str, t.Any]:
    if (ctx := _cv_request.get(None)) is None:
        raise RuntimeError("send_file() needs a request context; call it from a view.")
    app = ctx.app
    if kwargs.get("max_age") is None:
        kwargs["max_age"] = app.get_send_file_max_age
    kwargs.update(
        environ=ctx.environ,
        use_x_sendfile=app.config["USE_X_SENDFILE"],
        response_class=app.response_class,
        _root_path=app.root_path,
    )
    return kwargs


def send_file(
    path_or_file: os.PathLike[t.AnyStr] | str | t.BinaryIO,
    mimetype: str | None = None,
    as_attachment: bool = False,
    download_name: str | None = None,
    conditional: bool = True,
    etag: bool | str = True,
    last_modified: datetime | int | float | None = None,
    max_age: int | t.Callable[[str | None], int | None] | None = None,
) -> Response:
    """Send a file or file-like object, with conditional-request support.

    Relative paths are relative to the app's root path. Never pass a path that
    came from the user: use :func:`send_from_directory` for that.
    """
    # the parameters, exactly as given, are werkzeug's (plus what the app sets)
    return t.cast("Response", werkzeug.utils.send_file(**_send_kwargs(**locals())))


def send_from_directory(directory: os.PathLike[str] | str, path: os.PathLike[str] | str, **kwargs: t.Any) -> Response:
    """Send ``path`` from inside ``directory``; a path that escapes it is a 404."""
    return t.cast("Response", werkzeug.utils.send_from_directory(directory, path, **_send_kwargs(**kwargs)))


def _find_spec(name: str) -> ModuleSpec | None:
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None


def get_root_path(import_name: str) -> str:
    """The folder of the module or package ``import_name`` (the cwd if it has none)."""
    mod = sys.modules.get(import_name)
    mod_file: str | None = getattr(mod, "__file__", None)
    if mod_file is not None:
        return os.path.dirname(os.path.abspath(mod_file))
    spec = _find_spec(import_name)
    loader = spec.loader if spec is not None else None
    if loader is None:
        return os.getcwd()
    filepath: str | None
    if hasattr(loader, "get_filename"):
        filepath = str(loader.get_filename(import_name))
    else:
        __import__(import_name)
        if (filepath := getattr(sys.modules[import_name], "__file__", None)) is None:
            raise RuntimeError(
                f"No root path can be found for the module {import_name!r}: it has no"
                " file (a namespace package?). Pass root_path= to the app."
            )
    return os.path.dirname(os.path.abspath(filepath))


def _package_path(import_name: str) -> str:
    """The folder that contains the top-level package of ``import_name``."""
    if (root_spec := _find_spec(import_name.partition(".")[0])) is None:
        return os.getcwd()
    locations = root_spec.submodule_search_locations
    if not locations:  # a plain module
        return os.path.dirname(t.cast(str, root_spec.origin))
    if root_spec.origin not in (None, "namespace"):  # a regular package
        return os.path.dirname(os.path.dirname(root_spec.origin))
    # a namespace package: use the location that holds this submodule
    spec = _find_spec(import_name)
    if spec is not None and spec.submodule_search_locations:
        here = pathlib.Path(os.path.commonpath(list(spec.submodule_search_locations)))
        for location in locations:
            if here.is_relative_to(location):
                return os.path.dirname(location)
    return os.path.dirname(next(iter(locations)))


def find_package(import_name: str) -> tuple[str | None, str]:
    """``(install prefix or None, folder of the package)``.

    The prefix is set when the package is installed (under ``sys.prefix`` or a
    ``site-packages`` folder): the instance folder then goes under ``prefix/var``.
    """
    package_path = _package_path(import_name)
    prefix = os.path.abspath(sys.prefix)
    if pathlib.PurePath(package_path).is_relative_to(prefix):
        return prefix, package_path
    site_parent, site_folder = os.path.split(package_path)
    if site_folder.lower() == "site-packages":
        parent, folder = os.path.split(site_parent)
        if folder.lower() == "lib":
            return parent, package_path
        if os.path.basename(parent).lower() == "lib":
            return os.path.dirname(parent), package_path
        return site_parent, package_path
    return None, package_path


def _instance_path(import_name: str, app_name: str) -> str:
    prefix, package_path = find_package(import_name)
    if prefix is None:
        return os.path.join(package_path, "instance")
    return os.path.join(prefix, "var", f"{app_name}-instance")
