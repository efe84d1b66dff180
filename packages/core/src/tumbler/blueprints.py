"""Blueprints: groups of routes, hooks and handlers registered on an app later.

A blueprint records what is set up on it and replays it on each registration
(:meth:`Blueprint.record`). Registered twice, it needs a different ``name=``.
Blueprints nest: endpoints and hook scopes get dotted names (``parent.child``).
"""

from __future__ import annotations

import os
import typing as t
from collections import defaultdict

from .scaffold import Scaffold, SetupError, endpoint_from_view_func, setupmethod

if t.TYPE_CHECKING:
    from .app import App

__all__ = ["Blueprint", "BlueprintSetupState"]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
DeferredSetupFunction = t.Callable[["BlueprintSetupState"], None]
_sentinel: t.Any = object()


def _nest(parent: str | None, child: str | None, join: t.Callable[[str, str], str]) -> str | None:
    """A nested blueprint's subdomain or URL prefix: its own inside its parent's."""
    if parent is None or child is None:
        return child if parent is None else parent
    return join(parent, child)


def _app_wide(name: str, attr: str) -> t.Callable[[Blueprint, F], F]:
    """A setup method of :class:`Blueprint` that adds ``f`` to ``app.<attr>`` on its first registration."""

    def register(self: Blueprint, f: F) -> F:
        self.record_once(lambda s: getattr(s.app, attr)[None].append(f))
        return f

    like = name.replace("app_", "")
    register.__name__, register.__qualname__ = name, f"Blueprint.{name}"
    register.__doc__ = f"Like :meth:`{like}`, for the whole app: every request (or every URL it builds)."
    return setupmethod(register)


class BlueprintSetupState:
    """Passed to deferred functions when a blueprint is registered."""

    def __init__(self, blueprint: Blueprint, app: App, options: dict[str, t.Any], first_registration: bool) -> None:
        self.app = app
        self.blueprint = blueprint
        self.options = options
        #: Whether this is the blueprint's first registration on any name.
        self.first_registration = first_registration
        self.subdomain = blueprint.subdomain if (sub := options.get("subdomain")) is None else sub
        self.url_prefix = blueprint.url_prefix if (prefix := options.get("url_prefix")) is None else prefix
        self.name: str = options.get("name", blueprint.name)
        self.name_prefix: str = options.get("name_prefix", "")
        self.url_defaults = dict(blueprint.url_values_defaults, **dict(options.get("url_defaults", ())))

    def add_url_rule(
        self, rule: str, endpoint: str | None = None, view_func: t.Callable[..., t.Any] | None = None, **options: t.Any
    ) -> None:
        """Add a rule to the app, with the blueprint's prefix, subdomain and defaults."""
        if self.url_prefix is not None:
            rule = "/".join((self.url_prefix.rstrip("/"), rule.lstrip("/"))) if rule else self.url_prefix
        options.setdefault("subdomain", self.subdomain)
        if endpoint is None:
            endpoint = endpoint_from_view_func(view_func)
        defaults = dict(self.url_defaults, **options.pop("defaults", {}))
        self.app.add_url_rule(
            rule, f"{self.name_prefix}.{self.name}.{endpoint}".lstrip("."), view_func, defaults=defaults, **options
        )


