"""``app.test_client()`` and ``app.test_cli_runner()``: kernel methods answered
by this plugin through the ``tumbler_test_tool`` hook."""

from __future__ import annotations

import pytest
from tumbler import App
from tumbler_testing import TestClient


def test_app_test_client_is_the_testing_plugins_client(app):
    @app.get("/")
    def index():
        return {"hello": "world"}

    client = app.test_client()
    assert isinstance(client, TestClient)
    assert client.get("/").json == {"hello": "world"}


def test_app_test_client_passes_its_arguments(app):
    @app.get("/set")
    def set_cookie():
        response = app.make_response("set")
        response.set_cookie("k", "v")
        return response

    client = app.test_client(use_cookies=False)
    client.get("/set")
    with pytest.raises(TypeError):
        client.get_cookie("k")  # werkzeug: cookies are off


def test_app_test_client_class_is_honoured(app):
    class MyClient(TestClient):
        pass

    app.test_client_class = MyClient
    assert type(app.test_client()) is MyClient


def test_without_the_testing_plugin_the_error_names_the_distribution():
    bare = App("bare", plugins=[])
    with pytest.raises(
        RuntimeError, match=r"app.test_client\(\) needs the 'testing' plugin: pip install tumbler-testing"
    ):
        bare.test_client()
    with pytest.raises(RuntimeError, match=r"app.test_cli_runner\(\) needs the 'testing' plugin"):
        bare.test_cli_runner()


def test_app_test_cli_runner_without_tumbler_cli_says_so(app, monkeypatch):
    import sys

    import tumbler_testing

    monkeypatch.setitem(sys.modules, "tumbler_cli", None)
    monkeypatch.delitem(sys.modules, "tumbler_testing._click_runner", raising=False)
    monkeypatch.delitem(vars(tumbler_testing), "TestCliRunner", raising=False)
    with pytest.raises(RuntimeError, match="pip install tumbler-cli"):
        app.test_cli_runner()
