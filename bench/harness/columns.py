"""The columns of every table: which app module runs in which virtualenv."""

from __future__ import annotations

from dataclasses import dataclass

#: Tumbler's distributions that make the full install, as folders under packages/.
TUMBLER_PACKAGES: tuple[str, ...] = ("core", "templating", "sessions", "signals", "cli", "testing", "security", "full")


@dataclass(frozen=True)
class Environment:
    """A virtualenv shared by one or more columns."""

    name: str
    #: File under bench/ with the pinned third-party requirements.
    requirements: str
    #: Folders under packages/ installed from this checkout.
    local_packages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """One framework (or floor) measured in every phase."""

    key: str
    title: str
    env: Environment
    #: Module in bench/apps whose ``app`` attribute is the WSGI callable.
    app_module: str
    #: Distributions whose versions the report prints for this column.
    shown_versions: tuple[str, ...]
    #: Floors are lower bounds: they get no ratio target.
    floor: bool = False
    #: The WSGI server of the HTTP phase: ``gunicorn`` (sync workers) or ``granian``.
    server: str = "gunicorn"
    #: Measured over HTTP only: the same app as another column, under another server.
    http_only: bool = False
    #: The column its ratios are to (a server's columns compare with Flask on that server).
    baseline: str = "flask"


FLASK_ENV = Environment("flask", "requirements-flask.txt")
BOTTLE_ENV = Environment("bottle", "requirements-bottle.txt")
FALCON_ENV = Environment("falcon", "requirements-falcon.txt")
FLOOR_ENV = Environment("floor", "requirements-floor.txt")
TUMBLER_ENV = Environment("tumbler", "requirements-tumbler.txt", TUMBLER_PACKAGES)
COMPAT_ENV = Environment("tumbler-compat", "requirements-tumbler.txt", TUMBLER_PACKAGES + ("flask-compat",))

_TUMBLER_DISTS = (
    "tumbler-framework",
    "tumbler-core",
    "tumbler-templating",
    "tumbler-sessions",
    "tumbler-signals",
    "tumbler-cli",
    "tumbler-testing",
)

COLUMNS: tuple[Column, ...] = (
    Column("tumbler", "Tumbler", TUMBLER_ENV, "tumbler_app", _TUMBLER_DISTS + ("werkzeug", "jinja2", "pluggy")),
    # the same app with tumbler-security loaded (the "Tumbler" column denies it): what it costs
    Column("tumbler-security", "Tumbler + security", TUMBLER_ENV, "tumbler_security_app", ("tumbler-security",)),
    Column(
        "compat",
        "Tumbler (flask-compat)",
        COMPAT_ENV,
        "flask_compat_app",
        ("tumbler-flask-compat",) + _TUMBLER_DISTS,
    ),
    Column("flask", "Flask", FLASK_ENV, "flask_app", ("flask", "werkzeug", "jinja2", "itsdangerous")),
    Column("bottle", "Bottle", BOTTLE_ENV, "bottle_app", ("bottle", "jinja2")),
    Column("falcon", "Falcon", FALCON_ENV, "falcon_app", ("falcon", "jinja2")),
    Column(
        "tumbler-granian",
        "Tumbler (granian)",
        TUMBLER_ENV,
        "tumbler_app",
        ("granian",),
        server="granian",
        http_only=True,
        baseline="flask-granian",
    ),
    Column(
        "flask-granian",
        "Flask (granian)",
        FLASK_ENV,
        "flask_app",
        ("granian",),
        server="granian",
        http_only=True,
        baseline="flask-granian",
    ),
    Column("werkzeug", "werkzeug floor", FLOOR_ENV, "werkzeug_app", ("werkzeug", "jinja2"), floor=True),
    Column("raw", "raw WSGI floor", FLOOR_ENV, "raw_wsgi_app", ("jinja2",), floor=True),
)

BY_KEY = {column.key: column for column in COLUMNS}

#: Every ratio in the report is to this column.
BASELINE = "flask"
