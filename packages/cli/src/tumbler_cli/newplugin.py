"""``tumbler new-plugin NAME``: start a plugin project whose tests pass at once.

The project is what docs/plugins/authoring.md describes: a ``pyproject.toml``
with the ``tumbler.plugins`` entry point, the hook implementations in
``plugin.py``, a test using tumbler-testing's fixtures, and a README. It
needs no app, so it works anywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

__all__ = ["new_plugin_command", "plugin_project_files"]

#: A plugin's canonical name: what ``App(plugins=[...])``, the allow-list and
#: the deny-list use. Lower case, so it is spelled one way everywhere.
_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")

_PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
name = "{dist}"
version = "0.1.0"
description = "A Tumbler plugin: {name}."
readme = "README.md"
requires-python = ">=3.10"
dependencies = ["tumbler-core>=0.1.0"]

[project.optional-dependencies]
test = ["pytest>=8", "tumbler-testing>=0.1.0"]

# The entry point's name is the plugin's name everywhere: App(plugins=[...]),
# TUMBLER_PLUGINS / TUMBLER_DISABLE_PLUGINS, require_plugins, `tumbler plugins`.
[project.entry-points."tumbler.plugins"]
{name} = "{module}.plugin"

[tool.hatch.build.targets.wheel]
packages = ["src/{module}"]
"""

_INIT = '''\
"""{dist}: a Tumbler plugin (plugin name ``{name}``).

Hook implementations are in :mod:`{module}.plugin`; config defaults in
:data:`CONFIG_DEFAULTS`.
"""

__version__ = "0.1.0"

#: The config keys this plugin reads, with their defaults.
CONFIG_DEFAULTS = {{
    # The response header the plugin adds; empty to add none.
    "{prefix}_HEADER": "X-{title}",
}}
'''

_PLUGIN = '''\
"""The hook implementations of the ``{name}`` plugin (its entry point is in
pyproject.toml). The hooks are listed in Tumbler's docs, "Writing a plugin"."""

from __future__ import annotations

from tumbler import App, Response, hookimpl

from . import CONFIG_DEFAULTS, __version__


@hookimpl
def tumbler_configure(app: App) -> None:
    """Once per app, at setup: the plugin's config defaults (the app's own values win)."""
    for key, value in CONFIG_DEFAULTS.items():
        app.config.setdefault(key, value)


@hookimpl
def tumbler_process_response(app: App, response: Response) -> None:
    """Every response, after the app's after_request functions: add a header."""
    header = app.config["{prefix}_HEADER"]
    if header:
        response.headers.setdefault(header, __version__)
'''

_CONFTEST = """\
# tumbler-testing's fixtures (make_app, plugin_tester, client, runner) come
# from its pytest plugin, loaded by pytest itself; listed here too so the tests
# also run with PYTEST_DISABLE_PLUGIN_AUTOLOAD set.
pytest_plugins = ["tumbler_testing.pytest_plugin"]
"""

_TEST = '''\
"""The plugin alone with the kernel, configured, and left out."""

from {module} import __version__


def make(make_app, **kwargs):
    app = make_app(plugins=["{name}", "testing"], **kwargs)

    @app.get("/")
    def index():
        return "hello"

    return app


def test_adds_its_header(make_app):
    response = make(make_app).test_client().get("/")
    assert response.text == "hello"
    assert response.headers["X-{title}"] == __version__


def test_the_header_is_configurable(make_app):
    client = make(make_app, config={{"{prefix}_HEADER": "X-Other"}}).test_client()
    headers = client.get("/").headers
    assert headers["X-Other"] == __version__
    assert "X-{title}" not in headers


def test_listed_with_its_distribution(make_app):
    info = make(make_app).plugins["{name}"]
    assert (info.distribution, info.version) == ("{dist}", __version__)


def test_left_out_it_adds_nothing(make_app):
    app = make_app(plugins=None, disable=["{name}"])
    assert "{name}" not in app.plugins
    assert "X-{title}" not in app.test_client().get("/").headers


def test_traced_hook_calls_name_the_plugin(plugin_tester):
    app = make(plugin_tester.make_app, trace=True)
    app.test_client().get("/")
    assert plugin_tester.traced("tumbler_process_response", "{name}")
'''

