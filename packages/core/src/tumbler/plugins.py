"""Plugin discovery, selection and introspection, one pluggy manager per app.

Discovery reads the entry-point group ``tumbler.plugins``; an entry point's
name is the plugin's canonical name everywhere. Selection, in order:

* ``App(..., plugins=[...])`` names or objects: exactly these are loaded;
* otherwise, when autoload is on (the default; ``PLUGINS_AUTOLOAD`` /
  ``TUMBLER_PLUGINS_AUTOLOAD=0`` turns it off), every installed plugin, narrowed
  by an allow-list (``PLUGINS`` / ``TUMBLER_PLUGINS``) when one is given;
* a deny-list (``DISABLE_PLUGINS`` / ``TUMBLER_DISABLE_PLUGINS``) always wins.

Config keys come from ``App(..., config={...})``; environment variables are
comma-separated names. Plugins are registered in name order.
"""

from __future__ import annotations

import builtins
import logging
import os
import sys
import typing as t
import weakref
from dataclasses import dataclass
from importlib import metadata

import pluggy

from . import hookspecs
from .logging import has_level_handler

if t.TYPE_CHECKING:
    from .app import App

__all__ = ["ENTRY_POINT_GROUP", "PluginError", "PluginHost", "PluginInfo", "hookimpl"]

ENTRY_POINT_GROUP = "tumbler.plugins"
#: Marks a plugin's hook implementations.
hookimpl = pluggy.HookimplMarker("tumbler")
_FALSE = {"0", "false", "no", "off", ""}
trace_logger = logging.getLogger("tumbler.plugins")

#: The hooks called per request; compiled into plain lists (see :class:`_Hooks`).
PER_REQUEST_HOOKS = (
    "appcontext_pushed",
    "appcontext_popped",
    "teardown_appcontext",
    "request_started",
    "teardown_request",
    "make_response",
    "process_response",
    "request_exception",
)


class PluginError(RuntimeError):
    """A plugin could not be found, loaded or validated; the message says what to change."""


@dataclass(frozen=True)
class PluginInfo:
    """One loaded plugin, as listed by :meth:`PluginHost.list`."""

    #: The canonical name (the entry point's name).
    name: str
    #: The distribution that provides it (``None`` for an object passed in code).
    distribution: str | None
    version: str | None
    #: The hooks it implements, sorted by name.
    hooks: tuple[str, ...]
    #: Its position in registration order (0 first).
    order: int
    plugin: object


def _split(value: t.Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split(",") if p.strip()]
    return [str(p) for p in value]


def _installed() -> dict[str, metadata.EntryPoint]:
    found: dict[str, metadata.EntryPoint] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        other = found.get(ep.name)
        if other is not None and _dist_name(other) != _dist_name(ep):
            one, two = sorted((str(_dist_name(other)), str(_dist_name(ep))))
            raise PluginError(
                f"Two distributions provide the plugin {ep.name!r}: {one} and {two}. Uninstall one of them."
            )
        found.setdefault(ep.name, ep)
    return found


