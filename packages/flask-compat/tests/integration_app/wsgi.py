"""``FLASK_APP=integration_app.wsgi``: the app the ``flask`` command loads,
on the database named by ``INTEGRATION_DATABASE_URI``."""

import os

import tumbler_flask_compat  # noqa: F401  (before anything imports flask)

# isort: split
from integration_app import create_app

app = create_app(os.environ["INTEGRATION_DATABASE_URI"])
