"""The CLI runner: an app's commands, invoked in-process.

Commands belong to the CLI plugin (``tumbler-cli``, which brings click), so
everything click-related is imported only when a runner is made: without
that plugin this module still imports, and :func:`test_cli_runner` says what
to install.
"""

from __future__ import annotations

import importlib
import typing as t

if t.TYPE_CHECKING:
    from tumbler import App

    from ._click_runner import TestCliRunner

__all__ = ["TestCliRunner", "runner_class", "test_cli_runner"]

CLI_DISTRIBUTION = "tumbler-cli"

_NOT_INSTALLED = (
    "The CLI runner needs the CLI plugin, which is not installed: pip install "
    f"{CLI_DISTRIBUTION} (it provides the app's commands and brings click)."
)
_NOT_LOADED = (
    "The CLI runner needs the CLI plugin, but it is not loaded on this app:"
    " {CLI_DISTRIBUTION} is installed, and the 'cli' plugin is missing from"
    " App(plugins=[...]) or is in the deny-list (DISABLE_PLUGINS /"
    " TUMBLER_DISABLE_PLUGINS). Enable it for this app."
)


def _load_runner_module(missing: type[Exception] = ImportError) -> t.Any:
    """Import the click-based runner; raise ``missing`` when tumbler-cli (or click) is absent."""
    try:
        return importlib.import_module("._click_runner", __package__)
    except ImportError as e:
        if (e.name or "").partition(".")[0] in {"tumbler_cli", "click"}:
            raise missing(_NOT_INSTALLED) from e
        raise


def runner_class(app: App) -> type[TestCliRunner]:
    """The CLI runner class for ``app``: its ``test_cli_runner_class``
    attribute when set, else :class:`TestCliRunner`.

    :raises RuntimeError: when tumbler-cli is not installed, or its plugin is
        not loaded on ``app``.
    """
    default: type[TestCliRunner] = _load_runner_module(RuntimeError).TestCliRunner
    hook = getattr(app.plugins.hook, "tumbler_cli_commands", None)
    if hook is None or not hook.has_spec():
        raise RuntimeError(_NOT_LOADED.format(CLI_DISTRIBUTION=CLI_DISTRIBUTION))
    cls = getattr(app, "test_cli_runner_class", None)
    if cls is None:
        return default
    if not (isinstance(cls, type) and issubclass(cls, default)):
        raise TypeError(
            f"app.test_cli_runner_class is {cls!r}, which is not a CLI runner class."
            " Use a subclass of tumbler_testing.TestCliRunner (or None for the default)."
        )
    return cls


def test_cli_runner(app: App, **kwargs: t.Any) -> TestCliRunner:
    """A runner that invokes ``app``'s commands in-process::

        result = test_cli_runner(app).invoke(args=["init-db"])
        assert result.exit_code == 0

    :param kwargs: passed to click's ``CliRunner`` (``env``, ``charset``, ...).
    :raises RuntimeError: when tumbler-cli is not installed or not loaded on ``app``.
    """
    return runner_class(app)(app, **kwargs)


test_cli_runner.__test__ = False  # type: ignore[attr-defined]  # a pytest module importing it must not collect it


def __getattr__(name: str) -> t.Any:
    if name == "TestCliRunner":
        return _load_runner_module().TestCliRunner
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