class Blueprint(Scaffold):
    """A set of routes and hooks to register on an app, possibly several times.

    :param name: the blueprint's name, the prefix of its endpoints.
    :param url_prefix: prepended to every rule.
    :param subdomain: the subdomain its rules match.
    :param url_defaults: default view arguments for its rules.
    """

    _got_registered_once = False

    def __init__(
        self,
        name: str,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        url_prefix: str | None = None,
        subdomain: str | None = None,
        url_defaults: dict[str, t.Any] | None = None,
        root_path: str | None = None,
        cli_group: str | None = _sentinel,
    ) -> None:
        super().__init__(import_name, static_folder, static_url_path, template_folder, root_path)
        if not name:
            raise ValueError("'name' may not be empty.")
        if "." in name:
            raise ValueError("'name' may not contain a dot '.' character.")
        self.name = name
        self.url_prefix = url_prefix
        self.subdomain = subdomain
        self.deferred_functions: list[DeferredSetupFunction] = []
        self.url_values_defaults = url_defaults or {}
        #: Read by the CLI plugin: the group name of this blueprint's commands.
        self.cli_group = cli_group
        self._blueprints: list[tuple[Blueprint, dict[str, t.Any]]] = []

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_registered_once:
            raise SetupError(
                f"The setup method '{f_name}' can no longer be called on the blueprint '{self.name}': it is"
                " already registered, and the change would miss that registration. Finish setup before registering it."
            )

    @setupmethod
    def record(self, func: DeferredSetupFunction) -> None:
        """Call ``func(state)`` on every registration of this blueprint."""
        self.deferred_functions.append(func)

    @setupmethod
    def record_once(self, func: DeferredSetupFunction) -> None:
        """Call ``func(state)`` on the blueprint's first registration only."""

        def wrapper(state: BlueprintSetupState) -> None:
            if state.first_registration:
                func(state)

        self.record(wrapper)

    def make_setup_state(
        self, app: App, options: dict[str, t.Any], first_registration: bool = False
    ) -> BlueprintSetupState:
        return BlueprintSetupState(self, app, options, first_registration)

    @setupmethod
    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Nest ``blueprint`` in this one; it is registered with this one."""
        if blueprint is self:
            raise ValueError("Cannot register a blueprint on itself")
        self._blueprints.append((blueprint, options))

    def register(self, app: App, options: dict[str, t.Any]) -> None:
        """Register on ``app`` (called by :meth:`App.register_blueprint`)."""
        self_name = options.get("name", self.name)
        name = f"{options.get('name_prefix', '')}.{self_name}".lstrip(".")
        if name in app.blueprints:
            which = "this" if app.blueprints[name] is self else "a different"
            at = f" '{name}'" if self_name != name else ""
            raise ValueError(
                f"The name '{self_name}' is already registered for {which} blueprint{at}."
                " Use 'name=' to provide a unique name."
            )
        first_bp = not any(bp is self for bp in app.blueprints.values())
        app.blueprints[name] = self
        self._got_registered_once = True
        state = self.make_setup_state(app, options, first_bp)
        if self.has_static_folder:
            state.add_url_rule(
                f"{self.static_url_path}/<path:filename>", view_func=self.send_static_file, endpoint="static"
            )
        self._merge_into(app, name)
        for deferred in self.deferred_functions:
            deferred(state)
        app.plugins.call_setup("tumbler_blueprint_registered", app=app, blueprint=self, name=name, options=options)
        for child, child_options in self._blueprints:
            child.register(app, self._child_options(state, child, child_options, name))

    @staticmethod
    def _child_options(
        state: BlueprintSetupState, child: Blueprint, options: dict[str, t.Any], name: str
    ) -> dict[str, t.Any]:
        options = dict(options)
        sub, prefix = options.get("subdomain"), options.get("url_prefix")
        sub = _nest(state.subdomain, child.subdomain if sub is None else sub, lambda p, c: f"{c}.{p}")
        prefix = child.url_prefix if prefix is None else prefix
        prefix = _nest(state.url_prefix, prefix, lambda p, c: f"{p.rstrip('/')}/{c.lstrip('/')}")
        options.update(subdomain=sub, url_prefix=prefix, name_prefix=name)
        return options

    def _merge_into(self, app: App, name: str) -> None:
        """Copy this blueprint's handlers and hooks into the app under ``name``."""
        for key, spec in self.error_handler_spec.items():
            scope = name if key is None else f"{name}.{key}"
            app.error_handler_spec[scope] = defaultdict(dict, {code: dict(handlers) for code, handlers in spec.items()})
        app.view_functions.update(self.view_functions)
        for attr in (
            "before_request_funcs",
            "after_request_funcs",
            "teardown_request_funcs",
            "url_default_functions",
            "url_value_preprocessors",
        ):
            target = getattr(app, attr)
            for key, funcs in getattr(self, attr).items():
                target[name if key is None else f"{name}.{key}"].extend(funcs)

    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Record a rule; it is added to the app, prefixed, on registration."""
        if endpoint and "." in endpoint:
            raise ValueError("'endpoint' may not contain a dot '.' character.")
        if view_func and hasattr(view_func, "__name__") and "." in view_func.__name__:
            raise ValueError("'view_func' name may not contain a dot '.' character.")
        self.record(
            lambda s: s.add_url_rule(
                rule, endpoint, view_func, provide_automatic_options=provide_automatic_options, **options
            )
        )

    # -- app-wide variants, applied to the app on registration ---------------

    before_app_request = _app_wide("before_app_request", "before_request_funcs")
    after_app_request = _app_wide("after_app_request", "after_request_funcs")
    teardown_app_request = _app_wide("teardown_app_request", "teardown_request_funcs")
    app_url_value_preprocessor = _app_wide("app_url_value_preprocessor", "url_value_preprocessors")
    app_url_defaults = _app_wide("app_url_defaults", "url_default_functions")

    @setupmethod
    def app_errorhandler(self, code: type[Exception] | int) -> t.Callable[[F], F]:
        """Like :meth:`errorhandler`, for errors anywhere in the app."""

        def decorator(f: F) -> F:
            self.record_once(lambda s: s.app.register_error_handler(code, f))
            return f

        return decorator
