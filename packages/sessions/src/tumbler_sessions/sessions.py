"""Sessions and session interfaces: what a session is, and how it is loaded
from a request and saved to a response.

A session is a mutable mapping with four flags: ``permanent`` (stored in the
data, so it survives the round trip), ``new``, ``modified`` (set by every
change to the dict itself) and ``accessed`` (set whenever the ``session``
proxy is used during a request; it adds ``Vary: Cookie`` to the response).

:class:`SessionInterface` is what a backend implements (``open_session`` and
``save_session``); the cookie settings and the rules for when to write the
cookie are shared. :class:`SecureCookieSessionInterface`, the default, keeps
the whole session in a cookie signed with ``SECRET_KEY`` (itsdangerous).
"""

from __future__ import annotations

import hashlib
import logging
import typing as t
from collections.abc import MutableMapping
from datetime import datetime, timezone

from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.datastructures import CallbackDict

from .configure import _app_setting, permanent_session_lifetime
from .cookie import UNSURE, CookieCodec, SetCookie, cookie_value
from .tag import TaggedJSONSerializer

if t.TYPE_CHECKING:
    from tumbler import App, Request, Response

__all__ = [
    "NullSession",
    "SecureCookieSession",
    "SecureCookieSessionInterface",
    "SessionInterface",
    "SessionMixin",
    "session_json_serializer",
]


class SessionMixin(MutableMapping[str, t.Any]):
    """The attributes every session object has, on top of a mutable mapping.

    A custom backend can use ``class MySession(dict, SessionMixin): ...``.
    """

    #: Whether the backend knows the session was just created. Not every
    #: backend can tell (the signed cookie cannot), so this may stay ``False``.
    new = False
    #: Whether the session must be saved. Backends that track changes set it
    #: themselves; this default (``True``) saves on every request.
    modified = True
    #: Whether the session was used during this request. Set by the
    #: ``session`` proxy; the response then gets ``Vary: Cookie``.
    accessed = False

    @property
    def permanent(self) -> bool:
        """Whether the session outlives the browser session (``PERMANENT_SESSION_LIFETIME``).

        Stored in the session's data under ``"_permanent"``.
        """
        return bool(self.get("_permanent", False))

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self["_permanent"] = bool(value)


class SecureCookieSession(CallbackDict[str, t.Any], SessionMixin):
    """The signed-cookie session: a dict that sets :attr:`modified` when it
    changes.

    Only the dict itself is watched: after changing a mutable value in place
    (``session["cart"].append(3)``), set ``session.modified = True``.
    """

    modified = False

    def __init__(self, initial: t.Mapping[str, t.Any] | None = None) -> None:
        super().__init__(initial, _mark_modified)


def _mark_modified(session: SecureCookieSession) -> None:
    session.modified = True


_NO_SECRET_KEY = (
    "The session is unavailable because no secret key was set. Set SECRET_KEY"
    " in the app's config (app.config['SECRET_KEY'] = ...) to a long random"
    " value, for example from 'python -c \"import secrets;"
    " print(secrets.token_hex())\"' (tumbler-sessions)."
)