_README = """\
# {dist}

A Tumbler plugin (plugin name `{name}`): it adds an `X-{title}` header,
carrying its version, to every response. Replace this with what yours does.

```console
$ pip install -e '.[test]'
$ pytest
$ tumbler --app yourapp plugins      # lists {name} with its distribution and hooks
```

- **Entry point**: `[project.entry-points."tumbler.plugins"] {name} = "{module}.plugin"`
  in `pyproject.toml`; every app autoloads it once installed (turn it off with
  `TUMBLER_DISABLE_PLUGINS={name}`).
- **Hooks**: `src/{module}/plugin.py` implements `tumbler_configure`
  (config defaults) and `tumbler_process_response` (the header).
- **Config**: `CONFIG_DEFAULTS` in `src/{module}/__init__.py`.

| key | type | default | effect |
|---|---|---|---|
| `{prefix}_HEADER` | str | `"X-{title}"` | the header added to every response; empty for none |

## Tests

`tests/test_plugin.py` uses tumbler-testing's fixtures: `make_app(plugins=[...])`
builds an app with exactly the plugins named (environment variables like
`TUMBLER_DISABLE_PLUGINS` are ignored there), `plugin_tester` captures the
hook trace and can install throw-away plugins to test cooperation.
"""


def plugin_project_files(name: str) -> dict[str, str]:
    """The files of a new plugin project named ``name``, by relative path."""
    if not _NAME.fullmatch(name):
        raise click.BadParameter(
            f"{name!r} is not a plugin name: use lower-case letters and digits, words"
            " joined by '-' or '_', starting with a letter (for example 'request-timer')."
        )
    words = re.split(r"[-_]", name)
    values = {
        "name": name,
        "dist": f"tumbler-{'-'.join(words)}",
        "module": f"tumbler_{'_'.join(words)}",
        "prefix": "_".join(words).upper(),
        "title": "-".join(w.capitalize() for w in words),
    }
    module = values["module"]
    templates = {
        "pyproject.toml": _PYPROJECT,
        "README.md": _README,
        f"src/{module}/__init__.py": _INIT,
        f"src/{module}/plugin.py": _PLUGIN,
        f"src/{module}/py.typed": "",
        "tests/conftest.py": _CONFTEST,
        "tests/test_plugin.py": _TEST,
    }
    return {path: text.format(**values) for path, text in templates.items()}


@click.command("new-plugin", short_help="Start a plugin project.")
@click.argument("name")
@click.option(
    "-d",
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the project; 'tumbler-NAME' in the current directory by default.",
)
def new_plugin_command(name: str, directory: Path | None) -> None:
    """Write a plugin project named NAME: pyproject.toml with the
    'tumbler.plugins' entry point, a hook implementation, tests using
    tumbler-testing's fixtures, and a README. Its tests pass as generated:
    pip install -e 'DIR[test]' && pytest DIR."""
    files = plugin_project_files(name)
    target = directory if directory is not None else Path(f"tumbler-{name.replace('_', '-')}")
    if target.exists() and any(target.iterdir()):
        raise click.ClickException(f"{target} already exists and is not empty. Choose another --directory.")
    for path, text in files.items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    click.echo(
        f"Wrote the plugin '{name}' to {target}.\n\nNext:\n  pip install -e '{target}[test]'\n"
        f"  pytest {target}\nThen edit the hooks in {target}/src/{_module_of(files)}/plugin.py."
    )


def _module_of(files: dict[str, str]) -> str:
    """The import name of a project made by :func:`plugin_project_files`."""
    return next(p.split("/")[1] for p in files if p.startswith("src/"))
