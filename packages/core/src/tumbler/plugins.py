"""Plugin discovery, selection, ordering and introspection, one pluggy manager per app.

Discovery reads the entry-point group ``tumbler.plugins``; an entry point's
name is the plugin's canonical name everywhere. Selection, in order:

* ``App(..., plugins=[...])`` names or objects: exactly these are loaded;
* otherwise, when autoload is on (the default; ``PLUGINS_AUTOLOAD`` /
  ``TUMBLER_PLUGINS_AUTOLOAD=0`` turns it off), every installed plugin, narrowed
  by an allow-list (``PLUGINS`` / ``TUMBLER_PLUGINS``) when one is given;
* a deny-list (``DISABLE_PLUGINS`` / ``TUMBLER_DISABLE_PLUGINS``) always wins.

A config key (``App(..., config={...})``) that is set (not ``None``) replaces
its environment variable ``TUMBLER_<KEY>``, except the deny-list, where both
add up. Among implementations of equal priority, plugins are called in
selection order: the order of ``App(plugins=[...])`` or of the allow-list,
else by name. pluggy calls the plugin registered last first, so they are
registered in reverse.

A plugin's hook implementations are adapted as they register (see
:meth:`PluginHost._adapt`): ``async def`` ones run through the app's
``ensure_sync`` and, with tracing on, each logs its calls. An exception from a
hook is traced back to the plugin from its traceback (:meth:`PluginHost.blame`),
so nothing is wrapped for that; the request path logs (:meth:`PluginHost.log_failure`)
instead of raising what the teardown-time hooks raise.
"""

from __future__ import annotations

import builtins
import difflib
import logging
import os
import time
import typing as t
import warnings
import weakref
from dataclasses import dataclass
from functools import wraps
from importlib import metadata
from inspect import isasyncgenfunction, iscoroutinefunction, isroutine, unwrap

import pluggy

from . import hookspecs
from .hookspecs import PROJECT_NAME
from .logging import has_level_handler

if t.TYPE_CHECKING:
    from .app import App

__all__ = ["ENTRY_POINT_GROUP", "PluginError", "PluginHost", "PluginInfo", "PluginWarning", "hookimpl"]

ENTRY_POINT_GROUP = "tumbler.plugins"
#: Marks a plugin's hook implementations.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
_FALSE = {"0", "false", "no", "off", ""}
trace_logger = logging.getLogger("tumbler.plugins")

#: The hooks called per request; compiled into plain lists (see :class:`_Hooks`).
PER_REQUEST_HOOKS = tuple(
    "request_received appcontext_pushed appcontext_popped teardown_appcontext request_started"
    " teardown_request make_response process_response request_exception".split()
)
_DENIED = "denied (DISABLE_PLUGINS / TUMBLER_DISABLE_PLUGINS)"
_ALLOW_LIST = "the allow-list (PLUGINS / TUMBLER_PLUGINS)"
_NOT_ALLOWED = f"not in {_ALLOW_LIST}"
_NOT_AUTOLOADED = "not autoloaded (PLUGINS_AUTOLOAD / TUMBLER_PLUGINS_AUTOLOAD is off)"


class PluginError(RuntimeError):
    """A plugin could not be found, loaded or validated; the message says what to change."""


class PluginWarning(UserWarning):
    """A plugin looks wrong but the app can run: an unmarked ``tumbler_*`` function,
    a misspelled optional hook, a broken plugin skipped (``SKIP_BROKEN_PLUGINS``)."""


@dataclass(frozen=True)
class PluginInfo:
    """One loaded plugin, as listed by :meth:`PluginHost.list`."""

    #: The canonical name (the entry point's name).
    name: str
    #: The distribution that provides it (``None`` for an object no installed entry point names).
    distribution: str | None
    version: str | None
    #: The hooks it implements, sorted by name.
    hooks: tuple[str, ...]
    #: Its position in the selection order (0 first): the call order among equal priorities.
    order: int
    plugin: object


