"""``flask.templating``."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import typing as t

from jinja2 import BaseLoader, Template, TemplateNotFound
from jinja2 import Environment as BaseEnvironment
from tumbler import stream_with_context
from tumbler.globals import _cv_app, _cv_request, current_app, request
from tumbler_templating import DispatchingJinjaLoader as _DispatchingJinjaLoader
from tumbler_templating import (
    Environment,
    get_template_attribute,
    render_template,
    render_template_string,
    stream_template,
    stream_template_string,
)
from tumbler_templating.rendering import _render, _stream

from tumbler_flask_compat._incidental import _default_template_ctx_processor

from .signals import before_render_template, template_rendered

__all__ = [
    "DispatchingJinjaLoader",
    "Environment",
    "get_template_attribute",
    "render_template",
    "render_template_string",
    "stream_template",
    "stream_template_string",
]


class DispatchingJinjaLoader(_DispatchingJinjaLoader):
    blueprint_hint = "  See https://flask.palletsprojects.com/blueprints/#templates"
