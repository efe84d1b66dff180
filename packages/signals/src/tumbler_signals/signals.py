"""The signals Tumbler sends, with Flask's names and arguments.

Every signal is sent with the app as the sender, so a receiver can listen to
one app or to all of them::

    from tumbler_signals import request_finished

    @request_finished.connect_via(app)      # this app only
    def log_status(sender, response, **extra):
        sender.logger.info("answered %s", response.status)

    request_finished.connect(log_status)    # every app

Receivers take the sender positionally and the signal's arguments by
keyword (accept ``**extra`` to stay compatible with arguments added later).
``async def`` receivers are run with the app's :meth:`~tumbler.App.ensure_sync`,
like async views. A signal nobody listens to is never sent.
"""

from __future__ import annotations

from blinker import Namespace

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

#: The namespace holding Tumbler's own signals (make a separate
#: :class:`Namespace` for an extension's signals).
namespace = Namespace()

#: A request was routed, before the ``before_request`` functions run. No arguments.
request_started = namespace.signal("request-started")
#: The response is ready: after the ``after_request`` functions and the
#: response processors (session saved). Argument: ``response``.
request_finished = namespace.signal("request-finished")
#: An exception reached the app's last error handling (the 500 path), before
#: the 500 response is made or the exception propagates. Argument: ``exception``.
got_request_exception = namespace.signal("got-request-exception")
#: The request context is being popped, after the ``teardown_request``
#: functions. Argument: ``exc`` (the unhandled exception, or ``None``).
request_tearing_down = namespace.signal("request-tearing-down")
#: An app context was pushed. No arguments.
appcontext_pushed = namespace.signal("appcontext-pushed")
#: The last pop of an app context, after the ``teardown_appcontext``
#: functions. Argument: ``exc`` (the unhandled exception, or ``None``).
appcontext_tearing_down = namespace.signal("appcontext-tearing-down")
#: An app context was popped, after its teardown. No arguments.
appcontext_popped = namespace.signal("appcontext-popped")
#: A template is about to be rendered; receivers may change ``context``.
#: Arguments: ``template``, ``context``. Needs tumbler-templating.
before_render_template = namespace.signal("before-render-template")
#: A template was rendered. Arguments: ``template``, ``context``. Needs
#: tumbler-templating.
template_rendered = namespace.signal("template-rendered")
#: A message was flashed. Arguments: ``message``, ``category``. Needs
#: tumbler-sessions.
message_flashed = namespace.signal("message-flashed")
