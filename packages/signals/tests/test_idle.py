"""Nobody listening, nothing called: the plugin is idle in every app until a
receiver connects to one of its signals, and then every app sends again.

"Called" is observed with the kernel's plugin tracing (one log line per
hook implementation call), so these tests see what a request really runs.
"""

from __future__ import annotations

import logging

import pytest
import tumbler
import tumbler_signals
from werkzeug.test import Client


def traced_app(name: str = "idle_app") -> tumbler.App:
    app = tumbler.App(name, plugins=["signals"], config={"TRACE_PLUGINS": True})
    app.add_url_rule("/", "index", lambda: "hi")
    return app


def signals_calls(caplog: pytest.LogCaptureFixture, app: tumbler.App) -> list[str]:
    """The traced hook calls of the signals plugin during one request."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="tumbler.plugins"):
        assert Client(app).get("/").status_code == 200
    return [r.getMessage() for r in caplog.records if "signals" in r.getMessage()]


def test_no_receiver_means_no_call(caplog: pytest.LogCaptureFixture) -> None:
    app = traced_app()
    assert signals_calls(caplog, app) == []
    assert signals_calls(caplog, app) == []


def test_a_receiver_connected_while_serving_wakes_every_app(caplog: pytest.LogCaptureFixture, connect) -> None:
    first, second = traced_app("first"), traced_app("second")
    assert signals_calls(caplog, first) == [] and signals_calls(caplog, second) == []
    heard: list[object] = []
    connect(tumbler_signals.request_started, lambda sender, **kw: heard.append(sender))
    assert signals_calls(caplog, first) != []
    assert signals_calls(caplog, second) != []
    assert heard == [first, second]


def test_an_app_made_while_someone_listens_is_awake(caplog: pytest.LogCaptureFixture, connect) -> None:
    heard: list[object] = []
    connect(tumbler_signals.request_finished, lambda sender, response, **kw: heard.append(response.status_code))
    app = traced_app()
    assert signals_calls(caplog, app) != []
    assert heard == [200]


def test_a_receiver_for_another_signal_also_wakes_it(connect) -> None:
    """Any of the plugin's signals wakes it: the hooks then check each signal themselves."""
    app = traced_app()
    Client(app).get("/")
    torn: list[object] = []
    connect(tumbler_signals.appcontext_tearing_down, lambda sender, **kw: torn.append(kw["exc"]))
    Client(app).get("/")
    assert torn == [None]


def test_apps_made_after_the_receivers_left_are_idle_again(caplog: pytest.LogCaptureFixture) -> None:
    def receiver(sender: object, **kw: object) -> None:
        pass

    tumbler_signals.request_started.connect(receiver)
    tumbler_signals.request_started.disconnect(receiver)
    assert signals_calls(caplog, traced_app()) == []
