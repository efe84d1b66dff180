"""Tumbler: a small web framework kernel with plugins.

The kernel owns the app, routing, blueprints, contexts, request/response,
errors, JSON, static files and views. Templating, sessions, signals, the CLI
and the test client are plugins (``tumbler-templating``, ...), found through
the ``tumbler.plugins`` entry-point group.
"""

from __future__ import annotations

from werkzeug.exceptions import HTTPException

from . import json
from .app import App
from .blueprints import Blueprint, BlueprintSetupState
from .config import Config
from .ctx import (
    AppContext,
    RequestContext,
    after_this_request,
    copy_current_request_context,
    has_app_context,
    has_request_context,
    stream_with_context,
)
from .files import send_file, send_from_directory
from .globals import app_ctx, current_app, g, request, request_ctx
from .hookspecs import PROJECT_NAME, hookspec
from .json import jsonify
from .plugins import PluginError, PluginInfo, PluginWarning, hookimpl
from .responses import abort, make_response
from .routing import redirect, url_for
from .scaffold import SetupError
from .stash import Stash, StashKey
from .views import MethodView, View
from .wrappers import Request, Response

__version__ = "0.1.0"

__all__ = [
    "App",
    "AppContext",
    "Blueprint",
    "BlueprintSetupState",
    "Config",
    "HTTPException",
    "MethodView",
    "PROJECT_NAME",
    "PluginError",
    "PluginInfo",
    "PluginWarning",
    "Request",
    "RequestContext",
    "Response",
    "SetupError",
    "Stash",
    "StashKey",
    "View",
    "abort",
    "after_this_request",
    "app_ctx",
    "copy_current_request_context",
    "current_app",
    "g",
    "has_app_context",
    "has_request_context",
    "hookimpl",
    "hookspec",
    "json",
    "jsonify",
    "make_response",
    "redirect",
    "request",
    "request_ctx",
    "send_file",
    "send_from_directory",
    "stream_with_context",
    "url_for",
]
