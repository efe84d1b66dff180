"""Jinja2 templates for Tumbler apps.

Installed next to ``tumbler-core``, this plugin (entry point ``templating``)
gives every app a Jinja environment made on first use, template folders per
app and blueprint, context processors, template filters, tests and globals,
and ``render_template`` / ``stream_template``. Other plugins contribute
template variables and observe renders through the hooks in
:mod:`tumbler_templating.hookspecs`.
"""

from __future__ import annotations

from jinja2 import Template, TemplateNotFound

from .environment import (
    AUTOESCAPE_EXTENSIONS,
    Environment,
    create_jinja_environment,
    jinja_env,
    select_jinja_autoescape,
    templates_auto_reload,
)
from .loaders import (
    DispatchingJinjaLoader,
    TemplateSource,
    create_global_jinja_loader,
    jinja_loader,
    template_sources,
)
from .registration import (
    add_template_filter,
    add_template_global,
    add_template_test,
    app_context_processor,
    context_processor,
    template_context_processors,
    template_filter,
    template_global,
    template_test,
)
from .rendering import (
    get_template_attribute,
    render_template,
    render_template_string,
    stream_template,
    stream_template_string,
    update_template_context,
)
from .state import CONFIG_DEFAULTS

__version__ = "0.1.0"

__all__ = [
    "AUTOESCAPE_EXTENSIONS",
    "CONFIG_DEFAULTS",
    "DispatchingJinjaLoader",
    "Environment",
    "Template",
    "TemplateNotFound",
    "TemplateSource",
    "add_template_filter",
    "add_template_global",
    "add_template_test",
    "app_context_processor",
    "context_processor",
    "create_global_jinja_loader",
    "create_jinja_environment",
    "get_template_attribute",
    "jinja_env",
    "jinja_loader",
    "render_template",
    "render_template_string",
    "select_jinja_autoescape",
    "stream_template",
    "stream_template_string",
    "template_context_processors",
    "template_filter",
    "template_global",
    "template_sources",
    "template_test",
    "templates_auto_reload",
    "update_template_context",
]
