"""The ``flask`` command of this package: Flask's command line (``flask run``,
``flask routes``, ``flask shell``, extensions' commands such as ``flask db``).

Importing this module imports the ``tumbler_flask_compat`` package first, so
``import flask`` resolves to Tumbler before the application is loaded.
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> None:
    """Run ``flask.cli.main`` on Tumbler (the ``flask`` console script)."""
    from flask.cli import main as flask_main

    flask_main()
