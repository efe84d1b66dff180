"""``flask.ctx``: Tumbler's contexts; Flask's request context also carries the session."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import contextvars
import sys
import typing as t
from functools import update_wrapper
from types import TracebackType

import tumbler_sessions
from tumbler.ctx import (
    AppContext,
    _AppCtxGlobals,
    _sentinel,
    after_this_request,
    copy_current_request_context,
    has_app_context,
    has_request_context,
)
from tumbler.ctx import RequestContext as _RequestContext
from werkzeug.exceptions import HTTPException

from . import typing as ft
from .globals import _cv_app, _cv_request
from .signals import appcontext_popped, appcontext_pushed

__all__ = [
    "AppContext",
    "RequestContext",
    "_AppCtxGlobals",
    "after_this_request",
    "copy_current_request_context",
    "has_app_context",
    "has_request_context",
]


F = t.TypeVar("F", bound=t.Callable[..., t.Any])


class _FlaskGlobals(_AppCtxGlobals):
    _repr_name = "flask.g"


class RequestContext(_RequestContext):
    """Adds Flask's ``session`` (marks it accessed) and ``_session`` (does not)."""

    @property
    def session(self) -> t.Any:
        opened = tumbler_sessions.get_request_session(self)
        if opened is not None:
            opened.accessed = True
        return opened

    @session.setter
    def session(self, value: t.Any) -> None:
        tumbler_sessions.set_request_session(self, value)

    @property
    def _session(self) -> t.Any:
        return tumbler_sessions.get_request_session(self)
