"""The CLI runner without tumbler-cli. (With it: integration/test_cli_runner_with_cli.py.)

tumbler-cli is hidden here even where it is installed, so these tests check
the same thing in the isolated run and in the integration run."""

from __future__ import annotations

import sys

import pytest
import tumbler_testing
from tumbler_testing import test_cli_runner


@pytest.fixture
def no_cli(monkeypatch):
    monkeypatch.setitem(sys.modules, "tumbler_cli", None)  # makes `import tumbler_cli` fail
    monkeypatch.delitem(sys.modules, "tumbler_testing._click_runner", raising=False)
    # forget what earlier imports cached (a module __getattr__ must not run here)
    for name in ("TestCliRunner", "_click_runner"):
        monkeypatch.delitem(vars(tumbler_testing), name, raising=False)


def test_runner_without_tumbler_cli_says_what_to_install(app, no_cli):
    with pytest.raises(RuntimeError, match="needs the CLI plugin, which is not installed: pip install tumbler-cli"):
        test_cli_runner(app)


def test_runner_class_without_tumbler_cli_says_what_to_install(no_cli):
    with pytest.raises(ImportError, match="pip install tumbler-cli"):
        from tumbler_testing import TestCliRunner  # noqa: F401


def test_other_import_errors_are_not_hidden(app, monkeypatch):
    monkeypatch.setitem(sys.modules, "tumbler_testing._click_runner", None)
    with pytest.raises(ImportError, match="_click_runner") as e:
        test_cli_runner(app)
    assert "tumbler-cli" not in str(e.value)
