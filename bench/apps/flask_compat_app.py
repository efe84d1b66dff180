"""The unchanged Flask app module, run on Tumbler through ``tumbler_flask_compat``.

Importing ``tumbler_flask_compat`` first makes ``import flask`` (inside
``flask_app``) resolve to Tumbler; the real Flask is not installed in this column's
environment, so nothing else can answer.
"""

import tumbler_flask_compat  # noqa: F401  (must come before flask_app)

# isort: split
from flask_app import app

__all__ = ["app"]
