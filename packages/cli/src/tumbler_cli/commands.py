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
@click.option("--json", "as_json", is_flag=True, help="Print JSON, with the call position of each hook implementation.")
@pass_script_info
def plugins_command(info: ScriptInfo, as_json: bool) -> None:
    """List the plugins loaded by the app: name, distribution, version,
    registration order and the hooks each implements."""
    app = info.load_app()
    if as_json:
        click.echo(json.dumps(app.plugins.describe(), indent=2))
        return
    plugins = app.plugins.list()
    if not plugins:
        click.echo("No plugins are loaded.")
        return
    rows = [[str(p.order), p.name, p.distribution or "-", p.version or "-", ", ".join(p.hooks) or "-"] for p in plugins]
    _table(["Order", "Name", "Distribution", "Version", "Hooks"], rows)