class NullSession(SecureCookieSession):
    """The stand-in session when sessions cannot work (no ``SECRET_KEY``):
    reading it gives an empty session, changing it raises :exc:`RuntimeError`
    saying what to set."""

    def _fail(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise RuntimeError(_NO_SECRET_KEY)

    __setitem__ = __delitem__ = clear = pop = popitem = update = setdefault = _fail
    del _fail


logger = logging.getLogger("tumbler.sessions")

_SAMESITE = {"strict": "Strict", "lax": "Lax", "none": "None"}


class SessionInterface:
    """The base of session backends. Implement :meth:`open_session` and
    :meth:`save_session`; the cookie helpers read the app's config.

    Use one with :func:`tumbler_sessions.set_session_interface`, or provide
    it from a plugin through the ``tumbler_session_interface`` hook.

    The session is opened when a request first uses it (not for every
    request) and saved after the ``after_request`` functions. Requests that
    share a session may run concurrently: a backend with shared storage
    decides how to synchronise reads and writes.
    """

    #: The class :meth:`make_null_session` instantiates and
    #: :meth:`is_null_session` checks for.
    null_session_class: type[SessionMixin] = NullSession
    #: Whether the backend pickles session data (for extensions that care).
    pickle_based = False

    def make_null_session(self, app: App) -> SessionMixin:
        """The session used when :meth:`open_session` returns ``None``: readable,
        and changing it raises an error that says what is missing."""
        return self.null_session_class()

    def is_null_session(self, obj: object) -> bool:
        """Whether ``obj`` is a null session; those are never saved."""
        return isinstance(obj, self.null_session_class)

    def get_cookie_name(self, app: App) -> str:
        """``SESSION_COOKIE_NAME``."""
        name: str = app.config["SESSION_COOKIE_NAME"]  # annotated, not t.cast: a call per request
        return name

    def get_cookie_domain(self, app: App) -> str | None:
        """``SESSION_COOKIE_DOMAIN``; ``None`` (the default) limits the cookie
        to the exact host that set it."""
        domain: str | None = app.config["SESSION_COOKIE_DOMAIN"]
        return domain

    def get_cookie_path(self, app: App) -> str:
        """``SESSION_COOKIE_PATH``, else ``APPLICATION_ROOT``."""
        path: str = app.config["SESSION_COOKIE_PATH"] or app.config["APPLICATION_ROOT"]
        return path

    def get_cookie_httponly(self, app: App) -> bool:
        """``SESSION_COOKIE_HTTPONLY``: hide the cookie from JavaScript."""
        return bool(app.config["SESSION_COOKIE_HTTPONLY"])

    def get_cookie_secure(self, app: App) -> bool:
        """``SESSION_COOKIE_SECURE``: send the cookie over HTTPS only."""
        return bool(app.config["SESSION_COOKIE_SECURE"])

    def get_cookie_samesite(self, app: App) -> str | None:
        """``SESSION_COOKIE_SAMESITE``: ``"Strict"``, ``"Lax"``, ``"None"`` or
        ``None`` (no attribute). Any other value raises :exc:`ValueError`."""
        value = app.config["SESSION_COOKIE_SAMESITE"]
        if value is None:
            return None
        normal = _SAMESITE.get(str(value).lower())
        if normal is None:
            raise ValueError(
                f"SESSION_COOKIE_SAMESITE must be 'Strict', 'Lax', 'None' or None, not {value!r}. Fix the app's config."
            )
        return normal

    def get_cookie_partitioned(self, app: App) -> bool:
        """``SESSION_COOKIE_PARTITIONED``: a CHIPS partitioned cookie."""
        return bool(app.config["SESSION_COOKIE_PARTITIONED"])

    def get_expiration_time(self, app: App, session: SessionMixin) -> datetime | None:
        """When the cookie expires: now plus ``PERMANENT_SESSION_LIFETIME`` for
        a permanent session, ``None`` (when the browser closes) otherwise."""
        if session.permanent:
            return datetime.now(timezone.utc) + permanent_session_lifetime(app)
        return None

    def should_set_cookie(self, app: App, session: SessionMixin) -> bool:
        """Whether to write the cookie: the session changed, or it is permanent
        and ``SESSION_REFRESH_EACH_REQUEST`` is on (its expiry then moves
        forward). Not consulted when an emptied session deletes the cookie."""
        return bool(session.modified or (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]))

    def regenerate(self, app: App, session: SessionMixin) -> None:
        """Give ``session`` a new identity, keeping its data (called by
        :func:`~tumbler_sessions.regenerate_session`, for example at login).

        A backend with server-side ids (Redis) issues a new id and retires
        the old one. The signed cookie has no id: it is signed again when the
        response is saved, with the newest key and a new timestamp, but a
        copy of an older cookie stays valid until it expires.

        .. versionadded:: 0.2.0
        """
        if not self.is_null_session(session):
            session.modified = True

    def open_session(self, app: App, request: Request) -> SessionMixin | None:
        """Load the session for ``request``; ``None`` gives a null session
        (for a setup problem such as a missing key, not for bad input: a bad
        cookie should give an empty session)."""
        raise NotImplementedError(f"{type(self).__name__} must implement open_session(app, request).")

    def save_session(self, app: App, session: SessionMixin, response: Response) -> None:
        """Store ``session`` and set or delete the cookie on ``response``.
        Not called for a null session."""
        raise NotImplementedError(f"{type(self).__name__} must implement save_session(app, session, response).")


