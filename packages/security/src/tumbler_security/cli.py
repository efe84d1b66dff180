"""``tumbler security-check``: every production check as pass / warn / fail.

Imported only by the plugin's ``tumbler_cli_commands`` implementation, so
the plugin never imports click unless the CLI plugin asks for commands.
"""

from __future__ import annotations

import typing as t
import weakref

import click

from .checks import run_checks

if t.TYPE_CHECKING:
    from tumbler import App

__all__ = ["security_check_command"]

_COLORS = {"pass": "green", "warn": "yellow", "fail": "red"}


def security_check_command(app: App) -> click.Command:
    """The command for one app; exit status 1 when a check fails."""
    app_ref = weakref.ref(app)

    def security_check() -> None:
        current = app_ref()
        if current is None:
            raise click.ClickException("The app is gone.")
        checks = run_checks(current)
        width = max(len(c.name) for c in checks)
        for check in checks:
            status = click.style(f"{check.status:<4}", fg=_COLORS[check.status])
            click.echo(f"{status}  {check.name:<{width}}  {check.message}")
        failed = sum(c.status == "fail" for c in checks)
        warned = sum(c.status == "warn" for c in checks)
        click.echo(f"{len(checks)} checks: {failed} failed, {warned} warnings.")
        if failed:
            raise SystemExit(1)

    return click.Command(
        "security-check",
        callback=security_check,
        help="Run tumbler-security's production checks and print each as pass, warn or fail.",
    )
