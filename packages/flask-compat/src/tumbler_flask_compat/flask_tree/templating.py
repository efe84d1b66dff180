"""``flask.templating``."""

from tumbler_templating import DispatchingJinjaLoader as _DispatchingJinjaLoader
from tumbler_templating import (
    Environment,
    get_template_attribute,
    render_template,
    render_template_string,
    stream_template,
    stream_template_string,
)

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
