"""Security headers: safe defaults, each configurable or removable; HSTS on https only."""

from __future__ import annotations

import logging
import typing as t

import pytest
from tumbler import App, Response
from tumbler_security.headers import SecurityHeaders
from werkzeug.test import Client

DEFAULTS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def _get(app: App, path: str = "/", **kwargs: t.Any) -> Response:
    if not app.view_functions.get("index"):
        app.add_url_rule("/", "index", lambda: "hi")
    return t.cast(Response, Client(app).get(path, **kwargs))


def test_default_headers_on_every_response(make_app: t.Callable[..., App]) -> None:
    app = make_app()
    ok = _get(app)
    missing = _get(app, "/missing")
    for response in (ok, missing):
        for name, value in DEFAULTS.items():
            assert response.headers[name] == value
        assert "Strict-Transport-Security" not in response.headers  # plain http


def test_hsts_on_secure_requests_only(make_app: t.Callable[..., App]) -> None:
    app = make_app(SECURITY_HSTS_INCLUDE_SUBDOMAINS=True, SECURITY_HSTS_PRELOAD=True)
    response = _get(app, base_url="https://example.test/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in _get(app).headers


def test_each_header_can_be_changed_or_removed(make_app: t.Callable[..., App]) -> None:
    app = make_app(
        SECURITY_CONTENT_TYPE_OPTIONS=None,
        SECURITY_FRAME_OPTIONS="sameorigin",
        SECURITY_REFERRER_POLICY="no-referrer",
        SECURITY_CONTENT_SECURITY_POLICY="default-src 'self';",
        SECURITY_HSTS_MAX_AGE=None,
    )
    headers = _get(app, base_url="https://example.test/").headers
    assert "X-Content-Type-Options" not in headers
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'self'"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in headers


def test_a_csp_with_its_own_frame_ancestors_is_kept(make_app: t.Callable[..., App]) -> None:
    app = make_app(SECURITY_CONTENT_SECURITY_POLICY="frame-ancestors https://partner.test")
    assert _get(app).headers["Content-Security-Policy"] == "frame-ancestors https://partner.test"


def test_no_header_at_all_registers_no_step(make_app: t.Callable[..., App]) -> None:
    app = make_app(
        SECURITY_CONTENT_TYPE_OPTIONS=None,
        SECURITY_FRAME_OPTIONS=None,
        SECURITY_REFERRER_POLICY=None,
        SECURITY_HSTS_MAX_AGE=0,
    )
    headers = _get(app, base_url="https://example.test/").headers
    assert not set(DEFAULTS) & set(headers)
    # the middleware passes requests straight through
    middleware = app.wsgi_app
    assert isinstance(middleware, SecurityHeaders) and middleware.configured and not middleware.headers


def test_a_header_set_by_the_view_wins(make_app: t.Callable[..., App]) -> None:
    app = make_app()

    @app.get("/embed")
    def embed() -> tuple[str, dict[str, str]]:
        return "embeddable", {"X-Frame-Options": "SAMEORIGIN", "Content-Security-Policy": "frame-ancestors *"}

    headers = _get(app, "/embed").headers
    assert headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert headers.getlist("Content-Security-Policy") == ["frame-ancestors *"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_an_insecure_session_cookie_over_https_warns_once(
    make_app: t.Callable[..., App], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(TESTING=False, TRUSTED_HOSTS=["example.test"], SESSION_COOKIE_SECURE=False)
    with caplog.at_level(logging.WARNING):
        _get(app, base_url="https://example.test/")
        _get(app, base_url="https://example.test/")
    assert caplog.text.count("served over https but SESSION_COOKIE_SECURE is off") == 1


def test_a_str_view_keeps_the_kernels_shortest_path(make_app: t.Callable[..., App]) -> None:
    """Headers are added as the response starts, so a view returning a str is
    still answered without building a Response object."""
    import tumbler.pipeline

    app = make_app()
    made: list[t.Any] = []
    original = tumbler.pipeline._full_dispatch

    def counting(*args: t.Any) -> t.Any:
        made.append(rv := original(*args))
        return rv

    tumbler.pipeline._full_dispatch = counting
    try:
        response = _get(app)
    finally:
        tumbler.pipeline._full_dispatch = original
    assert made == [(b"hi", "text/html; charset=utf-8")]  # the direct answer: no Response object
    assert response.headers["X-Frame-Options"] == "DENY"


def test_middleware_outside_sees_https_first(make_app: t.Callable[..., App]) -> None:
    """A proxy fix set after the plugin (as apps do) wraps the header middleware,
    so a request forwarded as https gets HSTS."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    app = make_app()
    app.add_url_rule("/", "index", lambda: "hi")
    app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1)  # type: ignore[method-assign]
    response = Client(app).get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
