"""``tumbler --app notes demo``: the quick start.

On first run it creates the database with a demo account and two notes;
then it serves the app on http://127.0.0.1:5000 with ``tumbler run``'s
development server (the reloader and the debugger are on with
``TUMBLER_DEBUG=1``, which ``python3 dev.py demo`` sets).
"""

from __future__ import annotations

import click
from tumbler import App, current_app
from tumbler_cli import cli, run_command, with_appcontext
from werkzeug.serving import is_running_from_reloader

from . import store
from .db import database_exists, init_db

__all__ = ["DEMO_PASSWORD", "DEMO_USERNAME", "demo_command", "init_app"]

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "tumbler-demo"

DEMO_NOTES = [
    (
        "Things to try",
        "Edit this note, write a new one, search for a word, then look at\n"
        "the Activity page: your log-ins are recorded by signal receivers.\n\n"
        "The same notes are JSON at /api/notes.",
    ),
    (
        "Welcome to Tumbler Notes",
        "This app is the example that ships with Tumbler. Its code is in\n"
        "examples/notes/notes/: one small module per concern.",
    ),
]


def create_demo_data() -> None:
    """Add the demo account and its notes."""
    user_id = store.add_user(DEMO_USERNAME, DEMO_PASSWORD)
    for title, body in DEMO_NOTES:
        store.create_note(user_id, title, body)


@click.command("demo")
@click.option("--port", "-p", default=5000, show_default=True, help="The port to serve on.")
@with_appcontext
def demo_command(port: int) -> None:
    """Create the database on first run, then serve the app on 127.0.0.1."""
    # The reloader runs this command again in a child process: say things once.
    if not is_running_from_reloader():
        if not database_exists():
            init_db()
            create_demo_data()
            click.echo(f"Created the database at {current_app.config['DATABASE']}, with a demo account.")
        else:
            init_db()  # adds what a database made by an older version lacks; keeps the data
        if store.get_user_by_name(DEMO_USERNAME) is not None:
            click.secho(f" * Log in as {DEMO_USERNAME!r} with the password {DEMO_PASSWORD!r}", fg="green")
    click.get_current_context().invoke(run_command, host="127.0.0.1", port=port)


def init_app(app: App) -> None:
    """Add ``demo`` to the app's commands."""
    cli(app).add_command(demo_command)
