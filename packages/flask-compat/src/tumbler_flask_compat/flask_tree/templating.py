"""``flask.templating``."""

from tumbler_templating import (
    DispatchingJinjaLoader,
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
