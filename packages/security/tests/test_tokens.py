"""Signed form tokens for clients that send neither Sec-Fetch-Site nor Origin."""

from __future__ import annotations

import time
import typing as t

import pytest
import tumbler
from tumbler import App
from tumbler_security import csrf_field, csrf_token
from werkzeug.test import Client

from .conftest import GOOD_KEY


@pytest.fixture
def token_app(make_app: t.Callable[..., App]) -> App:
    app = make_app(SECURITY_FORM_TOKENS=True, SECURITY_TOKEN_MAX_AGE=60)

    @app.get("/form")
    def form() -> str:
        return f"{csrf_token()}|{csrf_token()}|{csrf_field()}"

    @app.post("/submit")
    def submit() -> str:
        return "saved"

    return app


def _token(client: Client) -> str:
    first, second, _ = client.get("/form").text.split("|")
    assert first == second  # one token per request
    return first


def test_without_a_token_a_headerless_post_is_refused(token_app: App) -> None:
    response = Client(token_app).post("/submit", data={"x": "1"})
    assert response.status_code == 403
    assert "no valid security token" in response.text


def test_a_token_in_the_form_or_the_header_passes(token_app: App) -> None:
    client = Client(token_app)
    token = _token(client)
    assert client.post("/submit", data={"csrf_token": token}).text == "saved"
    assert client.post("/submit", headers={"X-CSRF-Token": token}).text == "saved"


def test_browser_headers_still_decide_without_a_token(token_app: App) -> None:
    client = Client(token_app)
    assert client.post("/submit", headers={"Sec-Fetch-Site": "same-origin"}).text == "saved"
    assert client.post("/submit", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_the_token_cookie_is_set_once_and_http_only(token_app: App) -> None:
    client = Client(token_app)
    first = client.get("/form")
    cookie = first.headers["Set-Cookie"]
    assert cookie.startswith("tumbler_csrf=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Set-Cookie" not in client.get("/form").headers


def test_the_field_is_a_hidden_input() -> None:
    app = tumbler.App("t", plugins=["security"], config={"SECRET_KEY": GOOD_KEY})
    with app.test_request_context("/"):
        field = csrf_field()
        assert field == f'<input type="hidden" name="csrf_token" value="{csrf_token()}">'
        assert field.__html__() == str(field)


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: "",
        lambda token: "garbage",
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: f"{int(token.partition('.')[0]) - 1}.{token.partition('.')[2]}",
        lambda token: "9" * 40 + "." + token.partition(".")[2],
    ],
)
def test_forged_tokens_are_refused(token_app: App, forge: t.Callable[[str], str]) -> None:
    client = Client(token_app)
    token = _token(client)
    assert client.post("/submit", data={"csrf_token": forge(token)}).status_code == 403


def test_a_token_is_bound_to_its_cookie(token_app: App) -> None:
    token = _token(Client(token_app))
    other = Client(token_app)
    _token(other)  # another browser, with a cookie of its own
    assert other.post("/submit", data={"csrf_token": token}).status_code == 403
    stranger = Client(token_app)  # no cookie at all
    assert stranger.post("/submit", data={"csrf_token": token}).status_code == 403


def test_an_expired_token_is_refused(token_app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(token_app)
    token = _token(client)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert client.post("/submit", data={"csrf_token": token}).status_code == 403


def test_a_token_signed_with_a_fallback_key_passes(token_app: App) -> None:
    client = Client(token_app)
    token = _token(client)
    token_app.config["SECRET_KEY_FALLBACKS"] = [token_app.config["SECRET_KEY"]]
    token_app.config["SECRET_KEY"] = "a-brand-new-key-that-is-long-enough"
    assert client.post("/submit", data={"csrf_token": token}).text == "saved"


def test_tokens_need_a_secret_key_and_a_request(make_app: t.Callable[..., App]) -> None:
    app = make_app(SECRET_KEY=None)
    with app.test_request_context("/"), pytest.raises(RuntimeError, match="set app.config\\['SECRET_KEY'\\]"):
        csrf_token()
    with pytest.raises(RuntimeError, match="needs a request"):
        csrf_token()