def _dist_name(ep: metadata.EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    return dist.metadata["Name"] if dist is not None else None


def _object_name(obj: object) -> str:
    name = getattr(obj, "tumbler_plugin_name", None) or getattr(obj, "__name__", None)
    return str(name or type(obj).__name__)


class _Hooks:
    """The per-request hooks as tuples of plain callables, in pluggy's call
    order, each taking the hook's arguments positionally."""

    __slots__ = PER_REQUEST_HOOKS
    appcontext_pushed: tuple[t.Callable[..., t.Any], ...]
    appcontext_popped: tuple[t.Callable[..., t.Any], ...]
    teardown_appcontext: tuple[t.Callable[..., t.Any], ...]
    request_started: tuple[t.Callable[..., t.Any], ...]
    teardown_request: tuple[t.Callable[..., t.Any], ...]
    make_response: tuple[t.Callable[..., t.Any], ...]
    process_response: tuple[t.Callable[..., t.Any], ...]
    request_exception: tuple[t.Callable[..., t.Any], ...]

    def __init__(self, host: PluginHost) -> None:
        for name in PER_REQUEST_HOOKS:
            setattr(self, name, host._compile(f"tumbler_{name}"))


class PluginHost:
    """The plugins of one app: ``app.plugins``."""

    def __init__(self, app: App) -> None:
        self._app = weakref.ref(app)
        #: The app's own pluggy manager.
        self.manager = pluggy.PluginManager("tumbler")
        self.manager.add_hookspecs(hookspecs)
        self._infos: dict[str, PluginInfo] = {}
        self.trace = False
        self._loaded = False
        self._calls: dict[str, tuple[t.Callable[..., t.Any], ...] | None] = {}

    # -- loading ---------------------------------------------------------

    def load(
        self,
        plugins: t.Iterable[str | object] | None,
        require: t.Iterable[str] | None,
        config: t.Mapping[str, t.Any],
    ) -> None:
        """Select, register and validate plugins (called by ``App.__init__``)."""
        env = os.environ
        self.trace = _truthy(config.get("TRACE_PLUGINS", env.get("TUMBLER_TRACE_PLUGINS")))
        deny = set(_split(config.get("DISABLE_PLUGINS"))) | set(_split(env.get("TUMBLER_DISABLE_PLUGINS")))
        installed = _installed() if (plugins is None or any(isinstance(p, str) for p in plugins)) else {}
        chosen = self._choose(plugins, installed, config)
        for name in deny:
            chosen.pop(name, None)
        if self.trace:
            trace_logger.setLevel(logging.INFO)
            if not has_level_handler(trace_logger):  # else messages would show twice
                trace_logger.addHandler(logging.StreamHandler())
            self.manager.add_hookcall_monitoring(_trace_before, _trace_after)
        self.manager.hook.tumbler_addhooks.call_historic(kwargs={"pluginmanager": self.manager})
        for name in sorted(chosen):
            obj, ep = chosen[name]
            self.register(obj if obj is not None else _load(name, ep), name=name, _ep=ep)
        self._check_unknown_hooks()
        self._loaded = True
        required = _split(require) + _split(config.get("REQUIRE_PLUGINS", env.get("TUMBLER_REQUIRE_PLUGINS")))
        self._check_required(required, installed, deny)

    def _choose(
        self,
        plugins: t.Iterable[str | object] | None,
        installed: dict[str, metadata.EntryPoint],
        config: t.Mapping[str, t.Any],
    ) -> dict[str, tuple[object | None, metadata.EntryPoint | None]]:
        """The plugins to load, by name: an object to register, or an entry point to load."""
        if plugins is None:
            allow = _split(config.get("PLUGINS", os.environ.get("TUMBLER_PLUGINS")))
            autoload = _truthy(config.get("PLUGINS_AUTOLOAD", os.environ.get("TUMBLER_PLUGINS_AUTOLOAD", "1")))
            for name in allow:
                self._entry_point(name, installed, "the allow-list (PLUGINS / TUMBLER_PLUGINS)")
            return {name: (None, installed[name]) for name in (installed if autoload and not allow else allow)}
        chosen: dict[str, tuple[object | None, metadata.EntryPoint | None]] = {}
        for item in plugins:
            name = item if isinstance(item, str) else _object_name(item)
            if name in chosen:
                raise PluginError(
                    f"App(plugins=...) names the plugin {name!r} twice. Pass each plugin once"
                    " (give plugin objects distinct 'tumbler_plugin_name' attributes)."
                )
            if isinstance(item, str):
                chosen[name] = (None, self._entry_point(item, installed, "App(plugins=...)"))
            else:
                chosen[name] = (item, None)
        return chosen

    def _entry_point(self, name: str, installed: dict[str, metadata.EntryPoint], where: str) -> metadata.EntryPoint:
        try:
            return installed[name]
        except KeyError:
            have = ", ".join(sorted(installed)) or "none"
            raise PluginError(
                f"Unknown plugin {name!r} in {where}. Installed plugins: {have}."
                f" Check the spelling, or install the distribution that provides {name!r}."
            ) from None

    def register(self, plugin: object, name: str | None = None, *, _ep: metadata.EntryPoint | None = None) -> None:
        """Register a plugin object (a module or an instance with hookimpls).

        Only during setup: after the app handled its first request this raises.
        """
        app = self._app()
        if app is not None:
            app._check_setup_finished("plugins.register")
        name = name or _object_name(plugin)
        if name in self._infos:
            raise PluginError(f"A plugin named {name!r} is already registered on this app.")
        try:
            self.manager.register(plugin, name=name)
        except pluggy.PluginValidationError as e:
            raise PluginError(f"Plugin {name!r} cannot be loaded: {e}") from e
        self._calls.clear()
        dist = _ep.dist if _ep is not None else None
        self._infos[name] = PluginInfo(
            name=name,
            distribution=dist.metadata["Name"] if dist is not None else None,
            version=dist.version if dist is not None else getattr(plugin, "__version__", None),
            hooks=tuple(sorted(c.name for c in self.manager.get_hookcallers(plugin) or ())),
            order=len(self._infos),
            plugin=plugin,
        )
        if self._loaded:
            # registered after App.__init__: validate it and configure the app for it alone
            try:
                self._check_unknown_hooks()
            except PluginError:
                self.manager.unregister(plugin)
                del self._infos[name]
                raise
            others = [p for n, p in self.manager.list_name_plugin() if n != name]
            self.manager.subset_hook_caller("tumbler_configure", others)(app=app)
            if app is not None:
                app._hooks = _Hooks(self)

    def _check_unknown_hooks(self) -> None:
        for name, caller in vars(self.manager.hook).items():
            if not isinstance(caller, pluggy.HookCaller) or caller.has_spec():
                continue
            for impl in caller.get_hookimpls():
                if not impl.optionalhook:
                    raise PluginError(
                        f"Plugin {impl.plugin_name!r} implements the hook {name!r}, which no"
                        " loaded plugin declares. Check the name for a typo, or mark it"
                        " @hookimpl(optionalhook=True) if it cooperates with a plugin that"
                        " may be absent."
                    )

    def _check_required(
        self, requirements: list[str], installed: dict[str, metadata.EntryPoint], deny: set[str]
    ) -> None:
        if not requirements:
            return
        from packaging.requirements import InvalidRequirement, Requirement

        for text in requirements:
            try:
                req = Requirement(text)
            except InvalidRequirement as e:
                raise PluginError(
                    f"Cannot read the plugin requirement {text!r}: {e}. Write it as 'name' or 'name>=1.0'."
                ) from None
            info = self._infos.get(req.name)
            if info is None:
                raise _not_loaded(text, req.name, installed.get(req.name), deny)
            if req.specifier and (info.version is None or not req.specifier.contains(info.version, prereleases=True)):
                dist = info.distribution or req.name
                raise PluginError(
                    f"This app requires the plugin {text!r}, but {dist} {info.version or '(unknown version)'}"
                    f" is installed. Fix: pip install '{dist}{req.specifier}'."
                )

    # -- introspection -----------------------------------------------------

    def list(self) -> list[PluginInfo]:
        """The loaded plugins in registration order."""
        return sorted(self._infos.values(), key=lambda i: i.order)

    def call_order(self, hook: str) -> builtins.list[str]:
        """The names of the plugins implementing ``hook``, in the order they are called."""
        caller = getattr(self.manager.hook, hook, None)
        if caller is None:
            return []
        return [impl.plugin_name for impl in reversed(caller.get_hookimpls())]

    def describe(self) -> builtins.list[dict[str, t.Any]]:
        """:meth:`list` as JSON-ready dicts, with each hook's call position."""
        return [
            {
                "name": i.name,
                "distribution": i.distribution,
                "version": i.version,
                "order": i.order,
                "hooks": {h: self.call_order(h).index(i.name) for h in i.hooks},
            }
            for i in self.list()
        ]

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def __getitem__(self, name: str) -> PluginInfo:
        return self._infos[name]

    def __iter__(self) -> t.Iterator[str]:
        return iter(self._infos)

    @property
    def hook(self) -> t.Any:
        """``manager.hook``: call a setup hook, e.g. ``app.plugins.hook.tumbler_x(app=app)``."""
        return self.manager.hook

    # -- compiling the per-request hooks -------------------------------------

    def calls(self, hook_name: str) -> tuple[t.Callable[..., t.Any], ...] | None:
        """The implementations of ``hook_name`` as plain callables, in pluggy's
        call order, each taking the hook's arguments positionally (in the
        spec's order) and returning its own result; ``None`` when a wrapper
        implements the hook (call it through :attr:`hook` then).

        For a plugin that calls its own hook per request: looping over these
        costs a fraction of a pluggy call. Remade when a plugin is registered.
        """
        try:
            return self._calls[hook_name]
        except KeyError:
            pass
        caller = getattr(self.manager.hook, hook_name, None)
        calls: tuple[t.Callable[..., t.Any], ...] | None = ()
        if caller is not None:
            wrapped = any(i.hookwrapper or i.wrapper for i in caller.get_hookimpls())
            calls = None if wrapped else self._compile(hook_name)
        self._calls[hook_name] = calls
        return calls

    def _compile(self, hook_name: str) -> tuple[t.Callable[..., t.Any], ...]:
        caller: pluggy.HookCaller = getattr(self.manager.hook, hook_name)
        impls = caller.get_hookimpls()
        if not impls:
            return ()
        spec = caller.spec
        argnames = tuple(spec.argnames) if spec is not None else ()
        if any(i.hookwrapper or i.wrapper for i in impls):
            # wrappers need pluggy's own caller (which also feeds the trace monitor)
            return (lambda *args: caller(**dict(zip(argnames, args))),)
        calls = []
        for impl in reversed(impls):
            f, names = impl.function, tuple(impl.argnames)
            if names != argnames:
                idx = tuple(argnames.index(n) for n in names)
                f = _select_args(f, idx)
            if self.trace:
                f = _traced(f, hook_name, impl.plugin_name, argnames)
            calls.append(f)
        return tuple(calls)


_FIRST_PARTY = {"templating", "sessions", "signals", "cli", "testing"}


def _truthy(value: t.Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE
    return bool(value)


def _not_loaded(text: str, name: str, ep: metadata.EntryPoint | None, deny: set[str]) -> PluginError:
    """The error for a required plugin that is not loaded: not installed, denied or not selected."""
    if ep is None:
        hint = f"pip install tumbler-{name}" if name in _FIRST_PARTY else "install the distribution that provides it"
        return PluginError(
            f"This app requires the plugin {text!r}, but no installed distribution provides it. Fix: {hint}."
        )
    why = (
        "it is in the deny-list (DISABLE_PLUGINS / TUMBLER_DISABLE_PLUGINS)"
        if name in deny
        else "it was not selected (see PLUGINS / TUMBLER_PLUGINS and App(plugins=...))"
    )
    return PluginError(f"This app requires the plugin {name!r} from {_dist_name(ep)}, but {why}. Enable it.")


def _load(name: str, ep: metadata.EntryPoint | None) -> object:
    assert ep is not None
    try:
        return ep.load()
    except Exception as e:
        raise PluginError(
            f"Plugin {name!r} (from {_dist_name(ep)}, {ep.value}) failed to import:"
            f" {type(e).__name__}: {e}. Fix or reinstall it, or disable it with"
            f" TUMBLER_DISABLE_PLUGINS={name}."
        ).with_traceback(sys.exc_info()[2]) from e


def _select_args(f: t.Callable[..., t.Any], idx: tuple[int, ...]) -> t.Callable[..., t.Any]:
    return lambda *a: f(*[a[i] for i in idx])


def _traced(f: t.Callable[..., t.Any], hook: str, plugin: str, argnames: tuple[str, ...]) -> t.Callable[..., t.Any]:
    def call(*args: t.Any) -> t.Any:
        result = f(*args)
        trace_logger.info("hook %s(%s) -> plugin %s returned %r", hook, _fmt(dict(zip(argnames, args))), plugin, result)
        return result

    return call


def _trace_before(hook_name: str, impls: t.Sequence[pluggy.HookImpl], kwargs: t.Mapping[str, t.Any]) -> None:
    names = ", ".join(i.plugin_name for i in reversed(impls)) or "no plugin"
    trace_logger.info("hook %s(%s) -> %s", hook_name, _fmt(kwargs), names)


def _trace_after(
    outcome: t.Any, hook_name: str, impls: t.Sequence[pluggy.HookImpl], kwargs: t.Mapping[str, t.Any]
) -> None:
    try:
        result = outcome.get_result()
    except BaseException as e:  # the outcome re-raises; we only report it
        trace_logger.info("hook %s raised %r", hook_name, e)
        return
    answered = [i.plugin_name for i in reversed(impls)]
    if isinstance(result, list):
        trace_logger.info("hook %s answered by %s", hook_name, ", ".join(answered) or "no plugin")
    elif result is not None:
        trace_logger.info("hook %s answered %r (first result among %s)", hook_name, result, ", ".join(answered))


def _fmt(kwargs: t.Mapping[str, t.Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
