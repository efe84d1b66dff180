"""The built-in commands besides ``run``: ``routes``, ``shell`` and ``plugins``."""

from __future__ import annotations

import json
import os
import sys
import typing as t

import click
from tumbler import current_app

from .appcli import make_shell_context
from .appgroup import pass_script_info, with_appcontext
from .discovery import ScriptInfo

__all__ = ["plugins_command", "routes_command", "shell_command"]


def _table(headers: list[str], rows: list[list[str]]) -> None:
    """Echo left-aligned columns with a dashed line under the headers."""
    rows = [headers, *rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]
    rows.insert(1, ["-" * w for w in widths])
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


@click.command("routes", short_help="Show the routes of the app.")
@click.option(
    "--sort",
    "-s",
    type=click.Choice(("endpoint", "methods", "domain", "rule", "match")),
    default="endpoint",
    show_default=True,
    help="Sort by a column; 'match' is the order in which requests are matched.",
)
@click.option("--all-methods", is_flag=True, help="Show HEAD and OPTIONS too.")
@with_appcontext
def routes_command(sort: str, all_methods: bool) -> None:
    """Show every URL rule with its endpoint and methods (and its host or
    subdomain when any rule has one)."""
    url_map = current_app.url_map
    rules = list(url_map.iter_rules())
    if not rules:
        click.echo("No routes were registered.")
        return
    hidden = set() if all_methods else {"HEAD", "OPTIONS"}
    host_matching = url_map.host_matching
    has_domain = any(rule.host if host_matching else rule.subdomain for rule in rules)
    headers, columns = ["Endpoint", "Methods"], ["endpoint", "methods"]
    if has_domain:
        headers.append("Host" if host_matching else "Subdomain")
        columns.append("domain")
    headers.append("Rule")
    columns.append("rule")
    rows = []
    for rule in rules:
        row = [rule.endpoint, ", ".join(sorted((rule.methods or set()) - hidden))]
        if has_domain:
            row.append((rule.host if host_matching else rule.subdomain) or "")
        rows.append([*row, rule.rule])
    if sort != "match":
        index = columns.index(sort) if sort in columns else 0
        rows.sort(key=lambda row: row[index])
    _table(headers, rows)


@click.command("shell", short_help="Run a Python shell in the app context.")
@with_appcontext
def shell_command() -> None:
    """Run an interactive Python shell in an app context, with 'app', 'g' and
    the names of the app's shell context processors defined. PYTHONSTARTUP
    is run first, as for the plain interpreter."""
    import code

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    banner = f"Python {sys.version} on {sys.platform}\nApp: {app.import_name}\nInstance: {app.instance_path}"
    namespace: dict[str, t.Any] = {}
    startup = os.environ.get("PYTHONSTARTUP")
    if startup and os.path.isfile(startup):
        with open(startup) as f:
            exec(compile(f.read(), startup, "exec"), namespace)
    # An app class of its own (Flask compat) may refine the namespace.
    own = getattr(app, "make_shell_context", None)
    namespace.update(own() if callable(own) else make_shell_context(app))
    interactive_hook = getattr(sys, "__interactivehook__", None)
    if interactive_hook is not None and sys.stdin.isatty():
        try:
            import readline
            from rlcompleter import Completer
        except ImportError:
            pass
        else:
            readline.set_completer(Completer(namespace).complete)
        interactive_hook()
    code.interact(banner=banner, local=namespace)


@click.command("plugins", short_help="List the app's plugins.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: each hook's call position and flags.")
@click.option("--all", "show_all", is_flag=True, help="Also list the installed plugins that were not loaded, and why.")
@pass_script_info
def plugins_command(info: ScriptInfo, as_json: bool, show_all: bool) -> None:
    """List the plugins loaded by the app (name, distribution, version, load
    order, hooks), then each hook's call order with the tryfirst, trylast and
    wrapper flags. With --all, also the installed plugins that were not loaded
    and why: denied, not selected, or failed (skipped)."""
    app = info.load_app()
    loaded = _describe_plugins(app)
    skipped = _describe_not_loaded(app) if show_all else []
    if as_json:
        click.echo(json.dumps(loaded + skipped, indent=2))
        return
    if not loaded:
        click.echo("No plugins are loaded.")
    else:
        rows = [
            [str(p["order"]), p["name"], p["distribution"] or "-", p["version"] or "-", ", ".join(p["hooks"])]
            for p in loaded
        ]
        _table(["Order", "Name", "Distribution", "Version", "Hooks"], rows)
        click.echo()
        _table(["Hook", "Call order (first called first)"], _call_order_rows(loaded))
    if show_all:
        click.echo()
        if not skipped:
            click.echo("Every installed plugin is loaded.")
            return
        rows = [[p["name"], p["distribution"] or "-", p["version"] or "-", p["reason"]] for p in skipped]
        _table(["Not loaded", "Distribution", "Version", "Why"], rows)


def _describe_plugins(app: t.Any) -> list[dict[str, t.Any]]:
    """The app's loaded plugins as JSON-ready dicts: ``name``, ``distribution``,
    ``version``, ``order``, ``loaded`` (true) and ``hooks``, mapping each hook it
    implements to its ``position`` in the call order (0 is called first) and
    its ``flags`` (``tryfirst``, ``trylast``, ``wrapper``, ``hookwrapper``,
    ``optionalhook``); a plugin implementing one hook twice (``specname``) has
    the others in ``more``, a list of such dicts."""
    described = []
    for info in app.plugins.list():
        hooks = {}
        for hook in info.hooks:
            impls = getattr(app.plugins.manager.hook, hook).get_hookimpls()[::-1]  # pluggy calls the last first
            mine = [
                {"position": i, "flags": [f for f in _FLAGS if getattr(impl, f)]}
                for i, impl in enumerate(impls)
                if impl.plugin_name == info.name
            ]
            hooks[hook] = {**mine[0], "more": mine[1:]} if len(mine) > 1 else mine[0]
        fields = {k: getattr(info, k) for k in ("name", "distribution", "version", "order")}
        described.append({**fields, "loaded": True, "hooks": hooks})
    return described


def _describe_not_loaded(app: t.Any) -> list[dict[str, t.Any]]:
    """The installed plugins the app did not load: ``name``, ``distribution``,
    ``version``, ``loaded`` (false) and ``reason``."""
    from importlib import metadata

    from tumbler.plugins import ENTRY_POINT_GROUP

    eps = {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}
    described = []
    for name, reason in app.plugins.not_loaded().items():
        dist = getattr(eps.get(name), "dist", None)
        distribution, version = (dist.metadata["Name"], dist.version) if dist is not None else (None, None)
        described.append(
            {"name": name, "distribution": distribution, "version": version, "loaded": False, "reason": reason}
        )
    return described


_FLAGS = ("tryfirst", "trylast", "wrapper", "hookwrapper", "optionalhook")


def _call_order_rows(loaded: list[dict[str, t.Any]]) -> list[list[str]]:
    """One row per hook: its implementations in call order, each with its flags."""
    order: dict[str, list[tuple[int, str]]] = {}
    for plugin in loaded:
        for hook, first in plugin["hooks"].items():
            for impl in [first, *first.get("more", ())]:
                flags = f" [{', '.join(impl['flags'])}]" if impl["flags"] else ""
                order.setdefault(hook, []).append((impl["position"], plugin["name"] + flags))
    return [[hook, ", ".join(name for _, name in sorted(calls))] for hook, calls in sorted(order.items())]
