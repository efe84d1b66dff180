"""Error pages: HTML for the site, JSON under ``/api``.

Every HTTP error (``abort(404)``, a bad request, a wrong method) goes through
:func:`http_error`; an exception the code did not expect becomes a 500 and
goes through :func:`internal_error` (in debug mode the debugger shows it
instead).
"""

from __future__ import annotations

import json

from tumbler import App, current_app, request
from tumbler_templating import render_template
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response

__all__ = ["http_error", "init_app", "internal_error"]

#: Paths whose errors are answered with JSON.
API_PREFIX = "/api/"


def _error_response(error: HTTPException, template: str) -> Response:
    # Start from the error's own response, so its status and headers (like
    # ``Allow`` for a 405) are kept; only the body changes.
    response = error.get_response()
    if request.path.startswith(API_PREFIX):
        response.set_data(json.dumps({"error": error.name, "message": error.description}))
        response.content_type = "application/json"
    else:
        try:
            response.set_data(render_template(template, error=error))
        except Exception:
            # The page itself failed (say, a request refused before routing, so
            # url_for cannot build): plain text beats a second error.
            current_app.logger.exception("The %s error page could not be rendered.", error.code)
            response.set_data(f"{error.code} {error.name}: {error.description}")
            response.content_type = "text/plain; charset=utf-8"
    return response


def http_error(error: HTTPException) -> Response:
    """A 4xx (or other HTTP error): a page with the message, or JSON."""
    return _error_response(error, "errors/404.html" if error.code == 404 else "errors/error.html")


def internal_error(error: InternalServerError) -> Response:
    """A bug: a page that apologises, without the details (they are in the log)."""
    return _error_response(error, "errors/500.html")


def init_app(app: App) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(InternalServerError, internal_error)
