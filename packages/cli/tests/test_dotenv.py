"""``.tumblerenv``, ``.env`` and ``--env-file``: what is loaded, and what wins."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from tumbler_cli import load_dotenv, main_group

ENVDIR = Path(__file__).parent / "apps" / "envdir"
NAMES = ("COLOR", "SIZE", "SHAPE", "FOOD", "EXTRA")


@pytest.fixture(autouse=True)
def _unset_names(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def test_precedence_environment_over_env_over_tumblerenv(monkeypatch):
    monkeypatch.chdir(ENVDIR)
    monkeypatch.setenv("SIZE", "set-by-hand")
    assert load_dotenv() is True
    assert os.environ["COLOR"] == "from-env"  # .env over .tumblerenv
    assert os.environ["SHAPE"] == "round"  # only in .tumblerenv
    assert os.environ["SIZE"] == "set-by-hand"  # the environment wins
    assert os.environ["FOOD"] == "火腿"  # read as UTF-8
    assert Path.cwd() == ENVDIR


def test_files_are_found_from_a_subdirectory(monkeypatch):
    monkeypatch.chdir(ENVDIR / "sub")
    load_dotenv()
    assert os.environ["COLOR"] == "from-env"


def test_given_path_wins_over_the_default_files(monkeypatch):
    monkeypatch.chdir(ENVDIR)
    load_dotenv(ENVDIR / "custom.env")
    assert (os.environ["COLOR"], os.environ["EXTRA"], os.environ["SHAPE"]) == ("from-custom", "yes", "round")


def test_given_path_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_dotenv(ENVDIR / "custom.env", load_defaults=False) is True
    assert "SHAPE" not in os.environ
    assert load_dotenv("no-such-file", load_defaults=False) is False


def test_without_python_dotenv_nothing_is_loaded_and_a_tip_is_shown(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "dotenv", None)
    monkeypatch.chdir(ENVDIR)
    assert load_dotenv() is False
    assert "COLOR" not in os.environ
    assert "Install python-dotenv" in capsys.readouterr().err


def test_the_command_line_loads_env_files(apps, runner, monkeypatch):
    monkeypatch.chdir(ENVDIR)
    result = runner.invoke(main_group, ["routes"])  # TUMBLER_APP=cliapp.app comes from .env
    assert result.exit_code == 0, result.output
    assert "/items" in result.output
    assert os.environ["SHAPE"] == "round"


def test_skip_dotenv(apps, runner, monkeypatch):
    monkeypatch.chdir(ENVDIR)
    monkeypatch.setenv("TUMBLER_SKIP_DOTENV", "1")
    result = runner.invoke(main_group, ["routes"])
    assert result.exit_code == 2
    assert "COLOR" not in os.environ


def test_env_file_option(apps, runner, monkeypatch, tmp_path):
    monkeypatch.chdir(ENVDIR)
    result = runner.invoke(main_group, ["--env-file", "custom.env", "routes"])
    assert result.exit_code == 0, result.output
    assert (os.environ["COLOR"], os.environ["EXTRA"]) == ("from-custom", "yes")


def test_env_file_option_with_skip_dotenv_loads_only_that_file(apps, runner, monkeypatch):
    monkeypatch.chdir(ENVDIR)
    monkeypatch.setenv("TUMBLER_SKIP_DOTENV", "1")
    runner.invoke(main_group, ["-e", "custom.env", "--app", "cliapp.app", "routes"])
    assert os.environ["EXTRA"] == "yes"
    assert "SHAPE" not in os.environ


def test_env_file_from_the_environment(apps, runner, monkeypatch):
    monkeypatch.chdir(ENVDIR)
    monkeypatch.setenv("TUMBLER_ENV_FILE", "custom.env")
    runner.invoke(main_group, ["--app", "cliapp.app", "routes"])
    assert os.environ["EXTRA"] == "yes"


def test_missing_env_file_is_a_usage_error(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main_group, ["--env-file", "nope.env", "routes"])
    assert result.exit_code == 2
    assert "'nope.env' does not exist" in result.stderr


def test_env_file_without_python_dotenv(runner, monkeypatch):
    monkeypatch.setitem(sys.modules, "dotenv", None)
    result = runner.invoke(main_group, ["--env-file", str(ENVDIR / "custom.env"), "routes"])
    assert result.exit_code == 2
    assert "python-dotenv must be installed" in result.stderr
