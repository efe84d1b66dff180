"""``flask.debughelpers``."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import typing as t

from jinja2.loaders import BaseLoader
from tumbler import App
from tumbler.debughelpers import DebugFilesKeyError, FormDataRoutingRedirect, attach_enctype_error_multidict
from werkzeug.routing import RequestRedirect

from tumbler_flask_compat._incidental import (
    UnexpectedUnicodeError,
    _dump_loader_info,
    explain_template_loading_attempts,
)

from .blueprints import Blueprint
from .globals import request_ctx

__all__ = [
    "DebugFilesKeyError",
    "FormDataRoutingRedirect",
    "UnexpectedUnicodeError",
    "attach_enctype_error_multidict",
    "explain_template_loading_attempts",
]
