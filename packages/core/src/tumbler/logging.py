"""The app's logger: named after the app, writing to the request's ``wsgi.errors``."""

from __future__ import annotations

import logging
import sys
import typing as t

from werkzeug.local import LocalProxy

from .globals import _cv_request

if t.TYPE_CHECKING:
    from .app import App

__all__ = ["create_logger", "default_handler", "has_level_handler", "wsgi_errors_stream"]


@LocalProxy
def wsgi_errors_stream() -> t.TextIO:
    """The current request's ``wsgi.errors`` stream, else ``sys.stderr``."""
    return t.cast(t.TextIO, ctx.environ["wsgi.errors"]) if (ctx := _cv_request.get(None)) is not None else sys.stderr


def has_level_handler(logger: logging.Logger) -> bool:
    """Whether a handler in the logger's chain handles its effective level."""
    level = logger.getEffectiveLevel()
    current: logging.Logger | None = logger
    while current is not None:
        if any(handler.level <= level for handler in current.handlers):
            return True
        if not current.propagate:
            break
        current = current.parent
    return False


#: Added to an app's logger when no handler would show its messages.
default_handler = logging.StreamHandler(t.cast(t.TextIO, wsgi_errors_stream))
default_handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s"))


def create_logger(app: App) -> logging.Logger:
    """The app's logger: DEBUG level in debug mode, :data:`default_handler` if needed."""
    logger = logging.getLogger(app.name)
    if app.debug and not logger.level:
        logger.setLevel(logging.DEBUG)
    if not has_level_handler(logger):
        logger.addHandler(default_handler)
    return logger
