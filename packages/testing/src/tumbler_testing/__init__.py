"""Testing Tumbler apps: a test client, a CLI runner and pytest fixtures.

::

    from tumbler_testing import test_client

    def test_index():
        client = test_client(create_app())
        assert client.get("/").status_code == 200

Names are imported on first use, so loading the pytest plugin (which imports
this package) costs nothing until a fixture needs Tumbler.
"""

from __future__ import annotations

import importlib
import importlib.util
import typing as t

if t.TYPE_CHECKING:
    from tumbler.testenv import EnvironBuilder

    from .cli_runner import TestCliRunner, runner_class, test_cli_runner
    from .client import TestClient, client_class, test_client
    from .plugin_tester import AppFactory, InstalledPlugin, PluginTester, clear_tumbler_environ

__version__ = "0.1.0"

__all__ = [
    "AppFactory",
    "EnvironBuilder",
    "InstalledPlugin",
    "PluginTester",
    "TestCliRunner",
    "TestClient",
    "clear_tumbler_environ",
    "client_class",
    "runner_class",
    "test_cli_runner",
    "test_client",
]

_WHERE = {
    "AppFactory": ".plugin_tester",
    "InstalledPlugin": ".plugin_tester",
    "PluginTester": ".plugin_tester",
    "clear_tumbler_environ": ".plugin_tester",
    "EnvironBuilder": "tumbler.testenv",
    "TestCliRunner": ".cli_runner",
    "TestClient": ".client",
    "client_class": ".client",
    "runner_class": ".cli_runner",
    "test_cli_runner": ".cli_runner",
    "test_client": ".client",
}


def _cli_installed() -> bool:
    try:
        return all(importlib.util.find_spec(name) is not None for name in ("tumbler_cli", "click"))
    except ValueError:  # sys.modules holds None for it: its import is blocked
        return False


if not _cli_installed():
    # ``from tumbler_testing import *`` works without tumbler-cli; importing
    # TestCliRunner by name still says what to install.
    __all__.remove("TestCliRunner")


def __getattr__(name: str) -> t.Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
