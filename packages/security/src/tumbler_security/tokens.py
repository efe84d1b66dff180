"""Signed form tokens, for clients that send neither ``Sec-Fetch-Site`` nor ``Origin``.

A token is ``<time>.<signature>``: an HMAC-SHA256 (key ``SECRET_KEY``) of a
random value kept in a cookie of its own (``SECURITY_TOKEN_COOKIE``) and of
the time it was made. Another site can neither read that cookie nor sign a
value, so it cannot make a token the app accepts; tokens expire after
``SECURITY_TOKEN_MAX_AGE`` seconds; keys in ``SECRET_KEY_FALLBACKS`` still
verify. Only the standard library is used (``hmac``, ``secrets``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
import typing as t

from tumbler import StashKey, current_app
from tumbler.globals import _cv_request

if t.TYPE_CHECKING:
    from tumbler import App, RequestContext, Response

__all__ = ["TokenField", "csrf_field", "csrf_token", "token_is_valid"]

_SALT = b"tumbler-security.form-token"
#: Per request: the token made by the first ``csrf_token()`` call.
_TOKEN = StashKey[str]("security.token")


class TokenField(str):
    """A hidden ``<input>`` holding the token; templates insert it unescaped
    (it has ``__html__``, as markupsafe's ``Markup`` does)."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def csrf_token() -> str:
    """The form token for the current request: put it in a form field named
    ``SECURITY_TOKEN_FIELD`` (``csrf_token``) or in the ``SECURITY_TOKEN_HEADER``
    header (``X-CSRF-Token``). Sets the token cookie when the client has none.

    Needs a request and ``SECRET_KEY``. Calls in one request give one token.
    """
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError("csrf_token() needs a request: call it in a view or in a template rendered by one.")
    token = ctx.stash.get(_TOKEN, None)
    if token is None:
        app = ctx.app
        nonce = _cookie_nonce(app, ctx)
        if nonce is None:
            nonce = secrets.token_urlsafe(18)
            ctx.add_response_processor(_set_cookie_later(app, ctx, nonce))
        token = ctx.stash[_TOKEN] = _sign(_keys(app)[0], nonce, int(time.time()))
    return token


def csrf_field() -> TokenField:
    """``<input type="hidden" name="csrf_token" value="...">`` for a form."""
    name = current_app.config["SECURITY_TOKEN_FIELD"]
    return TokenField(f'<input type="hidden" name="{name}" value="{csrf_token()}">')


def token_is_valid(app: App, ctx: RequestContext) -> bool:
    """Whether the request carries a token that this app signed for this
    client's token cookie, not older than ``SECURITY_TOKEN_MAX_AGE``."""
    nonce = _cookie_nonce(app, ctx)
    if nonce is None:
        return False
    header = "HTTP_" + app.config["SECURITY_TOKEN_HEADER"].upper().replace("-", "_")
    token = ctx.environ.get(header) or ctx.request.form.get(app.config["SECURITY_TOKEN_FIELD"], "")
    stamp, _, _ = token.partition(".")
    if not stamp.isdigit() or len(stamp) > 12:
        return False
    max_age = app.config["SECURITY_TOKEN_MAX_AGE"]
    if max_age is not None and not (0 <= time.time() - int(stamp) <= max_age):
        return False
    return any(hmac.compare_digest(_sign(key, nonce, int(stamp)), token) for key in _keys(app))


def _sign(key: bytes, nonce: str, stamp: int) -> str:
    mac = hmac.new(key, b"%s|%s|%d" % (_SALT, nonce.encode(), stamp), hashlib.sha256).digest()
    return f"{stamp}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def _keys(app: App) -> list[bytes]:
    """``SECRET_KEY`` first (it signs), then ``SECRET_KEY_FALLBACKS`` (they verify)."""
    keys = [app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ())]
    if not keys[0]:
        raise RuntimeError(
            "tumbler-security signs form tokens with SECRET_KEY, which is not set:"
            " set app.config['SECRET_KEY'] to a long random value."
        )
    return [k.encode() if isinstance(k, str) else bytes(k) for k in keys if k]


def _cookie_nonce(app: App, ctx: RequestContext) -> str | None:
    value = ctx.request.cookies.get(app.config["SECURITY_TOKEN_COOKIE"])
    if value is None or not (16 <= len(value) <= 64) or not value.replace("-", "").replace("_", "").isalnum():
        return None
    return value


def _set_cookie_later(app: App, ctx: RequestContext, nonce: str) -> t.Callable[[Response], None]:
    def set_cookie(response: Response) -> None:
        response.set_cookie(
            app.config["SECURITY_TOKEN_COOKIE"],
            nonce,
            path=app.config.get("APPLICATION_ROOT") or "/",
            secure=ctx.environ.get("wsgi.url_scheme") == "https",
            httponly=True,
            samesite="Lax",
        )
        response.vary.add("Cookie")

    return set_cookie
