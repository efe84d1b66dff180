"""``app.test_client()`` / ``app.test_cli_runner()`` without tumbler-testing:
the kernel's methods say which distribution answers them."""

from __future__ import annotations

import pytest
from tumbler import App, hookimpl


def test_without_a_plugin_the_error_names_tumbler_testing() -> None:
    app = App("bare", plugins=[])
    with pytest.raises(RuntimeError, match=r"^app\.test_client\(\) needs the 'testing' plugin: pip install tumbler-testing"):
        app.test_client()
    with pytest.raises(RuntimeError, match=r"^app\.test_cli_runner\(\) needs the 'testing' plugin"):
        app.test_cli_runner()


def test_hook_test_tool() -> None:
    """A plugin answers app.test_client() / app.test_cli_runner() through the hook."""
    class Tools:
        @hookimpl
        def tumbler_test_tool(self, app: App, kind: str, kwargs: dict[str, object]) -> object:
            return (kind, kwargs) if kind == "client" else None

    app = App("tools", plugins=[Tools()])
    assert app.test_client(follow=1) == ("client", {"follow": 1, "use_cookies": True})
    with pytest.raises(RuntimeError, match="tumbler-testing"):
        app.test_cli_runner()
