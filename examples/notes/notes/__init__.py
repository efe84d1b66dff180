"""Tumbler Notes: per-user notes with a web UI and a JSON API.

``create_app()`` builds the app; run it with ``tumbler --app notes demo`` (or
``run``), or serve ``notes:create_app()`` with gunicorn.
"""

from __future__ import annotations

import os
import typing as t

from tumbler import App

from . import api, audit, auth, db, demo, errors, notes

__all__ = ["create_app"]


#: Config keys that may also come from an unprefixed environment variable,
#: the names hosting platforms and the Dockerfile use (``NOTES_<KEY>`` wins).
DEPLOYMENT_ENV = ("DATABASE_URL", "REDIS_URL", "SESSION_COOKIE_SECURE", "TRUSTED_HOSTS")

#: The development key: accepted in debug mode and tests only.
DEV_SECRET_KEY = "dev"


def create_app(test_config: t.Mapping[str, t.Any] | None = None, instance_path: str | None = None) -> App:
    """Create and configure the app.

    Config is read in this order, each step overriding the one before:
    the defaults below, ``config.py`` in the instance folder, the deployment
    variables ``DATABASE_URL``, ``REDIS_URL``, ``SESSION_COOKIE_SECURE`` and
    ``TRUSTED_HOSTS``, environment variables prefixed ``NOTES_``
    (``NOTES_SECRET_KEY=...``), then ``test_config``.

    Outside debug mode and tests it refuses to start without a real
    ``SECRET_KEY``, and the session cookie is ``Secure`` unless
    ``SESSION_COOKIE_SECURE`` says otherwise.

    :param test_config: config for tests, applied last.
    :param instance_path: the instance folder (absolute); by default
        ``instance/`` beside the package, or ``<prefix>/var/notes-instance``
        when the package is installed.
    """
    # The plugins come from the ``tumbler-framework`` meta-package; naming them
    # makes a missing one fail here, saying what to install, not on the first request.
    app = App(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        require_plugins=["templating", "sessions", "signals", "cli", "security"],
    )
    app.config.from_mapping(
        SECRET_KEY=None,
        # SQLite's file, used when DATABASE_URL is unset (db.py).
        DATABASE=os.path.join(app.instance_path, "notes.sqlite"),
        DATABASE_URL=None,
        REDIS_URL=None,
        # werkzeug's generate_password_hash method; the tests use a fast one.
        PASSWORD_HASH_METHOD="scrypt",
        # Browsers then leave the session cookie out of cross-site POSTs.
        SESSION_COOKIE_SAMESITE="Lax",
        # None: on, except in debug mode and tests (plain http on loopback).
        SESSION_COOKIE_SECURE=None,
        # Failed log-ins allowed per account and per client address in the window (throttle.py).
        LOGIN_LIMIT_PER_ACCOUNT=5,
        LOGIN_LIMIT_PER_ADDRESS=20,
        LOGIN_THROTTLE_WINDOW=15 * 60,
        # How many proxies (nginx, a load balancer) stand in front: their X-Forwarded-* headers are trusted.
        TRUSTED_PROXIES=0,
        # Set (NOTES_INSTANCE_ID) when several servers run: each response names its server.
        INSTANCE_ID=None,
        # tumbler-security refuses cross-site form posts from the browser's
        # Sec-Fetch-Site/Origin headers; every form also carries a signed token
        # (csrf_field()), required from clients that send neither header when
        # this is on (NOTES_SECURITY_FORM_TOKENS=true).
        SECURITY_FORM_TOKENS=False,
    )
    app.config.from_pyfile("config.py", silent=True)
    _from_deployment_env(app)
    app.config.from_prefixed_env("NOTES")
    if test_config is not None:
        app.config.from_mapping(test_config)
    _check_config(app)
    os.makedirs(app.instance_path, exist_ok=True)

    db.init_app(app)
    demo.init_app(app)
    errors.init_app(app)
    audit.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(notes.bp)
    app.register_blueprint(api.bp)
    _serve_behind_proxies(app)
    return app


def _from_deployment_env(app: App) -> None:
    for key in DEPLOYMENT_ENV:
        if (value := os.environ.get(key)) is not None:
            app.config[key] = value


def _flag(key: str, value: t.Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise RuntimeError(f"{key} must be 1/true/yes/on or 0/false/no/off, not {value!r}.")


def _check_config(app: App) -> None:
    """Refuse to run in production with the development key; settle the session, cookie and host settings."""
    config = app.config
    relaxed = app.debug or app.testing
    if config["SECRET_KEY"] in (None, "", DEV_SECRET_KEY):
        if not relaxed:
            raise RuntimeError(
                "Tumbler Notes will not start without a secret key outside debug mode: set NOTES_SECRET_KEY"
                f" (or SECRET_KEY in {os.path.join(app.instance_path, 'config.py')}) to a long random string,"
                " for example the output of: python3 -c 'import secrets; print(secrets.token_hex())'"
            )
        config["SECRET_KEY"] = DEV_SECRET_KEY
    if config["REDIS_URL"] and config.get("SESSION_BACKEND", "cookie") == "cookie":
        # tumbler-sessions' Redis backend: the cookie holds only a signed id.
        config["SESSION_BACKEND"] = "redis"
        config["SESSION_REDIS_URL"] = config["REDIS_URL"]
    secure = config["SESSION_COOKIE_SECURE"]
    config["SESSION_COOKIE_SECURE"] = not relaxed if secure is None else _flag("SESSION_COOKIE_SECURE", secure)
    if isinstance(hosts := config["TRUSTED_HOSTS"], str):
        config["TRUSTED_HOSTS"] = [host.strip() for host in hosts.split(",") if host.strip()] or None


def _serve_behind_proxies(app: App) -> None:
    """Trust the proxies' X-Forwarded-For/-Proto/-Host, and name this server in each response when asked."""
    if proxies := int(app.config["TRUSTED_PROXIES"]):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    if (instance := app.config["INSTANCE_ID"]) is not None:
        header = ("X-Notes-Instance", str(instance))

        @app.after_request
        def name_the_instance(response: t.Any) -> t.Any:
            response.headers[header[0]] = header[1]
            return response
