"""``app.run()`` steps aside when the command line already serves the app."""

from __future__ import annotations

import typing as t

import pytest
from tumbler import App


def test_run_is_skipped_under_the_command_line(
    app: App, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from werkzeug import serving

    calls: list[t.Any] = []
    monkeypatch.setattr(serving, "run_simple", lambda *args, **kwargs: calls.append(args))
    monkeypatch.setenv("TUMBLER_RUN_FROM_CLI", "true")
    app.run()
    assert calls == []
    assert "Ignoring a call to 'app.run()'" in capsys.readouterr().err
    monkeypatch.delenv("TUMBLER_RUN_FROM_CLI")
    app.run()
    assert len(calls) == 1


def test_the_variable_follows_the_apps_env_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    from werkzeug import serving

    class Other(App):
        env_prefix = "OTHER"

    calls: list[t.Any] = []
    monkeypatch.setattr(serving, "run_simple", lambda *args, **kwargs: calls.append(args))
    monkeypatch.setenv("OTHER_RUN_FROM_CLI", "true")
    Other("other", plugins=[]).run()
    assert calls == []
