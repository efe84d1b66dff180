"""Cross-origin request protection for unsafe methods.

A browser says where a request comes from: ``Sec-Fetch-Site`` (every current
browser) or, failing that, ``Origin``. A state-changing request (any method
but GET, HEAD, OPTIONS and TRACE) from another origin is refused with a 403,
unless its origin is trusted or its view or blueprint is exempt. A request
with neither header does not come from a modern browser's cross-site form or
script; it passes, unless ``SECURITY_FORM_TOKENS`` asks for a signed token
(for older browsers).
"""

from __future__ import annotations

import html
import json
import typing as t

from tumbler import Blueprint, hookimpl
from tumbler.globals import _cv_request
from werkzeug.exceptions import Forbidden

from .tokens import token_is_valid

if t.TYPE_CHECKING:
    from tumbler import App, RequestContext

__all__ = ["CrossOriginForbidden", "CrossOriginProtection", "exempt"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_EXEMPT = "_tumbler_security_exempt"
V = t.TypeVar("V", bound=t.Callable[..., t.Any])


@t.overload
def exempt(target: V) -> V: ...
@t.overload
def exempt(target: Blueprint) -> Blueprint: ...
def exempt(target: t.Any) -> t.Any:
    """Let a view, or every view of a blueprint (nested ones included), take
    cross-origin unsafe requests (a webhook, a public API with its own
    authentication). Use as a decorator or call it with a blueprint:
    ``exempt(api_blueprint)``. Must happen before the first request."""
    if not (isinstance(target, Blueprint) or callable(target)):
        raise TypeError(f"exempt() takes a view function or a Blueprint, not {type(target).__name__}.")
    setattr(target, _EXEMPT, True)
    return target


class CrossOriginForbidden(Forbidden):
    """The 403 for a refused cross-origin request: an HTML page, or JSON when
    the client asks for JSON (an ``Accept`` or body of ``application/json``).
    An app's ``errorhandler(403)`` receives it like any 403."""

    def __init__(self, reason: str, hint: str | None = None) -> None:
        super().__init__(reason)
        self.hint = hint

    def _wants_json(self, environ: dict[str, t.Any] | None) -> bool:
        if environ is None:
            return False
        accept = environ.get("HTTP_ACCEPT", "")
        return "json" in environ.get("CONTENT_TYPE", "") or ("application/json" in accept and "html" not in accept)

    def get_body(self, environ: t.Any = None, scope: t.Any = None) -> str:
        if self._wants_json(environ):
            return json.dumps({"error": "cross-origin request refused", "message": self.description}) + "\n"
        hint = f"\n<p>{html.escape(self.hint)}</p>" if self.hint else ""
        return (
            "<!doctype html>\n<html lang=en>\n<title>403 Forbidden</title>\n<h1>Cross-origin request refused</h1>\n"
            f"<p>{html.escape(str(self.description))}</p>{hint}\n"
        )

    def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> list[tuple[str, str]]:
        mimetype = "application/json" if self._wants_json(environ) else "text/html; charset=utf-8"
        return [("Content-Type", mimetype)]


class CrossOriginProtection:
    """The per-request check, registered on an app when setup ends (only when
    ``SECURITY_CROSS_ORIGIN_PROTECTION`` is on)."""

    tumbler_plugin_name = "security.cross_origin"

    def __init__(self, app: App) -> None:
        config = app.config
        self.trusted = frozenset(o.rstrip("/").lower() for o in config["SECURITY_TRUSTED_ORIGINS"])
        self.tokens = bool(config["SECURITY_FORM_TOKENS"])
        self.debug = bool(app.debug)
        self.exempt_endpoints = frozenset(ep for ep, f in app.view_functions.items() if getattr(f, _EXEMPT, False))
        self.exempt_blueprints = tuple(f"{name}." for name, bp in app.blueprints.items() if getattr(bp, _EXEMPT, False))

    @hookimpl
    def tumbler_request_started(self, app: App) -> None:
        ctx = _cv_request.get()
        environ = ctx.environ
        if environ.get("REQUEST_METHOD") in SAFE_METHODS:
            return
        reason = self._refusal(app, ctx, environ)
        if reason is not None and not self._is_exempt(ctx):
            hint = None
            if self.debug:
                hint = (
                    "Debug hint: add the origin to SECURITY_TRUSTED_ORIGINS, or mark the view"
                    " (or its blueprint) with tumbler_security.exempt."
                )
            app.logger.info(
                "tumbler-security refused %s %s: %s", environ.get("REQUEST_METHOD"), ctx.request.path, reason
            )
            raise CrossOriginForbidden(reason, hint)

    def _refusal(self, app: App, ctx: RequestContext, environ: dict[str, t.Any]) -> str | None:
        """Why the request must be refused, or ``None``."""
        site = environ.get("HTTP_SEC_FETCH_SITE")
        origin = environ.get("HTTP_ORIGIN")
        if site is not None:
            if site == "same-origin" or site == "none" or self._trusted(origin):
                return None
            return f"This request came from another site (Sec-Fetch-Site: {site}), which this site does not trust."
        if origin is None:
            if not self.tokens or token_is_valid(app, ctx):
                return None
            return "This form has no valid security token: reload the page and submit the form again."
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
        if origin.partition("://")[2].lower() == host.lower() or self._trusted(origin):
            return None
        return f"This request came from another origin ({origin}), which this site does not trust."

    def _trusted(self, origin: str | None) -> bool:
        return origin is not None and origin.rstrip("/").lower() in self.trusted

    def _is_exempt(self, ctx: RequestContext) -> bool:
        endpoint = ctx.endpoint
        if endpoint is None:
            return False
        return endpoint in self.exempt_endpoints or endpoint.startswith(self.exempt_blueprints)
