"""Server-side sessions in Redis: the cookie carries only a signed random id.

The session's data lives under ``SESSION_REDIS_PREFIX + id`` with the
session's lifetime (``PERMANENT_SESSION_LIFETIME``) as its time to live, so
deleting the key ends the session on every server that shares the Redis.
The id is 256 random bits, signed with ``SECRET_KEY`` (older keys in
``SECRET_KEY_FALLBACKS`` still verify) so a client can neither forge nor
guess one; an id whose key is gone is never reused: the next write gets a
fresh one.

When Redis cannot be reached the request gets a 503 and the app's logger an
error: never an empty session that would log the user out and save over
their data, and never another user's session.

The ``redis`` client library is imported only when this backend is built
(``pip install 'tumbler-sessions[redis]'``).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import typing as t

from itsdangerous import BadSignature, Signer
from werkzeug.datastructures import CallbackDict
from werkzeug.exceptions import ServiceUnavailable

from .configure import _app_setting, permanent_session_lifetime
from .cookie import cookie_value
from .sessions import SessionInterface, SessionMixin, _vary_cookie, session_json_serializer

if t.TYPE_CHECKING:
    from tumbler import App, Request, Response

__all__ = ["RedisSession", "RedisSessionInterface", "SessionStoreUnavailable"]

logger = logging.getLogger("tumbler.sessions")

#: What a client sees when the session store is down (a 503).
_UNAVAILABLE = "The session store is unavailable. Please try again in a moment."


class SessionStoreUnavailable(ServiceUnavailable):
    """A 503: the session store (Redis) did not answer. Register an error
    handler for 503 to change the page."""

    description = _UNAVAILABLE


class RedisSession(CallbackDict[str, t.Any], SessionMixin):
    """A session whose data is in Redis; :attr:`sid` is its id (``None``
    until it is first saved)."""

    modified = False

    def __init__(self, initial: t.Mapping[str, t.Any] | None = None, sid: str | None = None) -> None:
        super().__init__(initial, _mark_modified)
        #: The session's id; the Redis key is ``SESSION_REDIS_PREFIX + sid``.
        self.sid = sid
        #: Whether no stored session was found for this request.
        self.new = sid is None
        #: Ids given up by :func:`~tumbler_sessions.regenerate_session`, deleted when saving.
        self.retired: list[str] = []


def _mark_modified(session: RedisSession) -> None:
    session.modified = True


class RedisSessionInterface(SessionInterface):
    """Sessions stored in Redis, found by a signed random id in the cookie.

    Chosen by ``SESSION_BACKEND = "redis"`` with ``SESSION_REDIS_URL``, or
    set directly with ``set_session_interface(app, RedisSessionInterface(client))``
    to use a client built elsewhere (Sentinel, a cluster, TLS options).

    :param client: a ``redis.Redis`` client; built from ``url`` when omitted.
    :param url: a Redis URL (``redis://host:6379/0``), used when ``client`` is ``None``.
    :param key_prefix: put before the id to make the Redis key.
    :param timeout: seconds to wait for Redis before answering 503.
    """

    salt = "tumbler-sessions.redis"
    serializer: t.Any = session_json_serializer
    session_class = RedisSession

    def __init__(
        self, client: t.Any = None, *, url: str | None = None, key_prefix: str = "session:", timeout: float = 2.0
    ) -> None:
        import redis  # only here: the plugin works without the redis library

        if client is None:
            if not url:
                raise ValueError("RedisSessionInterface needs a redis client or a url (redis://host:port/db).")
            client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        self.client = client
        self.key_prefix = key_prefix
        self._errors = (redis.RedisError, OSError)
        self._signer: tuple[tuple[t.Any, ...], Signer] | None = None

    def key(self, sid: str) -> str:
        """The Redis key of the session ``sid``."""
        return self.key_prefix + sid

    def end_session(self, sid: str) -> None:
        """Delete the session ``sid`` everywhere (for example all of a user's
        sessions after a password change, if the app recorded their ids)."""
        self.client.delete(self.key(sid))

    def _signing(self, app: App) -> Signer | None:
        secret_key = _app_setting(app, "secret_key") or app.config["SECRET_KEY"]  # as Flask reads it
        if not secret_key:
            return None
        fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or ()
        if isinstance(fallbacks, (str, bytes)):
            fallbacks = (fallbacks,)
        settings = (secret_key, tuple(fallbacks), self.salt)
        if self._signer is None or self._signer[0] != settings:
            # itsdangerous signs with the last key and verifies with any
            signer = Signer([*fallbacks, secret_key], salt=self.salt, digest_method=hashlib.sha256)
            self._signer = (settings, signer)
        return self._signer[1]

    def _sid_from(self, app: App, signer: Signer, environ: dict[str, t.Any]) -> str | None:
        value = cookie_value(environ.get("HTTP_COOKIE"), self.get_cookie_name(app))
        if not value:
            return None
        try:
            return signer.unsign(value).decode("ascii")
        except (BadSignature, UnicodeDecodeError):
            logger.debug("Ignored a session cookie whose id did not verify.")
            return None

    def open_session(self, app: App, request: Request) -> RedisSession | None:
        signer = self._signing(app)
        if signer is None:
            return None
        sid = self._sid_from(app, signer, request.environ)
        if sid is None:
            return self.session_class()
        try:
            raw = self.client.get(self.key(sid))
        except self._errors as e:
            self._unavailable(app, "read", e)
        if raw is None:  # expired or ended: a new session, with a new id when saved
            return self.session_class()
        try:
            data = self.serializer.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
        except Exception as e:
            logger.warning("Ignored the session %s...: its data in Redis did not load (%s).", sid[:8], e)
            return self.session_class()
        return self.session_class(data if isinstance(data, dict) else None, sid=sid)

    def regenerate(self, app: App, session: SessionMixin) -> None:
        """A new id for ``session``: the old key is deleted when the session
        is saved, so a copy of the old cookie no longer works anywhere."""
        if not isinstance(session, RedisSession):
            return super().regenerate(app, session)
        if session.sid is not None:
            session.retired.append(session.sid)
        session.sid = None
        session.modified = True

    def save_session(self, app: App, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, RedisSession), f"{type(self).__name__} saves RedisSession objects"
        name, domain, path = self.get_cookie_name(app), self.get_cookie_domain(app), self.get_cookie_path(app)
        secure, samesite = self.get_cookie_secure(app), self.get_cookie_samesite(app)
        httponly, partitioned = self.get_cookie_httponly(app), self.get_cookie_partitioned(app)
        if session.accessed:
            _vary_cookie(response)
        try:
            if not session:
                if session.modified:  # emptied: end it everywhere
                    self._delete(session.retired + ([session.sid] if session.sid else []))
                    response.delete_cookie(
                        name, domain=domain, path=path, secure=secure,
                        partitioned=partitioned, samesite=samesite, httponly=httponly,
                    )  # fmt: skip
                    _vary_cookie(response)
                return
            if not self.should_set_cookie(app, session):
                return
            signer = self._signing(app)
            if signer is None:
                raise RuntimeError(
                    "Redis sessions need SECRET_KEY to sign the session id. Set app.config['SECRET_KEY']."
                )
            if session.sid is None:
                session.sid = secrets.token_urlsafe(32)
            ttl = max(1, int(permanent_session_lifetime(app).total_seconds()))
            self.client.set(self.key(session.sid), self.serializer.dumps(dict(session)), ex=ttl)
            self._delete(session.retired)
        except self._errors as e:
            _become_unavailable(response)
            self._log(app, "save", e)
            return
        session.retired = []
        response.set_cookie(
            name, signer.sign(session.sid).decode("ascii"), expires=self.get_expiration_time(app, session),
            httponly=httponly, domain=domain, path=path, secure=secure,
            partitioned=partitioned, samesite=samesite,
        )  # fmt: skip
        _vary_cookie(response)

    def _delete(self, sids: list[str]) -> None:
        if sids:
            self.client.delete(*(self.key(sid) for sid in sids))

    def _log(self, app: App, action: str, error: BaseException) -> None:
        app.logger.error(
            "Could not %s the session in Redis (%s: %s); answered 503.", action, type(error).__name__, error
        )

    def _unavailable(self, app: App, action: str, error: BaseException) -> t.NoReturn:
        self._log(app, action, error)
        raise SessionStoreUnavailable() from error


def _become_unavailable(response: Response) -> None:
    """Turn ``response`` into the 503 page in place: the session was not
    saved, so the client must not believe the request succeeded."""
    page = SessionStoreUnavailable().get_response()
    response.status = page.status
    response.headers.clear()
    response.headers.extend(page.headers)
    response.set_data(page.get_data())
