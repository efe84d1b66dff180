"""Security headers: computed once when setup ends, added to every response
by a WSGI middleware (:class:`SecurityHeaders`).

A header the view (or an ``after_request`` function) already set is left
alone, so an app can change one per response. ``Strict-Transport-Security``
goes on responses to secure (https) requests only: browsers ignore it over
http, and sending it there would advertise nothing true.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from tumbler import App

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
    """WSGI middleware around ``app.wsgi_app`` (set when the plugin configures
    the app) that adds the headers to every response as it starts.

    Working at the WSGI level keeps the kernel's shortest path for views that
    return a ``str`` (a response processor would make it build a ``Response``
    object), and sees the environ after any middleware set outside it
    (``ProxyFix`` making ``wsgi.url_scheme`` https, so HSTS is sent). Until
    setup ends it knows no headers; :meth:`configure` sets them then, inside
    the first request, before its response starts.
    """

    def __init__(self, wsgi_app: t.Callable[..., t.Any]) -> None:
        self.wsgi_app = wsgi_app
        #: ``(lower-case name, name, value)`` for every response.
        self.headers: list[tuple[str, str, str]] = []
        self.hsts: str | None = None
        self.configured = False
        #: Warn once if a secure request meets a session cookie without Secure.
        self.warn_cookie: App | None = None

    def configure(self, app: App) -> None:
        headers, self.hsts = header_values(app)
        self.headers = [(name.lower(), name, value) for name, value in headers]
        insecure = app.config.get("SESSION_COOKIE_SECURE") is False and not (app.debug or app.testing)
        self.warn_cookie = app if insecure else None
        self.configured = True

    def __call__(self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> t.Any:
        if self.configured and not self.headers and self.hsts is None and self.warn_cookie is None:
            return self.wsgi_app(environ, start_response)

        def start(status: str, response_headers: list[tuple[str, str]], exc_info: t.Any = None) -> t.Any:
            present = {name.lower() for name, _ in response_headers}
            extra = [(name, value) for lower, name, value in self.headers if lower not in present]
            if environ.get("wsgi.url_scheme") == "https":
                if self.hsts is not None and "strict-transport-security" not in present:
                    extra.append(("Strict-Transport-Security", self.hsts))
                if self.warn_cookie is not None:
                    self._warn_insecure_cookie()
            return start_response(status, response_headers + extra if extra else response_headers, exc_info)

        return self.wsgi_app(environ, start)

    def _warn_insecure_cookie(self) -> None:
        app, self.warn_cookie = self.warn_cookie, None
        if app is not None:
            app.logger.warning(
                "tumbler-security: this app is served over https but SESSION_COOKIE_SECURE is off,"
                " so browsers also send the session cookie over plain http: set SESSION_COOKIE_SECURE = True."
            )
