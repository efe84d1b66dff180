from __future__ import annotations

import importlib.util

import pytest
from tumbler import App

pytest_plugins = ["pytester"]

#: tests/integration pairs this package with its sibling plugins, one module
#: per sibling. The isolated run (siblings not installed) leaves those modules
#: out and says so at the end; a run with every package installed collects them.
PAIRED_WITH = {
    "integration/test_cli_runner_with_cli.py": ("tumbler_cli", "tumbler-cli"),
    "integration/test_session_transaction_with_sessions.py": ("tumbler_sessions", "tumbler-sessions"),
}
MISSING = {path: dist for path, (module, dist) in PAIRED_WITH.items() if importlib.util.find_spec(module) is None}
collect_ignore = list(MISSING)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for path, dist in MISSING.items():
        terminalreporter.write_line(
            f"tumbler-testing: tests/{path} not collected: {dist} is not installed"
            " (run these tests with every package installed to include it)",
            yellow=True,
        )


@pytest.fixture
def app() -> App:
    # Only this package's plugin, whatever else is installed: the tests add
    # the plugins they pair with explicitly.
    return App("tumbler_testing_tests", plugins=["testing"], config={"TESTING": True})
