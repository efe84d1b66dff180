"""``import flask`` must find the compat layer, whichever test module pytest
imports first: the finder is installed before any test module is collected."""

import tumbler_flask_compat  # noqa: F401
