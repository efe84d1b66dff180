"""``tumbler run``: options reach werkzeug's server; bad input is a clear error."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import types
import urllib.request
from pathlib import Path

import click
import pytest
import werkzeug.serving
from tumbler_cli import main_group, run_command

APPS = Path(__file__).parent / "apps"


@pytest.fixture
def served(monkeypatch):
    """Replace werkzeug's server; each call's arguments are recorded."""
    calls = []

    def run_simple(hostname, port, application, **options):
        calls.append(types.SimpleNamespace(host=hostname, port=port, app=application, **options))

    monkeypatch.setattr(werkzeug.serving, "run_simple", run_simple)
    return calls


def run(runner, *args, app="cliapp.app"):
    return runner.invoke(main_group, ["--app", app, "run", *args])


def test_defaults(apps, runner, served):
    result = run(runner)
    assert result.exit_code == 0, result.output
    (call,) = served
    assert (call.host, call.port, call.app.name) == ("127.0.0.1", 5000, "shop")
    assert (call.use_reloader, call.use_debugger, call.threaded) == (False, False, True)
    assert call.ssl_context is None and call.extra_files is None and call.exclude_patterns is None


def test_banner_warns_it_is_not_for_production(apps, runner, served):
    output = run(runner).output
    assert " * Serving Tumbler app 'cliapp.app'" in output
    assert " * Debug mode: off" in output
    assert "not for production" in output
    assert "gunicorn 'cliapp.app:shop'" in output


def test_host_port_and_threads(apps, runner, served):
    run(runner, "--host", "0.0.0.0", "-p", "8123", "--without-threads")
    assert (served[0].host, served[0].port, served[0].threaded) == ("0.0.0.0", 8123, False)


def test_options_from_the_environment(apps, runner, served, monkeypatch):
    monkeypatch.setenv("TUMBLER_RUN_PORT", "8124")
    run(runner)
    assert served[0].port == 8124


def test_debug_turns_on_reloader_and_debugger(apps, runner, served):
    result = run(runner, "--debug")
    assert result.exit_code == 0, result.output
    call = served[0]
    assert call.use_reloader and call.use_debugger
    assert call.app.debug is True
    assert " * Debug mode: on" in result.output


def test_debug_on_the_group_and_from_the_environment(apps, runner, served, monkeypatch):
    runner.invoke(main_group, ["--app", "cliapp.app", "--debug", "run"])
    assert served[-1].use_reloader and served[-1].app.debug
    monkeypatch.setenv("TUMBLER_DEBUG", "1")
    run(runner)
    assert served[-1].use_debugger


def test_reload_and_debugger_flags_override_debug(apps, runner, served):
    run(runner, "--debug", "--no-reload")
    assert (served[-1].use_reloader, served[-1].use_debugger) == (False, True)
    run(runner, "--debug", "--no-debugger")
    assert (served[-1].use_reloader, served[-1].use_debugger) == (True, False)
    del os.environ["TUMBLER_DEBUG"]  # --debug set it, as it would for a factory
    run(runner, "--reload")
    assert (served[-1].use_reloader, served[-1].use_debugger) == (True, False)


def test_extra_files_and_exclude_patterns_split_on_pathsep(apps, runner, served):
    run(runner, "--extra-files", os.pathsep.join(["a.cfg", "b.cfg"]), "--exclude-patterns", "*.tmp")
    assert served[0].extra_files == ["a.cfg", "b.cfg"]
    assert served[0].exclude_patterns == ["*.tmp"]


def test_bad_port_is_a_usage_error(apps, runner, served):
    result = run(runner, "--port", "70000")
    assert result.exit_code == 2
    assert "70000 is not in the range" in result.stderr
    assert not served


def test_port_in_use_is_one_paragraph_and_exit_1(apps, runner):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(runner, "--port", str(port))
    assert result.exit_code == 1
    assert f"Port {port} is in use" in result.stderr
    assert "choose another with --port (or TUMBLER_RUN_PORT)" in result.stderr
    assert "Traceback" not in result.output


def test_load_error_in_the_reloaders_child_is_served(apps, runner, served, monkeypatch):
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")
    result = run(runner, app="cliapp.factory:raising")
    assert result.exit_code == 0
    assert "SHOP_DATABASE is not set" in result.stderr
    with pytest.raises(RuntimeError, match="SHOP_DATABASE"):
        served[0].app({}, lambda *a: None)


# -- HTTPS ------------------------------------------------------------------------


def test_cert_file_needs_a_key_and_pairs_with_it():
    with pytest.raises(click.BadParameter, match="Required when using"):
        run_command.make_context("run", ["--cert", __file__])
    with pytest.raises(click.BadParameter, match='"--cert" must also be specified'):
        run_command.make_context("run", ["--key", __file__])
    for args in (["--cert", __file__, "--key", __file__], ["--key", __file__, "--cert", __file__]):
        assert run_command.make_context("run", args).params["cert"] == (__file__, __file__)


def test_cert_adhoc_needs_cryptography(monkeypatch):
    monkeypatch.setitem(sys.modules, "cryptography", None)
    with pytest.raises(click.BadParameter, match="requires the cryptography library"):
        run_command.make_context("run", ["--cert", "adhoc"])
    monkeypatch.setitem(sys.modules, "cryptography", types.ModuleType("cryptography"))
    assert run_command.make_context("run", ["--cert", "adhoc"]).params["cert"] == "adhoc"
    with pytest.raises(click.BadParameter, match='"--key" is not used'):
        run_command.make_context("run", ["--cert", "adhoc", "--key", __file__])


def test_cert_can_name_an_ssl_context(monkeypatch):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    monkeypatch.setitem(sys.modules, "my_ssl_context", context)
    assert run_command.make_context("run", ["--cert", "my_ssl_context"]).params["cert"] is context
    with pytest.raises(click.BadParameter, match='"--key" is not used'):
        run_command.make_context("run", ["--cert", "my_ssl_context", "--key", __file__])
    with pytest.raises(click.BadParameter, match="not an existing certificate file"):
        run_command.make_context("run", ["--cert", "os"])


def test_cert_without_ssl_support(monkeypatch):
    monkeypatch.setitem(sys.modules, "ssl", None)
    with pytest.raises(click.BadParameter, match="SSL support"):
        run_command.make_context("run", ["--cert", "adhoc"])


def test_missing_cert_file_is_a_usage_error(apps, runner, served):
    result = run(runner, "--cert", "missing-cert.pem")
    assert result.exit_code == 2
    assert "'missing-cert.pem' is not an existing certificate file, 'adhoc'" in result.stderr
    assert not served


def test_unreadable_certificate_is_a_usage_error(apps, runner, served):
    result = run(runner, "--cert", __file__, "--key", __file__)
    assert result.exit_code == 2
    assert "Could not load the certificate" in result.stderr
    assert "Traceback" not in result.output
    assert not served


# -- for real ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serves_a_request_on_a_free_loopback_port():
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tumbler_cli", "--app", "served", "run", "--port", str(port)],
        cwd=APPS / "cwd_wsgi",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    body = None
    try:
        deadline = time.monotonic() + 30
        while body is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read()
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert body == b"hello from the real server", output
    assert "Serving Tumbler app 'served'" in output


def test_app_run_at_import_time_does_not_block_the_command(apps, runner, served):
    result = runner.invoke(main_group, ["--app", "cliapp.runs_at_import", "routes"])
    assert result.exit_code == 0, result.output
    assert served == []
    assert "Ignoring a call to 'app.run()'" in result.stderr



STRICT_APP = """
from tumbler import App, SetupError, hookimpl

class Strict:
    @hookimpl
    def tumbler_setup_finished(self, app):
        if not app.config.get("API_TOKEN"):
            raise SetupError("API_TOKEN is not set: set TUMBLER_API_TOKEN.")

app = App("strict", plugins=[Strict()])
app.config["API_TOKEN"] = {token!r}
"""


def test_setup_ends_before_serving(apps, runner, served, tmp_path, monkeypatch):
    """A plugin's check at setup end stops `tumbler run` at startup, not at the first request."""
    (tmp_path / "strict_bad.py").write_text(STRICT_APP.format(token=""))
    (tmp_path / "strict_good.py").write_text(STRICT_APP.format(token="t0ken"))
    monkeypatch.syspath_prepend(str(tmp_path))

    result = run(runner, app="strict_bad")
    assert result.exit_code == 1
    assert "The app cannot start: API_TOKEN is not set: set TUMBLER_API_TOKEN." in result.output
    assert served == []

    result = run(runner, app="strict_good")
    assert result.exit_code == 0, result.output
    (call,) = served
    with pytest.raises(AssertionError, match="can no longer be called"):
        call.app.add_url_rule("/late", "late", lambda: "")  # setup has already ended
