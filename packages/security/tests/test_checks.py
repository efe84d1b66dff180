"""Production checks when setup ends outside DEBUG and TESTING."""

from __future__ import annotations

import logging
import typing as t

import pytest
from tumbler import App, SetupError
from tumbler_security import InsecureConfigError, run_checks
from werkzeug.test import Client

from .conftest import GOOD_KEY

PRODUCTION = {"TESTING": False, "TRUSTED_HOSTS": ["localhost"], "SESSION_COOKIE_SECURE": True}


def _serve(app: App) -> int:
    if "index" not in app.view_functions:
        app.add_url_rule("/", "index", lambda: "ok")
    return Client(app).get("/").status_code


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (None, "SECRET_KEY is not set"),
        ("", "SECRET_KEY is not set"),
        ("dev", "SECRET_KEY is a well-known value ('dev')"),
        ("Change-Me", "well-known value"),
        (b"secret", "well-known value"),
        ("x7Gq2", "SECRET_KEY has 5 characters, fewer than 24"),
    ],
)
def test_a_missing_short_or_well_known_key_refuses_to_serve(
    make_app: t.Callable[..., App], key: t.Any, expected: str
) -> None:
    app = make_app(SECRET_KEY=key, **PRODUCTION)
    for _ in range(2):
        with pytest.raises(InsecureConfigError) as info:
            _serve(app)
        assert expected in str(info.value)
        assert "set SECRET_KEY to a long random value" in str(info.value)
        assert str(info.value).count(". ") == 0  # one sentence
    assert isinstance(info.value, SetupError)


@pytest.mark.parametrize("switch", [{"DEBUG": True}, {"TESTING": True}, {"SECURITY_PRODUCTION_CHECKS": False}])
def test_no_check_in_debug_testing_or_when_turned_off(make_app: t.Callable[..., App], switch: dict[str, t.Any]) -> None:
    app = make_app(**{**PRODUCTION, "SECRET_KEY": "dev", **switch})
    assert _serve(app) == 200


def test_a_good_config_serves_without_warnings(
    make_app: t.Callable[..., App], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(**PRODUCTION)
    with caplog.at_level(logging.WARNING):
        assert _serve(app) == 200
    assert "tumbler-security" not in caplog.text
    assert {c.status for c in run_checks(app)} == {"pass"}


def test_warnings_for_trusted_hosts_and_an_insecure_cookie_behind_https(
    make_app: t.Callable[..., App], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(TESTING=False, SESSION_COOKIE_SECURE=False, PREFERRED_URL_SCHEME="https")
    with caplog.at_level(logging.WARNING):
        assert _serve(app) == 200
    assert "TRUSTED_HOSTS is not set" in caplog.text
    assert "SESSION_COOKIE_SECURE is off" in caplog.text


def test_run_checks_reports_every_check(make_app: t.Callable[..., App]) -> None:
    app = make_app(SECRET_KEY="dev", DEBUG=True, SECURITY_FRAME_OPTIONS=None)
    checks = {c.name: c for c in run_checks(app)}
    assert list(checks) == [
        "SECRET_KEY",
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "TRUSTED_HOSTS",
        "SECURITY_CROSS_ORIGIN_PROTECTION",
        "headers",
    ]
    assert checks["SECRET_KEY"].status == "fail"
    assert checks["DEBUG"].status == "warn"
    assert checks["TRUSTED_HOSTS"].status == "warn"
    assert checks["headers"].status == "warn"
    # without the sessions plugin there is no session cookie to secure
    assert checks["SESSION_COOKIE_SECURE"].status == "pass"


def test_a_long_random_key_passes(make_app: t.Callable[..., App]) -> None:
    assert run_checks(make_app(SECRET_KEY=GOOD_KEY))[0].status == "pass"
