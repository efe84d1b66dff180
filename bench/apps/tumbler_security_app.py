"""The Tumbler column's app with tumbler-security loaded too ("Tumbler + security").

The same module, imported with tumbler-security allowed: the difference between the
two columns is what the plugin costs (its header step on every response, and a method
check that returns at once for GET/HEAD; the cross-origin check on the form POST).
"""

import os

os.environ["TUMBLER_BENCH_SECURITY"] = "1"

from tumbler_app import app

assert "security" in app.plugins, "tumbler-security is not installed in the bench virtualenv"

__all__ = ["app"]
