"""``flask.sansio.blueprints``: Tumbler's kernel blueprint, which Flask's ``Blueprint`` builds on."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import os
import typing as t
from collections import defaultdict
from functools import update_wrapper

from tumbler.blueprints import Blueprint, BlueprintSetupState, DeferredSetupFunction

from .. import typing as ft
from .scaffold import (
    Scaffold,
    T_after_request,
    T_before_request,
    T_error_handler,
    T_teardown,
    T_template_context_processor,
    T_url_defaults,
    T_url_value_preprocessor,
    _endpoint_from_view_func,
    _sentinel,
    setupmethod,
)

__all__ = ["Blueprint", "BlueprintSetupState"]

T_template_filter = t.TypeVar("T_template_filter", bound=ft.TemplateFilterCallable)
T_template_global = t.TypeVar("T_template_global", bound=ft.TemplateGlobalCallable)
T_template_test = t.TypeVar("T_template_test", bound=ft.TemplateTestCallable)
