"""Tumbler signals: Flask's blinker signals, sent by a plugin.

Install ``tumbler-signals`` and the plugin (entry-point name ``signals``) is
loaded with every app that autoloads plugins. Connect receivers to the
signals below, for one app (``signal.connect(f, app)``) or for all apps.
"""

from __future__ import annotations

from .signals import (
    Namespace,
    appcontext_popped,
    appcontext_pushed,
    appcontext_tearing_down,
    before_render_template,
    got_request_exception,
    message_flashed,
    namespace,
    request_finished,
    request_started,
    request_tearing_down,
    template_rendered,
)

__version__ = "0.1.0"

__all__ = [
    "Namespace",
    "appcontext_popped",
    "appcontext_pushed",
    "appcontext_tearing_down",
    "before_render_template",
    "got_request_exception",
    "message_flashed",
    "namespace",
    "request_finished",
    "request_started",
    "request_tearing_down",
    "template_rendered",
]
