"""Testing a plugin as it is installed: throw-away entry-point plugins, apps
isolated from the environment, and the kernel's hook trace.

This module needs no pytest: :class:`PluginTester` works in any test runner.
The pytest fixtures ``plugin_tester`` and ``make_app``
(:mod:`tumbler_testing.pytest_plugin`) are thin wrappers around it::

    def test_my_hook(plugin_tester):
        plugin_tester.make_plugin("hello", '''
            from tumbler import hookimpl

            @hookimpl
            def tumbler_configure(app):
                app.config["HELLO"] = True
        ''')
        app = plugin_tester.make_app(trace=True)
        assert app.config["HELLO"]
        assert plugin_tester.traced("tumbler_configure")
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import sys
import tempfile
import textwrap
import typing as t
from dataclasses import dataclass
from pathlib import Path

if t.TYPE_CHECKING:
    from types import TracebackType

    from tumbler import App

__all__ = ["AppFactory", "InstalledPlugin", "PluginTester", "build_app", "clear_tumbler_environ"]

#: The environment variables that change what an app loads (``TUMBLER_PLUGINS``,
#: ``TUMBLER_DISABLE_PLUGINS``, ``TUMBLER_TRACE_PLUGINS``, ``TUMBLER_DEBUG``, ...).
ENV_PREFIX = "TUMBLER_"
#: The logger the kernel writes its hook trace to (``TRACE_PLUGINS``).
TRACE_LOGGER = "tumbler.plugins"


class AppFactory(t.Protocol):
    """The ``make_app`` fixture's signature (see :func:`build_app`)."""

    def __call__(
        self,
        import_name: str | None = None,
        *,
        plugins: t.Iterable[str | object] | None = None,
        disable: t.Iterable[str] = (),
        config: t.Mapping[str, t.Any] | None = None,
        **kwargs: t.Any,
    ) -> App: ...


