"""Security headers: computed once when setup ends, added to every response.

A header the view (or an ``after_request`` function) already set is left
alone, so an app can change one per response. ``Strict-Transport-Security``
goes on responses to secure (https) requests only: browsers ignore it over
http, and sending it there would advertise nothing true.
"""

from __future__ import annotations

import typing as t

from tumbler import hookimpl
from tumbler.globals import _cv_request

if t.TYPE_CHECKING:
    from tumbler import App, Response

__all__ = ["SecurityHeaders", "header_values"]

_FRAME_ANCESTORS = {"DENY": "'none'", "SAMEORIGIN": "'self'"}


def header_values(app: App) -> tuple[list[tuple[str, str]], str | None]:
    """The headers for every response, and the HSTS value (``None``: no HSTS)."""
    config = app.config
    headers: list[tuple[str, str]] = []
    if config["SECURITY_CONTENT_TYPE_OPTIONS"]:
        headers.append(("X-Content-Type-Options", config["SECURITY_CONTENT_TYPE_OPTIONS"]))
    frame = config["SECURITY_FRAME_OPTIONS"]
    csp = config["SECURITY_CONTENT_SECURITY_POLICY"]
    if frame:
        frame = frame.upper()
        headers.append(("X-Frame-Options", frame))
        if not csp or "frame-ancestors" not in csp:
            # the modern form of X-Frame-Options, which CSP-aware browsers follow instead
            ancestors = f"frame-ancestors {_FRAME_ANCESTORS[frame]}"
            csp = f"{csp.rstrip('; ')}; {ancestors}" if csp else ancestors
    if csp:
        headers.append(("Content-Security-Policy", csp))
    if config["SECURITY_REFERRER_POLICY"]:
        headers.append(("Referrer-Policy", config["SECURITY_REFERRER_POLICY"].lower()))
    hsts = None
    if config["SECURITY_HSTS_MAX_AGE"]:
        hsts = f"max-age={int(config['SECURITY_HSTS_MAX_AGE'])}"
        if config["SECURITY_HSTS_INCLUDE_SUBDOMAINS"]:
            hsts += "; includeSubDomains"
        if config["SECURITY_HSTS_PRELOAD"]:
            hsts += "; preload"
    return headers, hsts


class SecurityHeaders:
    """The per-response step, registered when setup ends if any header is on."""

    tumbler_plugin_name = "security.headers"

    def __init__(self, app: App) -> None:
        headers, self.hsts = header_values(app)
        self.headers = [(name.lower(), name, value) for name, value in headers]
        #: Warn once if a secure request meets a session cookie without Secure.
        self.warn_cookie = app.config.get("SESSION_COOKIE_SECURE") is False and not (app.debug or app.testing)

    @hookimpl
    def tumbler_process_response(self, app: App, response: Response) -> None:
        headers = response.headers
        # one pass over the few headers already set: werkzeug's setdefault raises
        # and catches a KeyError per missing header, which cost more than the rest
        present = {name.lower() for name, _ in headers}
        for lower, name, value in self.headers:
            if lower not in present:
                headers.add(name, value)
        if self.hsts is not None or self.warn_cookie:
            ctx = _cv_request.get(None)
            if ctx is not None and ctx.environ.get("wsgi.url_scheme") == "https":
                if self.hsts is not None and "strict-transport-security" not in present:
                    headers.add("Strict-Transport-Security", self.hsts)
                if self.warn_cookie:
                    self.warn_cookie = False
                    app.logger.warning(
                        "tumbler-security: this app is served over https but SESSION_COOKIE_SECURE is off,"
                        " so browsers also send the session cookie over plain http: set SESSION_COOKIE_SECURE = True."
                    )
