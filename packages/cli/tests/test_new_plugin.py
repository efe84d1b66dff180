"""``tumbler new-plugin NAME`` writes a plugin project. (That its own tests pass
once installed is checked by ../integration_tests, run by the integration session.)"""

from __future__ import annotations

import ast

import pytest
from click.testing import CliRunner
from tumbler_cli import main_group, plugin_project_files


def test_writes_a_project_with_the_entry_point(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main_group, ["new-plugin", "request-timer"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "tumbler-request-timer"
    assert "pip install -e 'tumbler-request-timer[test]'" in result.output
    project = (root / "pyproject.toml").read_text()
    assert 'name = "tumbler-request-timer"' in project
    assert '[project.entry-points."tumbler.plugins"]\nrequest-timer = "tumbler_request_timer.plugin"' in project
    assert 'test = ["pytest>=8", "tumbler-testing>=0.1.0"]' in project
    plugin = (root / "src" / "tumbler_request_timer" / "plugin.py").read_text()
    assert "@hookimpl\ndef tumbler_process_response" in plugin
    tests = (root / "tests" / "test_plugin.py").read_text()
    assert 'make_app(plugins=["request-timer", "testing"]' in tests
    assert "REQUEST_TIMER_HEADER" in (root / "README.md").read_text()


def test_every_python_file_is_valid():
    for path, text in plugin_project_files("audit_log").items():
        if path.endswith(".py"):
            ast.parse(text, path)


def test_directory_option(tmp_path):
    result = CliRunner().invoke(main_group, ["new-plugin", "x", "--directory", str(tmp_path / "here")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "here" / "src" / "tumbler_x" / "plugin.py").is_file()


def test_refuses_a_non_empty_directory(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    result = CliRunner().invoke(main_group, ["new-plugin", "x", "-d", str(tmp_path)])
    assert result.exit_code == 1
    assert "already exists and is not empty. Choose another --directory." in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize("bad", ["Timer", "1timer", "my timer", "timer-", "a..b"])
def test_a_bad_name_says_what_a_name_is(tmp_path, bad):
    result = CliRunner().invoke(main_group, ["new-plugin", bad, "-d", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "is not a plugin name: use lower-case letters and digits" in result.output
    assert not (tmp_path / "p").exists()


def test_needs_no_app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no app.py / wsgi.py here, no --app
    result = CliRunner().invoke(main_group, ["new-plugin", "solo"])
    assert result.exit_code == 0, result.output
    assert "Error" not in result.output