def clear_tumbler_environ(environ: t.MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Remove every ``TUMBLER_*`` variable from ``environ`` (``os.environ`` by
    default) and return what was removed, so a caller can put it back."""
    environ = os.environ if environ is None else environ
    removed = {k: v for k, v in environ.items() if k.startswith(ENV_PREFIX)}
    for key in removed:
        del environ[key]
    return removed


def build_app(
    import_name: str,
    *,
    plugins: t.Iterable[str | object] | None = None,
    disable: t.Iterable[str] = (),
    config: t.Mapping[str, t.Any] | None = None,
    **kwargs: t.Any,
) -> App:
    """An ``App`` with exactly ``plugins`` (every installed one when ``None``)
    minus ``disable``, ``TESTING`` on unless ``config`` says otherwise: what
    the ``make_app`` fixture returns."""
    from tumbler import App

    if isinstance(disable, str):
        raise TypeError(f"make_app(disable=...) takes a list of plugin names, not the string {disable!r}.")
    settings = {"TESTING": True, **(config or {})}
    denied = [*_names(settings.get("DISABLE_PLUGINS")), *disable]
    if denied:
        settings["DISABLE_PLUGINS"] = denied
    return App(import_name, plugins=plugins, config=settings, **kwargs)


def _names(value: t.Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [n.strip() for n in value.split(",") if n.strip()]
    return list(value)


@dataclass(frozen=True)
class InstalledPlugin:
    """A plugin made by :meth:`PluginTester.make_plugin`."""

    #: The entry-point name: the plugin's canonical name.
    name: str
    #: Its distribution's name and version, as ``tumbler plugins`` lists them.
    distribution: str
    version: str
    #: The module the entry point loads.
    module: str
    #: The module's file.
    path: Path


class _TraceHandler(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class PluginTester:
    """An isolated place to install throw-away plugins for one test.

    While it is open (``with PluginTester() as tester``, or the
    ``plugin_tester`` fixture): ``TUMBLER_*`` environment variables are
    cleared, a temporary folder is first on ``sys.path`` and the plugins made
    with :meth:`make_plugin` are installed there as distributions (a module
    and a ``.dist-info`` with ``entry_points.txt``), found by the kernel like
    any installed plugin. Closing it removes the folder from ``sys.path``,
    forgets its modules and restores the environment.

    :param root: the folder to install into; a new temporary one by default.
    :param import_name: the default import name of :meth:`make_app`'s apps.
    """

    __test__ = False

    def __init__(self, root: str | os.PathLike[str] | None = None, import_name: str = "plugin_tester_app") -> None:
        self._tmp = None if root is not None else tempfile.TemporaryDirectory(prefix="tumbler-plugins-")
        #: The folder put on ``sys.path``.
        self.path = Path(root if root is not None else self._tmp.name).resolve()  # type: ignore[union-attr]
        self.import_name = import_name
        #: Every message of the kernel's hook trace since the tester opened
        #: (apps made with ``make_app(trace=True)`` or ``TRACE_PLUGINS``).
        self.traces: list[str] = []
        #: The plugins made so far, by name.
        self.plugins: dict[str, InstalledPlugin] = {}
        self._handler = _TraceHandler(self.traces)
        self._saved_env: dict[str, str] = {}
        self._open = False

    # -- opening and closing -----------------------------------------------

    def __enter__(self) -> PluginTester:
        self.open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def open(self) -> None:
        """Clear ``TUMBLER_*``, put :attr:`path` on ``sys.path``, capture traces."""
        if self._open:
            return
        self._open = True
        self.path.mkdir(parents=True, exist_ok=True)
        self._saved_env = clear_tumbler_environ()
        sys.path.insert(0, str(self.path))
        logging.getLogger(TRACE_LOGGER).addHandler(self._handler)
        importlib.invalidate_caches()

    def close(self) -> None:
        """Undo :meth:`open`: the folder leaves ``sys.path`` (and is deleted when
        temporary), its modules are forgotten, the environment is restored."""
        if not self._open:
            return
        self._open = False
        logging.getLogger(TRACE_LOGGER).removeHandler(self._handler)
        while str(self.path) in sys.path:
            sys.path.remove(str(self.path))
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None)
            if file and Path(file).resolve().is_relative_to(self.path):
                del sys.modules[name]
        clear_tumbler_environ()
        os.environ.update(self._saved_env)
        importlib.invalidate_caches()
        if self._tmp is not None:
            self._tmp.cleanup()

    # -- plugins -----------------------------------------------------------

    def make_plugin(
        self,
        name: str,
        source: str,
        *,
        distribution: str | None = None,
        version: str = "0.1.0",
        module: str | None = None,
    ) -> InstalledPlugin:
        """Install a plugin named ``name`` whose module holds ``source``
        (dedented), as the distribution ``distribution`` (``tumbler-<name>``
        by default) at ``version``. Apps made afterwards find it among the
        installed plugins (entry-point group ``tumbler.plugins``).

        :param module: the module's import name; ``<name>_plugin`` by default.
        """
        if not self._open:
            raise RuntimeError(
                "Open the PluginTester first (use it as a context manager or the plugin_tester fixture)."
            )
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
            raise ValueError(f"Plugin name {name!r}: use letters, digits, '_', '-' and '.'.")
        module = module or re.sub(r"\W", "_", name) + "_plugin"
        distribution = distribution or f"tumbler-{name}"
        path = self.path / f"{module}.py"
        path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
        dist_info = self.path / f"{re.sub(r'[-_.]+', '_', distribution)}-{version}.dist-info"
        dist_info.mkdir(exist_ok=True)
        (dist_info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
        )
        (dist_info / "entry_points.txt").write_text(f"[tumbler.plugins]\n{name} = {module}\n", encoding="utf-8")
        sys.modules.pop(module, None)  # a plugin made again in the same test is imported again
        importlib.invalidate_caches()
        plugin = InstalledPlugin(name, distribution, version, module, path)
        self.plugins[name] = plugin
        return plugin

    # -- apps and traces -----------------------------------------------------

    def make_app(
        self,
        import_name: str | None = None,
        *,
        plugins: t.Iterable[str | object] | None = None,
        disable: t.Iterable[str] = (),
        config: t.Mapping[str, t.Any] | None = None,
        trace: bool = False,
        **kwargs: t.Any,
    ) -> App:
        """An app as :func:`build_app` makes it; ``trace=True`` turns on the
        kernel's hook trace (``TRACE_PLUGINS``), collected in :attr:`traces`."""
        settings = dict(config or {})
        if trace:
            settings["TRACE_PLUGINS"] = True
        return build_app(import_name or self.import_name, plugins=plugins, disable=disable, config=settings, **kwargs)

    def traced(self, hook: str, plugin: str | None = None) -> list[str]:
        """The trace messages that mention ``hook`` (and ``plugin``, when given)."""
        return [line for line in self.traces if hook in line and (plugin is None or plugin in line)]
