"""``flask.logging``."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import logging
import sys
import typing as t

from tumbler.logging import create_logger, default_handler, has_level_handler, wsgi_errors_stream
from werkzeug.local import LocalProxy

from .globals import request

__all__ = ["create_logger", "default_handler", "has_level_handler", "wsgi_errors_stream"]
