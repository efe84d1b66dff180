from __future__ import annotations

import importlib.util

import pytest
from tumbler import App

pytest_plugins = ["pytester"]

#: tests/integration pairs this package with tumbler-cli. The isolated run
#: (tumbler-cli not installed) leaves it out and says so at the end; the
#: integration run, with every package installed, collects it.
CLI_INSTALLED = importlib.util.find_spec("tumbler_cli") is not None
collect_ignore = [] if CLI_INSTALLED else ["integration"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not CLI_INSTALLED:
        terminalreporter.write_line(
            "tumbler-testing: tests/integration not collected: tumbler-cli is not installed"
            " (run these tests with every package installed to include it)",
            yellow=True,
        )


@pytest.fixture
def app() -> App:
    # Only this package's plugin, whatever else is installed: the tests add
    # the plugins they pair with explicitly.
    return App("tumbler_testing_tests", plugins=["testing"], config={"TESTING": True})
