"""``flask.sansio.scaffold``: what apps and blueprints share (Tumbler's ``Scaffold``)."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys
import typing as t
from collections import defaultdict
from functools import update_wrapper

from jinja2 import BaseLoader, FileSystemLoader
from tumbler.files import _package_path as _find_package_path
from tumbler.files import find_package, get_root_path
from tumbler.scaffold import Scaffold, _sentinel, setupmethod
from tumbler.scaffold import endpoint_from_view_func as _endpoint_from_view_func
from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.utils import cached_property

from tumbler_flask_compat._incidental import _default_template_ctx_processor

from .. import typing as ft

__all__ = ["Scaffold", "find_package", "setupmethod"]

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T_after_request = t.TypeVar("T_after_request", bound=ft.AfterRequestCallable)
T_before_request = t.TypeVar("T_before_request", bound=ft.BeforeRequestCallable)
T_error_handler = t.TypeVar("T_error_handler", bound=ft.ErrorHandlerCallable)
T_teardown = t.TypeVar("T_teardown", bound=ft.TeardownCallable)
T_template_context_processor = t.TypeVar("T_template_context_processor", bound=ft.TemplateContextProcessorCallable)
T_url_defaults = t.TypeVar("T_url_defaults", bound=ft.URLDefaultCallable)
T_url_value_preprocessor = t.TypeVar("T_url_value_preprocessor", bound=ft.URLValuePreprocessorCallable)
T_route = t.TypeVar("T_route", bound=ft.RouteCallable)
