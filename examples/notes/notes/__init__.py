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


def create_app(test_config: t.Mapping[str, t.Any] | None = None, instance_path: str | None = None) -> App:
    """Create and configure the app.

    Config is read in this order, each step overriding the one before:
    the defaults below, ``config.py`` in the instance folder, environment
    variables prefixed ``NOTES_`` (``NOTES_SECRET_KEY=...``), then
    ``test_config``.

    :param test_config: config for tests, applied last.
    :param instance_path: the instance folder (absolute); by default
        ``instance/`` beside the package, or ``<prefix>/var/notes-instance``
        when the package is installed.
    """
    # The plugins come from the ``tumbler`` meta-package; naming them makes a
    # missing one fail here, saying what to install, not on the first request.
    app = App(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        require_plugins=["templating", "sessions", "signals", "cli"],
    )
    app.config.from_mapping(
        # Signs the session cookie. Fine for development only: set your own
        # in instance/config.py or NOTES_SECRET_KEY everywhere else.
        SECRET_KEY="dev",
        DATABASE=os.path.join(app.instance_path, "notes.sqlite"),
        # werkzeug's generate_password_hash method; the tests use a fast one.
        PASSWORD_HASH_METHOD="scrypt",
        # Browsers then leave the session cookie out of cross-site POSTs.
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("NOTES")
    if test_config is not None:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    if app.config["SECRET_KEY"] == "dev" and not (app.debug or app.testing):
        app.logger.warning(
            "SECRET_KEY is the development default: set SECRET_KEY in %s or NOTES_SECRET_KEY.",
            os.path.join(app.instance_path, "config.py"),
        )

    db.init_app(app)
    demo.init_app(app)
    errors.init_app(app)
    audit.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(notes.bp)
    app.register_blueprint(api.bp)
    return app
