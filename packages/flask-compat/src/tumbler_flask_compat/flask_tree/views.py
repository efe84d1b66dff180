"""``flask.views``."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import typing as t

from tumbler.globals import current_app, request
from tumbler.views import MethodView, View, http_method_funcs

from . import typing as ft

__all__ = ["MethodView", "View", "http_method_funcs"]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
