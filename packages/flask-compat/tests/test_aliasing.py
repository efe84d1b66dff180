"""``import tumbler_flask_compat`` makes ``flask`` and its submodules Tumbler's."""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import textwrap
import warnings

import pytest
import tumbler_flask_compat


def test_flask_resolves_to_tumbler():
    import flask
    import tumbler

    assert issubclass(flask.Flask, tumbler.App)
    assert flask.request is not None and flask.g is tumbler.g
    assert flask.Blueprint.__mro__[1] is tumbler.Blueprint


@pytest.mark.parametrize("name", tumbler_flask_compat.FLASK_MODULES)
def test_every_submodule_is_a_real_module_and_an_attribute(name):
    module = importlib.import_module(name)
    assert module.__name__ == name
    parent, _, child = name.rpartition(".")
    if parent:
        assert getattr(importlib.import_module(parent), child) is module


def test_flask_app_functions_live_in_a_module_named_flask_app():
    import flask

    # werkzeug warns "Current server name ..." with stacklevel=2: the warning is
    # attributed to the module that binds the URL map, which must be flask.app
    assert flask.Flask.bind_url_map.__module__ == "flask.app"
    app = flask.Flask(__name__)
    app.config["SERVER_NAME"] = "example.test"
    app.subdomain_matching = True
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with app.test_request_context("/", base_url="http://other.test/"):
            pass
    assert [w.filename.endswith("app.py") for w in caught if "server name" in str(w.message)] == [True]


def test_flask_version_metadata_names_the_api_followed():
    assert importlib.metadata.version("flask") == tumbler_flask_compat.FLASK_API_VERSION
    summary = importlib.metadata.metadata("flask")["Summary"]
    assert "not Pallets' Flask" in summary


def test_refuses_when_pallets_flask_was_imported_first(tmp_path):
    fake = tmp_path / "flask"
    fake.mkdir()
    (fake / "__init__.py").write_text("REAL = True\n")
    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        import flask
        try:
            import tumbler_flask_compat
        except ImportError as e:
            print("refused:", e)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("refused: Pallets' Flask was already imported")
    assert "Import tumbler_flask_compat first" in out


def test_flask_class_gets_the_standard_plugins():
    import flask

    app = flask.Flask(__name__)
    names = {info.name for info in app.plugins.list()}
    assert {"templating", "sessions", "signals", "cli", "testing"} <= names


def test_a_missing_standard_plugin_fails_at_startup(monkeypatch):
    import flask
    from tumbler import PluginError

    monkeypatch.setenv("TUMBLER_DISABLE_PLUGINS", "sessions")
    with pytest.raises(PluginError, match="'sessions'.*(deny-list|denied)"):
        flask.Flask(__name__)
