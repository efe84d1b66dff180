"""Enumerated session settings are checked when setup ends (issue 16): a bad
value fails the app's first request, and every one after, with a sentence
naming the key and the allowed values, instead of a 500 per request."""

from __future__ import annotations

import pytest
import tumbler
from werkzeug.test import Client


def _app(**config: object) -> tumbler.App:
    app = tumbler.App("samesite_app", plugins=["sessions"], config={"SECRET_KEY": "k"})
    app.config.update(config)  # changed after App(), as most apps do

    @app.get("/")
    def index() -> str:
        return "no session used"

    return app


@pytest.mark.parametrize("value", ["lx", "strict ", "yes", True])
def test_a_bad_samesite_value_fails_when_setup_ends(value: object) -> None:
    app = _app(SESSION_COOKIE_SAMESITE=value)
    for _ in range(2):
        with pytest.raises(ValueError) as info:
            Client(app).get("/")  # even a request that never touches the session
        message = str(info.value)
        assert "SESSION_COOKIE_SAMESITE" in message
        assert "'Strict', 'Lax', 'None' or None" in message


@pytest.mark.parametrize("value", [None, "Lax", "strict", "NONE"])
def test_good_samesite_values_serve(value: object) -> None:
    assert Client(_app(SESSION_COOKIE_SAMESITE=value)).get("/").status_code == 200


def test_a_bad_backend_set_after_app_fails_when_setup_ends() -> None:
    app = _app(SESSION_BACKEND="memcached")
    with pytest.raises(RuntimeError, match="SESSION_BACKEND is 'memcached'; set it to one of 'cookie', 'redis'"):
        Client(app).get("/")
