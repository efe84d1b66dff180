"""The plugin's enumerated and numeric config keys are checked when setup ends."""

from __future__ import annotations

import typing as t

import pytest
import tumbler
from tumbler import App, SetupError
from tumbler_security import CONFIG_DEFAULTS
from werkzeug.test import Client


def _first_request(app: App) -> int:
    if "index" not in app.view_functions:
        app.add_url_rule("/", "index", lambda: "ok")
    return Client(app).get("/").status_code


def test_defaults_are_set_on_the_app(make_app: t.Callable[..., App]) -> None:
    app = make_app()
    for key, value in CONFIG_DEFAULTS.items():
        assert app.config[key] == value


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("SECURITY_FRAME_OPTIONS", "ALLOW", "'DENY', 'SAMEORIGIN', None"),
        ("SECURITY_REFERRER_POLICY", "strict", "'no-referrer'"),
        ("SECURITY_TRUSTED_ORIGINS", "https://a.test", "a list of origins"),
        ("SECURITY_TRUSTED_ORIGINS", ["a.test"], "a list of origins"),
        ("SECURITY_HSTS_MAX_AGE", "1 year", "seconds"),
        ("SECURITY_TOKEN_MAX_AGE", -5, "seconds"),
    ],
)
def test_a_bad_value_fails_with_the_key_and_the_allowed_values(
    make_app: t.Callable[..., App], key: str, value: t.Any, allowed: str
) -> None:
    app = make_app(**{key: value})
    for _ in range(2):  # every request, until the app is fixed
        with pytest.raises(SetupError) as info:
            _first_request(app)
        message = str(info.value)
        assert message.startswith(f"The config value {key}=")
        assert allowed in message


def test_values_are_compared_without_case(make_app: t.Callable[..., App]) -> None:
    app = make_app(SECURITY_FRAME_OPTIONS="sameOrigin", SECURITY_REFERRER_POLICY="No-Referrer")
    assert _first_request(app) == 200


def test_the_plugin_works_with_the_kernel_alone() -> None:
    app = tumbler.App("alone", plugins=["security"], config={"TESTING": True})
    assert [info.name for info in app.plugins.list()] == ["security"]
    assert _first_request(app) == 200


def test_setup_can_end_again_after_another_plugin_failed(make_app: t.Callable[..., App]) -> None:
    failures = [SetupError("Set FLAKY to something.")]

    class Flaky:
        @tumbler.hookimpl(trylast=True)
        def tumbler_setup_finished(self) -> None:
            if failures:
                raise failures.pop()

    app = make_app()
    app.plugins.register(Flaky(), name="flaky")
    with pytest.raises(SetupError, match="FLAKY"):
        _first_request(app)
    assert _first_request(app) == 200
    response = Client(app).post("/", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and response.headers["X-Frame-Options"] == "DENY"