#: The payload serializer of signed-cookie sessions (register extra tags on it).
session_json_serializer = TaggedJSONSerializer()


def _lazy_sha1(string: bytes = b"") -> t.Any:
    """SHA-1, looked up only when used: on a FIPS build without SHA-1,
    importing this module must not fail before the app picks another digest."""
    return hashlib.sha1(string)


class SecureCookieSessionInterface(SessionInterface):
    """Sessions stored in a cookie signed with ``SECRET_KEY`` (HMAC-SHA1 by
    default, as Flask) through itsdangerous.

    The cookie is readable by the client, not changeable: store no secrets in
    it. Keys listed in ``SECRET_KEY_FALLBACKS`` still verify old cookies; the
    newest key (``SECRET_KEY``) signs. A cookie that does not verify, has
    expired, is malformed or is longer than ``MAX_COOKIE_SIZE`` gives an empty
    session.

    :param salt: mixed into the key, so the signature serves only sessions.
    :param digest_method: the hash, e.g. ``hashlib.sha256``.
    :param key_derivation: itsdangerous's key derivation (``"hmac"``).
    :param serializer: turns the session dict into a string and back.

    Subclasses may set these as class attributes instead.
    """

    salt = "cookie-session"
    digest_method: t.Callable[..., t.Any] = staticmethod(_lazy_sha1)
    key_derivation = "hmac"
    serializer: t.Any = session_json_serializer
    session_class: type[SecureCookieSession] = SecureCookieSession

    def __init__(
        self,
        *,
        salt: str | None = None,
        digest_method: t.Callable[..., t.Any] | None = None,
        key_derivation: str | None = None,
        serializer: t.Any = None,
    ) -> None:
        if salt is not None:
            self.salt = salt
        if digest_method is not None:
            self.digest_method = digest_method
        if key_derivation is not None:
            self.key_derivation = key_derivation
        if serializer is not None:
            self.serializer = serializer
        self._signing: tuple[tuple[t.Any, ...], URLSafeTimedSerializer, CookieCodec] | None = None
        self._set_cookies: dict[tuple[t.Any, ...], SetCookie] = {}

    def get_signing_serializer(self, app: App) -> URLSafeTimedSerializer | None:
        """The itsdangerous serializer for ``app``'s keys, or ``None`` without
        ``SECRET_KEY``. Rebuilt only when the keys or settings change."""
        settings = self._settings(app)
        if settings is None:
            return None
        return self._signing_for(settings)[0]

    def _settings(self, app: App) -> tuple[t.Any, ...] | None:
        secret_key = _app_setting(app, "secret_key") or app.config["SECRET_KEY"]  # as Flask reads it
        if not secret_key:
            return None
        fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or ()
        if isinstance(fallbacks, (str, bytes)):  # one old key given bare, not in a list
            fallbacks = (fallbacks,)
        return (secret_key, tuple(fallbacks), self.salt, self.digest_method, self.key_derivation, self.serializer)

    def _signing_for(self, settings: tuple[t.Any, ...]) -> tuple[URLSafeTimedSerializer, CookieCodec]:
        # subclasses may skip __init__, so the cache may be missing
        cached: tuple[tuple[t.Any, ...], URLSafeTimedSerializer, CookieCodec] | None
        cached = getattr(self, "_signing", None)
        if cached is not None and cached[0] == settings:
            return cached[1], cached[2]
        digest = self.digest_method
        if digest is _lazy_sha1:
            digest = hashlib.sha1  # the C constructor takes hmac's fast path
        signer = URLSafeTimedSerializer(
            [*settings[1], settings[0]],  # itsdangerous signs with the last key
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={"key_derivation": self.key_derivation, "digest_method": digest},
        )
        codec = CookieCodec(signer)
        self._signing = (settings, signer, codec)
        return signer, codec

    def _codec(self, app: App) -> tuple[URLSafeTimedSerializer, CookieCodec | None] | None:
        """The serializer and, unless a subclass makes its own serializer, the
        fast codec of the same format; ``None`` without ``SECRET_KEY``."""
        if type(self).get_signing_serializer is not SecureCookieSessionInterface.get_signing_serializer:
            serializer = self.get_signing_serializer(app)
            return None if serializer is None else (serializer, None)
        settings = self._settings(app)
        return None if settings is None else self._signing_for(settings)

    def open_session(self, app: App, request: Request) -> SecureCookieSession | None:
        return self.open_environ(app, request.environ)

    def open_environ(self, app: App, environ: dict[str, t.Any]) -> SecureCookieSession | None:
        """:meth:`open_session` from the WSGI environ: the session opens
        without building the request's ``Request`` object."""
        signing = self._codec(app)
        if signing is None:
            return None
        # what request.cookies would hold, without walking the environ for headers
        value = cookie_value(environ.get("HTTP_COOKIE"), self.get_cookie_name(app))
        if not value:
            return self.session_class()
        limit = app.config.get("MAX_COOKIE_SIZE")
        if limit and len(value) > limit:
            logger.info("Ignored a session cookie of %d bytes (over MAX_COOKIE_SIZE %d).", len(value), limit)
            return self.session_class()
        max_age = int(permanent_session_lifetime(app).total_seconds())
        signer, codec = signing
        data = codec.loads(value, max_age) if codec is not None else UNSURE
        if data is UNSURE:
            try:
                data = signer.loads(value, max_age=max_age)
            except BadData as e:
                # tampered, truncated, expired, signed by an unknown key, or not our format
                logger.debug("Ignored a session cookie that did not load: %s", e)
                return self.session_class()
        if not isinstance(data, dict):
            return self.session_class()
        return self.session_class(data)

    def save_session(self, app: App, session: SessionMixin, response: Response) -> None:
        name = self.get_cookie_name(app)
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        secure = self.get_cookie_secure(app)
        partitioned = self.get_cookie_partitioned(app)
        samesite = self.get_cookie_samesite(app)
        httponly = self.get_cookie_httponly(app)
        # the cookie's settings in one place (made once per settings), for every header below
        cookie = self._set_cookie(name, domain, path, secure, httponly, samesite, partitioned)

        if session.accessed:
            _vary_cookie(response)
        if not session:
            # emptied during this request: delete the cookie; never had data: nothing to do
            if session.modified:
                response.delete_cookie(**cookie.settings)
                _vary_cookie(response)
            return
        if not self.should_set_cookie(app, session):
            return
        signing = self._codec(app)
        if signing is None:
            raise RuntimeError(_NO_SECRET_KEY)
        signer, codec = signing
        value = codec.dumps(dict(session)) if codec is not None else signer.dumps(dict(session))
        expires = self.get_expiration_time(app, session)
        if codec is None:  # a subclass's serializer: its value may need quoting
            response.set_cookie(value=value, expires=expires, **cookie.settings)
        else:
            cookie.set(response, value, expires)
        if not session.accessed:  # an accessed session's Vary was added above
            _vary_cookie(response)

    def _set_cookie(self, *settings: t.Any) -> SetCookie:
        """The ``Set-Cookie`` writer for these cookie settings, made once."""
        made: dict[tuple[t.Any, ...], SetCookie] | None = getattr(self, "_set_cookies", None)
        if made is None:  # a subclass that skips __init__
            made = self._set_cookies = {}
        cookie = made.get(settings)
        if cookie is None:
            if len(made) >= 16:  # settings that keep changing: keep the cache small
                made.clear()
            cookie = made[settings] = SetCookie(
                *settings
            )  # name, domain, path, secure, httponly, samesite, partitioned
        return cookie


def _vary_cookie(response: Response) -> None:
    """``response.vary.add("Cookie")``, without parsing and rewriting the
    header in the common cases (no ``Vary`` yet, or only ``Cookie``)."""
    current = response.headers.getlist("Vary")  # get() would raise and catch a KeyError
    if not current:
        response.headers["Vary"] = "Cookie"
    elif current != ["Cookie"]:
        response.vary.add("Cookie")