def _split(value: t.Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value or ()
    return [str(p).strip() for p in items if str(p).strip()]


def _setting(config: t.Mapping[str, t.Any], key: str, default: t.Any = None) -> t.Any:
    """The config key when it is set, else the environment variable ``TUMBLER_<key>``."""
    value = config.get(key)
    return os.environ.get(f"TUMBLER_{key}", default) if value is None else value


def _installed() -> dict[str, metadata.EntryPoint]:
    found: dict[str, metadata.EntryPoint] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        other = found.setdefault(ep.name, ep)
        if _dist_name(other) != _dist_name(ep):
            one, two = sorted((str(_dist_name(other)), str(_dist_name(ep))))
            raise PluginError(f"Two distributions provide the plugin {ep.name!r}: {one} and {two}. Uninstall one.")
    return found


def _dist_name(ep: metadata.EntryPoint | None) -> str | None:
    dist = getattr(ep, "dist", None)
    return dist.metadata["Name"] if dist is not None else None


def _entry_point_of(obj: object, installed: dict[str, metadata.EntryPoint]) -> metadata.EntryPoint | None:
    """The installed entry point that names ``obj`` (a plugin module passed as an object), if any."""
    return next((ep for ep in installed.values() if ep.value == getattr(obj, "__name__", None)), None)


class _Hooks:
    """The per-request hooks (:data:`PER_REQUEST_HOOKS`, without ``tumbler_``) as
    tuples of plain callables, in pluggy's call order, each taking the hook's
    arguments positionally."""

    def __init__(self, host: PluginHost) -> None:
        for name in PER_REQUEST_HOOKS:
            caller: pluggy.HookCaller = getattr(host.manager.hook, f"tumbler_{name}")
            if (calls := host._compile(caller)) is None:  # a wrapper: through pluggy's own caller
                argnames = caller.spec.argnames if caller.spec is not None else ()
                calls = (lambda *args, c=caller, names=argnames: c(**dict(zip(names, args))),)
            setattr(self, name, calls)

    if t.TYPE_CHECKING:

        def __getattr__(self, name: str) -> tuple[t.Callable[..., t.Any], ...]: ...


class PluginHost:
    """The plugins of one app: ``app.plugins``."""

    def __init__(self, app: App) -> None:
        self._app = weakref.ref(app)
        #: The app's own pluggy manager.
        self.manager = pluggy.PluginManager(PROJECT_NAME)
        self.manager.add_hookspecs(hookspecs)
        self._infos: dict[str, PluginInfo] = {}
        self.trace = self._loaded = False
        self._calls: dict[str, tuple[t.Callable[..., t.Any], ...] | None] = {}
        self._why_not: dict[str, str] = {}  # installed plugins denied or skipped, and why
        self._idle: set[str] = set()  # plugins whose per-request implementations would do nothing now
        self._unselected = ""  # why the other installed plugins that are not loaded were left out

    # -- loading ---------------------------------------------------------

    def load(
        self, plugins: t.Iterable[str | object] | None, require: t.Iterable[str] | None, config: t.Mapping[str, t.Any]
    ) -> None:
        """Select, register and validate plugins (called by ``App.__init__``)."""
        plugins = None if plugins is None else builtins.list(plugins)
        self.trace = _truthy(_setting(config, "TRACE_PLUGINS"))
        deny = {*_split(config.get("DISABLE_PLUGINS")), *_split(os.environ.get("TUMBLER_DISABLE_PLUGINS"))}
        installed = _installed() if plugins != [] or deny else {}
        chosen, autoloaded = self._choose(plugins, installed, config)
        for name in sorted(deny):
            if chosen.pop(name, None) is None and name not in installed:
                raise _unknown(name, installed, "the deny-list (DISABLE_PLUGINS / TUMBLER_DISABLE_PLUGINS)")
            self._why_not[name] = _DENIED
        if self.trace:
            trace_logger.setLevel(logging.INFO)
            if not has_level_handler(trace_logger):  # else messages would show twice
                trace_logger.addHandler(logging.StreamHandler())
        self.manager.hook.tumbler_addhooks.call_historic(kwargs={"pluginmanager": self.manager})
        required = _split(require) + _split(_setting(config, "REQUIRE_PLUGINS"))
        skip_broken = autoloaded and _truthy(_setting(config, "SKIP_BROKEN_PLUGINS", "0"))
        for order, name in reversed(builtins.list(enumerate(chosen))):
            obj, ep = chosen[name]
            try:
                self.register(obj if obj is not None else _load(name, ep), name=name, _ep=ep, _order=order)
            except PluginError as e:
                if not skip_broken or name in {_requirement(r).name for r in required}:
                    raise
                warnings.warn(f"{e} Skipped, as SKIP_BROKEN_PLUGINS is on.", PluginWarning, stacklevel=3)
                self._why_not[name] = f"failed: {e}"
        self._check_unknown_hooks()
        self._loaded = True
        self._check_required(required, installed)

    def _choose(
        self, plugins: builtins.list[str | object] | None, installed: dict[str, metadata.EntryPoint], config: t.Any
    ) -> tuple[dict[str, tuple[object | None, metadata.EntryPoint | None]], bool]:
        """The plugins to load, by name, in call order (an object to register or an entry
        point to load), and whether they were autoloaded (not named by the app)."""
        if plugins is None:
            allow = _split(_setting(config, "PLUGINS"))
            autoload = _truthy(_setting(config, "PLUGINS_AUTOLOAD", "1"))
            # when neither applies, every installed plugin that is not denied loads
            self._unselected = _NOT_ALLOWED if allow else _NOT_AUTOLOADED
            names = allow or (sorted(installed) if autoload else [])
            return {name: (None, _entry_point(name, installed, _ALLOW_LIST)) for name in names}, autoload and not allow
        self._unselected = "not in App(plugins=...)"
        chosen: dict[str, tuple[object | None, metadata.EntryPoint | None]] = {}
        for item in plugins:
            is_name = isinstance(item, str)
            ep = _entry_point(str(item), installed, "App(plugins=...)") if is_name else _entry_point_of(item, installed)
            name = ep.name if ep is not None else _object_name(item)
            if name in chosen:
                raise PluginError(
                    f"App(plugins=...) names the plugin {name!r} twice (by name, or as its object). Pass each"
                    " plugin once (give plugin objects distinct 'tumbler_plugin_name' attributes)."
                )
            chosen[name] = (None if is_name else item, ep)
        return chosen, False

    def register(
        self, plugin: object, name: str | None = None, *, _ep: metadata.EntryPoint | None = None, _order: int = -1
    ) -> None:
        """Register a plugin object (a module or an instance with hookimpls).

        Only during setup: after the app handled its first request this raises.
        A plugin registered after ``App(...)`` is called before the loaded ones
        of equal priority (pluggy calls the plugin registered last first).
        """
        if (app := self._app()) is not None:
            app._check_setup_finished("plugins.register")
        name = name or _object_name(plugin)
        if name in self._infos:
            raise PluginError(f"A plugin named {name!r} is already registered on this app.")
        if self.manager.is_registered(plugin):
            raise PluginError(
                f"Plugin {name!r} is the object already registered on this app as {self.manager.get_name(plugin)!r}."
                " Register each plugin once: by its name or as an object, not both."
            )
        self._inspect(plugin, name)
        try:
            self.manager.register(plugin, name=name)
        except pluggy.PluginValidationError as e:
            raise PluginError(f"Plugin {name!r} cannot be loaded: {e}") from e
        except Exception as e:  # its tumbler_addhooks raised
            self._raise_named(e, lambda: self.manager.unregister(plugin))
        dist, order = getattr(_ep, "dist", None), _order if _order >= 0 else len(self._infos)
        version = dist.version if dist is not None else getattr(plugin, "__version__", None)
        self._infos[name] = PluginInfo(name, _dist_name(_ep), version, self._adapt(plugin, name), order, plugin)
        self._calls.clear()
        if self._loaded:  # registered after App.__init__: validate it and configure the app for it alone
            try:
                self._check_unknown_hooks()
            except PluginError:
                self.manager.unregister(plugin)
                del self._infos[name]
                raise
            others = [p for n, p in self.manager.list_name_plugin() if n != name]
            self.call_setup(self.manager.subset_hook_caller("tumbler_configure", others), app=app)
            self._recompile()

    def set_idle(self, name: str, idle: bool = True) -> None:
        """Say that calling plugin ``name``'s per-request hook implementations would do
        nothing for now (``idle=True``), so the request path leaves them out, or that
        they have work again (``idle=False``). Allowed at any time, also while serving.

        For a plugin whose per-request work depends on state that changes at run
        time (tumbler-signals is idle while no receiver is connected). An idle
        plugin must still be harmless when called: a hook wrapper makes pluggy call
        every implementation. Setup hooks are not affected.

        .. versionadded:: 0.2.0
        """
        if name not in self._infos:
            raise PluginError(f"set_idle({name!r}): no plugin of that name is loaded. Loaded: {', '.join(self)}.")
        (self._idle.add if idle else self._idle.discard)(name)
        self._recompile()

    def _recompile(self) -> None:
        self._calls.clear()
        if (app := self._app()) is not None:
            app._hooks = _Hooks(self)

    def _inspect(self, plugin: object, name: str) -> None:
        """Before registering: warn about unmarked ``tumbler_*`` functions and refuse
        ``async def`` implementations of hooks pluggy calls as plugins register."""
        for attr in (a for a in dir(plugin) if a.startswith("tumbler_")):
            opts, func = self.manager.parse_hookimpl_opts(plugin, attr), getattr(plugin, attr, None)
            if opts is None and isroutine(func):
                message = f"Plugin {name!r} has a function {attr!r} without @hookimpl, so it is never called."
                warnings.warn(f"{message} Mark it @tumbler.hookimpl, or rename it.", PluginWarning, stacklevel=5)
            spec = getattr(getattr(self.manager.hook, opts and opts.get("specname") or attr, None), "spec", None)
            if opts is None or not (iscoroutinefunction(func) or isasyncgenfunction(func)):
                continue
            if opts.get("wrapper") or opts.get("hookwrapper"):
                raise PluginError(
                    f"Plugin {name!r} implements the wrapper {attr!r} with 'async def'. Make it a plain 'def' generator (pluggy drives it with 'yield')."
                )
            if spec is not None and spec.opts.get("historic"):
                raise PluginError(
                    f"Plugin {name!r} implements the hook {attr!r} with 'async def', but that hook is called while"
                    " plugins register, before anything could run a coroutine. Make it a plain 'def'."
                )

    def _adapt(self, plugin: object, name: str) -> tuple[str, ...]:
        """Make the plugin's implementations plain functions: ``async def`` ones run
        through the app's ``ensure_sync``; with tracing on, each logs its calls.
        Return the hooks it implements."""
        app, hooks = self._app(), []
        for caller in self.manager.get_hookcallers(plugin) or ():
            hooks.append(caller.name)
            for impl in (i for i in caller.get_hookimpls() if i.plugin is plugin and not (i.wrapper or i.hookwrapper)):
                f = app.ensure_sync(impl.function) if app is not None else impl.function
                setattr(impl, "function", _traced(f, caller.name, name, impl.argnames) if self.trace else f)
        return tuple(sorted(hooks))

    def _check_unknown_hooks(self) -> None:
        callers = vars(self.manager.hook)
        known = [n.removeprefix("tumbler_") for n, c in callers.items() if c.has_spec()]
        for name, caller in ((n, c) for n, c in callers.items() if not c.has_spec()):
            close = difflib.get_close_matches(name.removeprefix("tumbler_"), known, n=1, cutoff=0.75)
            hint = f" Did you mean 'tumbler_{close[0]}'?" if close else ""
            for impl in caller.get_hookimpls():
                who = f"Plugin {impl.plugin_name!r} implements the {'optional ' * impl.optionalhook}hook {name!r}"
                if not impl.optionalhook:
                    raise PluginError(
                        f"{who}, which no loaded plugin declares.{hint} Check the name for a typo, or mark it"
                        " @hookimpl(optionalhook=True) if it cooperates with a plugin that may be absent."
                    )
                if hint:
                    message = f"{who}, which no loaded plugin declares, so it is never called.{hint}"
                    warnings.warn(message, PluginWarning, stacklevel=4)

    def _check_required(self, requirements: builtins.list[str], installed: dict[str, metadata.EntryPoint]) -> None:
        for text in requirements:
            req = _requirement(text)
            if (info := self._infos.get(req.name)) is None:
                raise _not_loaded(text, req.name, installed, self._why_not.get(req.name, self._unselected))
            if req.specifier and (info.version is None or not req.specifier.contains(info.version, prereleases=True)):
                dist = info.distribution or req.name
                raise PluginError(
                    f"This app requires the plugin {text!r}, but {dist} {info.version or '(unknown version)'}"
                    f" is installed. Fix: pip install '{dist}{req.specifier}'."
                )

    # -- errors that name the plugin ------------------------------------------

    def _who(self, plugin: str, hook: str) -> tuple[str, str]:
        """("plugin 'x' (from dist 1.0), in its hook tumbler_y", "Fix: ...") for error messages."""
        info = self._infos.get(plugin)
        dist = info.distribution if info is not None else None
        where = f" (from {dist} {info.version})" if info is not None and dist else ""
        fix = f"Fix: set TUMBLER_DISABLE_PLUGINS={plugin}" + (f" or uninstall {dist}." if dist else ".")
        return f"plugin {plugin!r}{where}, in its hook {hook}", fix

    def blame(self, e: BaseException) -> tuple[str, str] | None:
        """Which plugin's hook implementation raised ``e`` (found in its traceback) and
        what to change, as ``(who, fix)``; ``None`` when no hook implementation did."""
        impls = {
            getattr(unwrap(impl.function), "__code__", None): (impl.plugin_name, name)
            for name, caller in vars(self.manager.hook).items()
            for impl in caller.get_hookimpls()
        }
        found, tb = None, e.__traceback__
        while tb is not None:  # the innermost implementation's frame names the culprit
            found, tb = impls.get(tb.tb_frame.f_code, found), tb.tb_next
        return None if found is None else self._who(*found)

    def annotate(self, e: BaseException) -> None:
        """Add a note naming the plugin to an exception its hook raised during a request
        (shown under the traceback in the log, and when the exception propagates)."""
        if (found := self.blame(e)) is not None:
            e.__notes__ = [*getattr(e, "__notes__", []), "tumbler: raised by {}. {}".format(*found)]

    def log_failure(self, e: Exception) -> None:
        """Log an exception from a hook that runs once the response is made (teardown,
        ``tumbler_appcontext_popped``) on the app's logger, naming the plugin."""
        who, fix = self.blame(e) or ("a plugin's hook", "")
        logger = app.logger if (app := self._app()) is not None else trace_logger
        logger.error(f"Error in {who}; the response is kept and the other implementations still ran. {fix}", exc_info=e)

    def _raise_named(self, e: Exception, undo: t.Callable[[], object] = lambda: None) -> t.NoReturn:
        """Raise a :class:`PluginError` naming the plugin whose hook raised ``e`` (else ``e``)."""
        found = self.blame(e)
        undo()
        if found is None:
            raise e
        raise PluginError(
            f"The app cannot start: {found[0]} raised {type(e).__name__}: {e}. Its traceback is above."
            f" Fix the plugin or its configuration, or disable it. {found[1]}"
        ) from e

    def call_setup(self, hook: str | t.Callable[..., t.Any], **kwargs: t.Any) -> t.Any:
        """Call a setup hook, e.g. ``app.plugins.call_setup("tumbler_configure", app=app)``;
        a failing implementation stops startup with a :class:`PluginError` naming it."""
        try:
            return (getattr(self.manager.hook, hook) if isinstance(hook, str) else hook)(**kwargs)
        except Exception as e:
            self._raise_named(e)

    # -- introspection -----------------------------------------------------

    def list(self) -> builtins.list[PluginInfo]:
        """The loaded plugins in selection order."""
        return sorted(self._infos.values(), key=lambda i: i.order)

    def call_order(self, hook: str) -> builtins.list[str]:
        """The names of the plugins implementing ``hook``, in the order they are called
        (``manager.hook.<hook>.get_hookimpls()`` in reverse, for their flags)."""
        caller = getattr(self.manager.hook, hook, None)
        return [] if caller is None else [impl.plugin_name for impl in caller.get_hookimpls()[::-1]]

    def not_loaded(self) -> dict[str, str]:
        """The installed plugins this app did not load, by name, with why: denied, not
        selected, or failed (and skipped, as ``SKIP_BROKEN_PLUGINS`` allows)."""
        return {n: self._why_not.get(n, self._unselected) for n in sorted(_installed()) if n not in self._infos}

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def __getitem__(self, name: str) -> PluginInfo:
        return self._infos[name]

    def __iter__(self) -> t.Iterator[str]:
        return (info.name for info in self.list())

    @property
    def hook(self) -> t.Any:
        """``manager.hook``: call a hook, e.g. ``app.plugins.hook.tumbler_x(app=app)``."""
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
        if hook_name not in self._calls:
            caller = getattr(self.manager.hook, hook_name, None)
            self._calls[hook_name] = () if caller is None else self._compile(caller)
        return self._calls[hook_name]

    def _compile(self, caller: pluggy.HookCaller) -> tuple[t.Callable[..., t.Any], ...] | None:
        argnames = tuple(caller.spec.argnames) if caller.spec is not None else ()
        calls = []
        for impl in reversed(caller.get_hookimpls()):
            if impl.hookwrapper or impl.wrapper:
                return None  # wrappers need pluggy's own caller
            if impl.plugin_name in self._idle:
                continue
            names = tuple(impl.argnames)
            calls.append(impl.function if names == argnames else _select_args(impl.function, argnames, names))
        return tuple(calls)


_FIRST_PARTY = {"templating", "sessions", "signals", "cli", "testing", "security"}


def _truthy(value: t.Any) -> bool:
    return value.strip().lower() not in _FALSE if isinstance(value, str) else bool(value)


def _object_name(obj: object) -> str:
    name = getattr(obj, "tumbler_plugin_name", None) or getattr(obj, "__name__", None)
    return str(name or type(obj).__name__)


def _requirement(text: str) -> t.Any:
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(text)
    except InvalidRequirement as e:
        message = f"Cannot read the plugin requirement {text!r}: {e}. Write it as 'name' or 'name>=1.0'."
        raise PluginError(message) from None


def _suggest(name: str, installed: dict[str, metadata.EntryPoint]) -> str:
    """ " Did you mean 'x'?" for a distribution name, another spelling or a typo of an installed plugin's name."""
    key = name.lower().replace("_", "-")
    for plugin, ep in installed.items():
        if key in (plugin.lower().replace("_", "-"), str(_dist_name(ep)).lower().replace("_", "-")):
            return f" Did you mean {plugin!r}? Plugins go by their entry-point name ({_dist_name(ep)} provides {plugin!r})."
    close = difflib.get_close_matches(name, builtins.list(installed), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def _entry_point(name: str, installed: dict[str, metadata.EntryPoint], where: str) -> metadata.EntryPoint:
    if name not in installed:
        raise _unknown(name, installed, where)
    return installed[name]


def _unknown(name: str, installed: dict[str, metadata.EntryPoint], where: str) -> PluginError:
    have = ", ".join(sorted(installed)) or "none"
    return PluginError(
        f"Unknown plugin {name!r} in {where}. Installed plugins: {have}.{_suggest(name, installed)}"
        f" Check the spelling, or install the distribution that provides {name!r}."
    )


def _not_loaded(text: str, name: str, installed: dict[str, metadata.EntryPoint], why: str) -> PluginError:
    """The error for a required plugin that is not loaded: not installed, or ``why`` not (denied, not selected)."""
    if (ep := installed.get(name)) is not None:
        return PluginError(f"This app requires the plugin {name!r} from {_dist_name(ep)}, but it is {why}. Enable it.")
    if hint := _suggest(name, installed):
        return PluginError(f"This app requires the plugin {text!r}, but no installed plugin has that name.{hint}")
    fix = f"pip install tumbler-{name}" if name in _FIRST_PARTY else "install the distribution that provides it"
    return PluginError(f"This app requires the plugin {text!r}, but no installed distribution provides it. Fix: {fix}.")


def _load(name: str, ep: metadata.EntryPoint | None) -> object:
    assert ep is not None
    try:
        return ep.load()
    except Exception as e:
        raise PluginError(
            f"Plugin {name!r} (from {_dist_name(ep)}, {ep.value}) failed to import: {type(e).__name__}: {e}."
            f" Fix or reinstall it, or disable it with TUMBLER_DISABLE_PLUGINS={name}."
        ) from e


def _select_args(f: t.Callable[..., t.Any], argnames: tuple[str, ...], names: tuple[str, ...]) -> t.Any:
    """``f`` taking the arguments ``argnames`` positionally, passing on those it takes (``names``)."""
    idx = tuple(argnames.index(n) for n in names)
    return lambda *a: f(*[a[i] for i in idx])


def _traced(f: t.Callable[..., t.Any], hook: str, plugin: str, argnames: t.Sequence[str]) -> t.Callable[..., t.Any]:
    """``f``, logging each call on the ``tumbler.plugins`` logger with its result and duration."""

    @wraps(f)
    def call(*args: t.Any) -> t.Any:
        start, outcome = time.perf_counter(), "raised"
        try:
            result = f(*args)
            outcome = f"returned {result!r}"
            return result
        finally:
            ms = (time.perf_counter() - start) * 1000
            described = ", ".join(f"{k}={v!r}" for k, v in zip(argnames, args))
            trace_logger.info("hook %s(%s) -> plugin %s %s in %.3f ms", hook, described, plugin, outcome, ms)

    return call
