"""``flask.globals``: the context proxies, from Tumbler's kernel and sessions plugin."""

from tumbler.globals import _cv_app, _cv_request, app_ctx, current_app, g, request, request_ctx
from tumbler_sessions import session

__all__ = ["_cv_app", "_cv_request", "app_ctx", "current_app", "g", "request", "request_ctx", "session"]
