"""The app's configuration: a dict with loaders for files, objects and the environment."""

from __future__ import annotations

import errno
import json
import os
import types
import typing as t

from werkzeug.utils import import_string

__all__ = ["Config", "ConfigAttribute"]

T = t.TypeVar("T")


class ConfigAttribute(t.Generic[T]):
    """An attribute that forwards to a key of ``obj.config``."""

    def __init__(self, name: str, get_converter: t.Callable[[t.Any], T] | None = None) -> None:
        self.__name__ = name
        self.get_converter = get_converter

    @t.overload
    def __get__(self, obj: None, owner: None) -> ConfigAttribute[T]: ...
    @t.overload
    def __get__(self, obj: t.Any, owner: t.Any) -> T: ...
    def __get__(self, obj: t.Any, owner: t.Any = None) -> T | ConfigAttribute[T]:
        if obj is None:
            return self
        rv = obj.config[self.__name__]
        if self.get_converter is not None:
            rv = self.get_converter(rv)
        return t.cast(T, rv)

    def __set__(self, obj: t.Any, value: t.Any) -> None:
        obj.config[self.__name__] = value


class Config(dict):  # type: ignore[type-arg]
    """A ``dict`` of settings; only UPPERCASE keys are taken from loaders.

    :param root_path: relative file names are resolved against this folder.
    :param defaults: initial values.
    """

    #: The prefix :meth:`from_prefixed_env` reads by default.
    env_prefix = "TUMBLER"

    def __init__(self, root_path: str | os.PathLike[str], defaults: dict[str, t.Any] | None = None) -> None:
        super().__init__(defaults or {})
        self.root_path = root_path

    def from_envvar(self, variable_name: str, silent: bool = False) -> bool:
        """Load the Python file named by the environment variable ``variable_name``."""
        if not (path := os.environ.get(variable_name)):
            if silent:
                return False
            raise RuntimeError(
                f"The environment variable {variable_name!r} is not set: point it to a configuration file."
            )
        return self.from_pyfile(path, silent=silent)

    def from_prefixed_env(self, prefix: str | None = None, *, loads: t.Callable[[str], t.Any] = json.loads) -> bool:
        """Load every ``PREFIX_KEY`` environment variable as ``KEY``.

        Values are parsed with ``loads`` (JSON by default), falling back to the
        string. ``__`` in a name nests: ``PREFIX_DB__HOST`` sets ``config["DB"]["HOST"]``.
        """
        start = f"{prefix or self.env_prefix}_"
        for name in sorted(os.environ):
            if not name.startswith(start):
                continue
            raw = os.environ[name]
            try:
                value = loads(raw)
            except Exception:
                value = raw
            *parents, leaf = name[len(start) :].split("__")
            target: dict[str, t.Any] = self
            for part in parents:
                target = target.setdefault(part, {})
            target[leaf] = value
        return True

    def from_pyfile(self, filename: str | os.PathLike[str], silent: bool = False) -> bool:
        """Execute a Python file and load its uppercase names."""
        filename = os.path.join(self.root_path, filename)
        module = types.ModuleType("config")
        module.__file__ = filename
        try:
            with open(filename, mode="rb") as f:
                exec(compile(f.read(), filename, "exec"), module.__dict__)
        except OSError as e:
            if silent and e.errno in (errno.ENOENT, errno.EISDIR, errno.ENOTDIR):
                return False
            e.strerror = f"Unable to load configuration file ({e.strerror})"
            raise
        self.from_object(module)
        return True

    def from_object(self, obj: object | str) -> None:
        """Load the uppercase attributes of an object, or of the object an import string names."""
        if isinstance(obj, str):
            obj = import_string(obj)
        for key in dir(obj):
            if key.isupper():
                self[key] = getattr(obj, key)

    def from_file(
        self,
        filename: str | os.PathLike[str],
        load: t.Callable[[t.IO[t.Any]], t.Mapping[str, t.Any]],
        silent: bool = False,
        text: bool = True,
    ) -> bool:
        """Load a file with ``load`` (``json.load``, ``tomllib.load`` with ``text=False``)."""
        filename = os.path.join(self.root_path, filename)
        try:
            with open(filename, "r" if text else "rb") as f:
                obj = load(f)
        except OSError as e:
            if silent and e.errno in (errno.ENOENT, errno.EISDIR):
                return False
            e.strerror = f"Unable to load configuration file ({e.strerror})"
            raise
        return self.from_mapping(obj)

    def from_mapping(
        self, mapping: t.Mapping[str, t.Any] | t.Iterable[tuple[str, t.Any]] | None = None, **kwargs: t.Any
    ) -> bool:
        """Load the uppercase keys of a mapping (or of ``(key, value)`` pairs) and of keyword arguments."""
        for key, value in dict(mapping or (), **kwargs).items():
            if key.isupper():
                self[key] = value
        return True

    def get_namespace(self, namespace: str, lowercase: bool = True, trim_namespace: bool = True) -> dict[str, t.Any]:
        """The keys starting with ``namespace`` (for example ``"IMAGE_STORE_"``) as a dict."""
        names = {key: key[len(namespace) :] if trim_namespace else key for key in self if key.startswith(namespace)}
        return {(name.lower() if lowercase else name): self[key] for key, name in names.items()}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict.__repr__(self)}>"
