"""Hook implementations: each sends one signal, and only when someone listens.

While none of the signals has a receiver, the plugin tells each app it is
idle (``app.plugins.set_idle``), so requests do not call it at all; the
first receiver connected to any of them (blinker's ``receiver_connected``)
wakes it in every app, from then on. Every implementation still checks
``signal.receivers`` (a dict's truth test), then
``signal.has_receivers_for(app)`` (receivers of other apps do not count), so
an awake plugin never builds a response object it would not otherwise need.
``request_finished`` is not a ``tumbler_process_response`` implementation for
that reason: the sender is registered as a response processor of the one
request that has listeners.

The template and flash hooks are declared by tumbler-templating and
tumbler-sessions; they are optional here, so this plugin works without them.
"""

from __future__ import annotations

import sys
import threading
import typing as t
import weakref

from tumbler import StashKey, hookimpl, request_ctx

from .signals import (
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

if t.TYPE_CHECKING:
    from blinker import Signal
    from tumbler import App, Response

# Implementations take all of a hook's arguments: the kernel then calls them
# directly, without an argument-selecting wrapper.

#: Every signal the plugin sends (the namespace holds exactly these).
_SENT = tuple(namespace.values())

# -- idle while nobody listens ---------------------------------------------------

#: The apps that may be idle, with the name this module is registered under there.
_idle_apps: weakref.WeakKeyDictionary[App, str] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


@hookimpl
def tumbler_configure(app: App) -> None:
    if not any(signal.receivers for signal in _SENT):
        name = app.plugins.manager.get_name(sys.modules[__name__])
        with _lock:
            _idle_apps[app] = name
        app.plugins.set_idle(name)


def _wake(signal: t.Any, **connected: t.Any) -> None:
    """A receiver connected to one of the signals: every idle app calls the plugin again."""
    with _lock:
        apps = list(_idle_apps.items())
        _idle_apps.clear()
    for app, name in apps:
        app.plugins.set_idle(name, False)


for _signal in _SENT:
    _signal.receiver_connected.connect(_wake)

# -- app context ------------------------------------------------------------


@hookimpl
def tumbler_appcontext_pushed(app: App) -> None:
    if appcontext_pushed.receivers and appcontext_pushed.has_receivers_for(app):
        appcontext_pushed.send(app, _async_wrapper=app.ensure_sync)


@hookimpl
def tumbler_teardown_appcontext(app: App, exc: BaseException | None) -> None:
    if appcontext_tearing_down.receivers and appcontext_tearing_down.has_receivers_for(app):
        appcontext_tearing_down.send(app, _async_wrapper=app.ensure_sync, exc=exc)


@hookimpl
def tumbler_appcontext_popped(app: App) -> None:
    if appcontext_popped.receivers and appcontext_popped.has_receivers_for(app):
        appcontext_popped.send(app, _async_wrapper=app.ensure_sync)


# -- request ------------------------------------------------------------------


@hookimpl
def tumbler_request_started(app: App) -> None:
    # Registered before request_started is sent: if a receiver raises and an
    # error handler answers, the response is still announced (as in Flask).
    if request_finished.receivers and _listened_to(request_finished, app):
        request_ctx.add_response_processor(_queue_request_finished)
    if request_started.receivers and request_started.has_receivers_for(app):
        request_started.send(app, _async_wrapper=app.ensure_sync)
    return None  # a result would answer the request


@hookimpl
def tumbler_request_exception(app: App, exception: BaseException) -> None:
    if got_request_exception.receivers and got_request_exception.has_receivers_for(app):
        got_request_exception.send(app, _async_wrapper=app.ensure_sync, exception=exception)


@hookimpl
def tumbler_teardown_request(app: App, exc: BaseException | None) -> None:
    if request_tearing_down.receivers and request_tearing_down.has_receivers_for(app):
        request_tearing_down.send(app, _async_wrapper=app.ensure_sync, exc=exc)


def _listened_to(signal: Signal, sender: App) -> bool:
    # has_receivers_for() alone stays True for a sender whose receivers were
    # disconnected with disconnect(receiver, sender); building a response for
    # nobody is worth one more look.
    return signal.has_receivers_for(sender) and next(signal.receivers_for(sender), None) is not None


_FINISHED_QUEUED = StashKey[bool]("signals.request_finished_queued")


def _queue_request_finished(response: Response) -> None:
    """First stage: move the sender behind every processor registered so far.

    Flask announces the response once it is fully processed, session cookie
    included; a session opened in the view registers its processor after
    ours, so the sender goes to the end of the list (processors added while
    processors run are called in the same pass). The stash flag keeps one
    sender per request even when ``process_response`` runs again (the 500 path).
    """
    stash = request_ctx.stash
    if _FINISHED_QUEUED not in stash:
        stash[_FINISHED_QUEUED] = True
        request_ctx.add_response_processor(_send_request_finished)


def _send_request_finished(response: Response) -> None:
    app = request_ctx.app
    request_finished.send(app, _async_wrapper=app.ensure_sync, response=response)


# -- other plugins' hooks (optional) ------------------------------------------------


@hookimpl(optionalhook=True)
def tumbler_before_render_template(app: App, template: t.Any, context: dict[str, t.Any]) -> None:
    """tumbler-templating: about to render ``template`` with ``context``."""
    if before_render_template.receivers and before_render_template.has_receivers_for(app):
        before_render_template.send(app, _async_wrapper=app.ensure_sync, template=template, context=context)


@hookimpl(optionalhook=True)
def tumbler_template_rendered(app: App, template: t.Any, context: dict[str, t.Any]) -> None:
    """tumbler-templating: ``template`` was rendered with ``context``."""
    if template_rendered.receivers and template_rendered.has_receivers_for(app):
        template_rendered.send(app, _async_wrapper=app.ensure_sync, template=template, context=context)


@hookimpl(optionalhook=True)
def tumbler_message_flashed(app: App, message: t.Any, category: str) -> None:
    """tumbler-sessions: ``message`` was flashed under ``category``."""
    if message_flashed.receivers and message_flashed.has_receivers_for(app):
        message_flashed.send(app, _async_wrapper=app.ensure_sync, message=message, category=category)
