"""The context variables and the proxies that read them (``current_app``, ``g``, ``request``)."""

from __future__ import annotations

import typing as t
from contextvars import ContextVar

from werkzeug.local import LocalProxy

if t.TYPE_CHECKING:
    from .app import App
    from .ctx import AppContext, RequestContext, _AppCtxGlobals
    from .wrappers import Request

_no_app_msg = """\
Working outside of application context.

This code needs the current application, but no app context is active.
Push one with 'with app.app_context():', or run the code inside a request."""

_no_req_msg = """\
Working outside of request context.

This code needs an active HTTP request. Run it inside a view, or push a
context for tests with 'with app.test_request_context():'."""

_cv_app: ContextVar[AppContext] = ContextVar("tumbler.app_ctx")
_cv_request: ContextVar[RequestContext] = ContextVar("tumbler.request_ctx")

app_ctx: AppContext = LocalProxy(_cv_app, unbound_message=_no_app_msg)  # type: ignore[assignment]
current_app: App = LocalProxy(_cv_app, "app", unbound_message=_no_app_msg)  # type: ignore[assignment]
g: _AppCtxGlobals = LocalProxy(_cv_app, "g", unbound_message=_no_app_msg)  # type: ignore[assignment]
request_ctx: RequestContext = LocalProxy(_cv_request, unbound_message=_no_req_msg)  # type: ignore[assignment]
request: Request = LocalProxy(_cv_request, "request", unbound_message=_no_req_msg)  # type: ignore[assignment]
