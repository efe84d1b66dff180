"""Shared fixtures: an app with the signals plugin (loaded by its entry-point
name), werkzeug's test client, and receivers that are disconnected after
each test (signals are process-wide). The stand-ins for the templating and
sessions plugins are in ``fakes.py``.
"""

from __future__ import annotations

import typing as t

import pytest
import tumbler
import tumbler_signals
from blinker import ANY, Signal
from werkzeug.test import Client

ENV_KEYS = (
    "TUMBLER_PLUGINS",
    "TUMBLER_DISABLE_PLUGINS",
    "TUMBLER_PLUGINS_AUTOLOAD",
    "TUMBLER_REQUIRE_PLUGINS",
    "TUMBLER_TRACE_PLUGINS",
    "TUMBLER_DEBUG",
)

#: The signals the kernel's hooks send, in the order of a successful request.
LIFECYCLE = (
    tumbler_signals.appcontext_pushed,
    tumbler_signals.request_started,
    tumbler_signals.got_request_exception,
    tumbler_signals.request_finished,
    tumbler_signals.request_tearing_down,
    tumbler_signals.appcontext_tearing_down,
    tumbler_signals.appcontext_popped,
)
#: Sent only when the templating or sessions plugin calls the hooks.
COOPERATIVE = (
    tumbler_signals.before_render_template,
    tumbler_signals.template_rendered,
    tumbler_signals.message_flashed,
)
ALL_SIGNALS = LIFECYCLE + COOPERATIVE


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees plugin or debug switches from the developer's shell."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(autouse=True)
def _no_leaks() -> t.Iterator[None]:
    """Signals are process-wide: every test must disconnect what it connected
    and leave no context behind."""
    yield
    assert [s.name for s in ALL_SIGNALS if s.receivers] == [], "a test left receivers connected"
    assert not tumbler.has_request_context(), "a test leaked a request context"
    assert not tumbler.has_app_context(), "a test leaked an app context"


@pytest.fixture
def app() -> tumbler.App:
    return tumbler.App("signals_app", plugins=["signals"])


@pytest.fixture
def client(app: tumbler.App) -> Client:
    return Client(app)


Connect = t.Callable[..., t.Callable[..., t.Any]]


@pytest.fixture
def connect() -> t.Iterator[Connect]:
    """``connect(signal, receiver, sender=ANY)``: ``signal.connect``, undone after the test."""
    done: list[tuple[Signal, t.Callable[..., t.Any], t.Any]] = []

    def connect(signal: Signal, receiver: t.Callable[..., t.Any], sender: t.Any = ANY) -> t.Callable[..., t.Any]:
        signal.connect(receiver, sender, weak=False)
        done.append((signal, receiver, sender))
        return receiver

    yield connect
    for signal, receiver, _sender in done:
        signal.disconnect(receiver)  # from every sender: blinker keeps it listed otherwise


class Event(t.NamedTuple):
    name: str
    sender: t.Any
    kwargs: dict[str, t.Any]


class Log(list[t.Any]):
    """Signals received, in order; tests may append plain markers too."""

    def names(self) -> list[str]:
        return [e.name if isinstance(e, Event) else e for e in self]

    def of(self, name: str) -> list[Event]:
        return [e for e in self if isinstance(e, Event) and e.name == name]


Listen = t.Callable[..., Log]


@pytest.fixture
def listen(connect: Connect) -> Listen:
    """``listen(signals=ALL_SIGNALS, sender=ANY, log=None)``: record each signal of
    ``signals`` sent by ``sender`` as an :class:`Event` (named like the
    signal's attribute, ``request_started``) into ``log`` (a new :class:`Log`
    by default), and return the log."""

    def listen(signals: t.Iterable[Signal] = ALL_SIGNALS, sender: t.Any = ANY, log: Log | None = None) -> Log:
        log = Log() if log is None else log
        for signal in signals:
            connect(signal, _recorder(log, _attr_name(signal)), sender)
        return log

    return listen


def _attr_name(signal: Signal) -> str:
    return str(signal.name).replace("-", "_")


def _recorder(log: Log, name: str) -> t.Callable[..., None]:
    def receive(sender: t.Any, **kwargs: t.Any) -> None:
        log.append(Event(name, sender, kwargs))

    return receive
