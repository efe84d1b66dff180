"""``flask.sansio.app``: Tumbler's kernel ``App``, which ``Flask`` builds on."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import logging
import os
import sys
import typing as t
from datetime import timedelta
from itertools import chain

from tumbler import App
from tumbler.ctx import _AppCtxGlobals
from tumbler.logging import create_logger
from werkzeug.exceptions import Aborter, BadRequest, BadRequestKeyError
from werkzeug.routing import BuildError, Map, Rule
from werkzeug.utils import cached_property
from werkzeug.utils import redirect as _wz_redirect
from werkzeug.wrappers import Response

from tumbler_flask_compat._incidental import _make_timedelta, _split_blueprint_path

from .. import typing as ft
from ..config import Config, ConfigAttribute
from ..helpers import get_debug_flag
from ..json.provider import DefaultJSONProvider, JSONProvider
from ..templating import DispatchingJinjaLoader, Environment
from .scaffold import Scaffold, _endpoint_from_view_func, find_package, setupmethod

__all__ = ["App"]

T_shell_context_processor = t.TypeVar("T_shell_context_processor", bound=ft.ShellContextProcessorCallable)
T_teardown = t.TypeVar("T_teardown", bound=ft.TeardownCallable)
T_template_filter = t.TypeVar("T_template_filter", bound=ft.TemplateFilterCallable)
T_template_global = t.TypeVar("T_template_global", bound=ft.TemplateGlobalCallable)
T_template_test = t.TypeVar("T_template_test", bound=ft.TemplateTestCallable)
