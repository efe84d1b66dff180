"""``flask.globals``: the context proxies, from Tumbler's kernel and sessions plugin."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import typing as t
from contextvars import ContextVar

from tumbler.globals import (
    _cv_app,
    _cv_request,
    _no_app_msg,
    _no_req_msg,
    app_ctx,
    current_app,
    g,
    request,
    request_ctx,
)
from tumbler_sessions import session
from werkzeug.local import LocalProxy

__all__ = ["_cv_app", "_cv_request", "app_ctx", "current_app", "g", "request", "request_ctx", "session"]
