"""The public names, as a Flask user (and the compat layer) expects them."""

from __future__ import annotations

import blinker
import tumbler_signals
from tumbler_signals import signals

FLASK_SIGNALS = (
    "template_rendered",
    "before_render_template",
    "request_started",
    "request_finished",
    "request_tearing_down",
    "got_request_exception",
    "appcontext_tearing_down",
    "appcontext_pushed",
    "appcontext_popped",
    "message_flashed",
)


def test_flask_signal_names() -> None:
    for name in FLASK_SIGNALS:
        signal = getattr(tumbler_signals, name)
        assert isinstance(signal, blinker.NamedSignal)
        assert signal.name == name.replace("_", "-")
        assert tumbler_signals.namespace[signal.name] is signal is getattr(signals, name)


def test_namespace_for_extension_signals() -> None:
    """``Namespace`` (as in ``flask.signals``) makes a separate set of signals."""
    mine = signals.Namespace()
    assert mine.signal("request-started") is not tumbler_signals.request_started
    assert tumbler_signals.Namespace is blinker.Namespace
