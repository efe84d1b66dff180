"""The app's own signals: what happened to an account.

``auth.py`` sends them, with the app as sender like Tumbler's own signals;
``audit.py`` records them. Anything else may listen too::

    from notes.signals import user_logged_in

    @user_logged_in.connect_via(app)
    def greet(sender, user, **extra):
        ...
"""

from __future__ import annotations

from tumbler_signals import Namespace

__all__ = ["login_failed", "user_logged_in", "user_logged_out", "user_registered"]

_signals = Namespace()

#: A new account was created; ``user`` is its row.
user_registered = _signals.signal("user-registered")
#: A user logged in; ``user`` is their row.
user_logged_in = _signals.signal("user-logged-in")
#: A user logged out; ``user`` is their row.
user_logged_out = _signals.signal("user-logged-out")
#: A log-in failed; ``username`` is the name that was tried.
login_failed = _signals.signal("login-failed")
