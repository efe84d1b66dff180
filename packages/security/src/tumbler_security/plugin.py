"""The security plugin's hook implementations (entry point ``security``).

Setup: config defaults (``tumbler_configure``); when setup ends
(``tumbler_setup_finished``) the config is checked, the production checks run
outside DEBUG and TESTING, and the two per-request steps are registered only
if they are on: :class:`~tumbler_security.crossorigin.CrossOriginProtection`
(``tumbler_request_started``; a safe method returns at once) and
:class:`~tumbler_security.headers.SecurityHeaders`
(``tumbler_process_response``). Optional cooperation: templating's
``tumbler_template_context`` (``csrf_token``, ``csrf_field``) and the CLI's
``tumbler_cli_commands`` (``security-check``).
"""

from __future__ import annotations

import typing as t

from tumbler import hookimpl
from tumbler.globals import _cv_request

from .checks import enforce
from .config import CONFIG_DEFAULTS, check_config
from .crossorigin import CrossOriginProtection
from .headers import SecurityHeaders, header_values
from .tokens import csrf_field, csrf_token

if t.TYPE_CHECKING:
    from tumbler import App

__all__: list[str] = []


@hookimpl
def tumbler_configure(app: App) -> None:
    for key, value in CONFIG_DEFAULTS.items():
        app.config.setdefault(key, value)


@hookimpl
def tumbler_setup_finished(app: App) -> None:
    check_config(app)
    if app.config["SECURITY_PRODUCTION_CHECKS"] and not (app.debug or app.testing):
        enforce(app)
    # another plugin's check may fail after ours: setup then ends again at the next request
    if app.config["SECURITY_CROSS_ORIGIN_PROTECTION"] and CrossOriginProtection.tumbler_plugin_name not in app.plugins:
        app.plugins.register(CrossOriginProtection(app))
    headers, hsts = header_values(app)
    if (headers or hsts) and SecurityHeaders.tumbler_plugin_name not in app.plugins:
        app.plugins.register(SecurityHeaders(app))


@hookimpl(optionalhook=True)
def tumbler_template_context(app: App) -> dict[str, t.Any] | None:
    """tumbler-templating: ``csrf_token()`` and ``csrf_field()`` in templates
    rendered during a request."""
    if _cv_request.get(None) is None:
        return None
    return {"csrf_token": csrf_token, "csrf_field": csrf_field}


@hookimpl(optionalhook=True)
def tumbler_cli_commands(app: App, group: t.Any) -> None:
    """tumbler-cli: ``tumbler security-check``."""
    from .cli import security_check_command

    if "security-check" not in getattr(group, "commands", {}):
        group.add_command(security_check_command(app))
