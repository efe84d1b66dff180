"""The App object: names, paths, instance folder, logger, resources, run()."""

from __future__ import annotations

import io
import logging
import os
import sys
import typing as t
from pathlib import Path

import pytest
import tumbler
from tumbler import App
from werkzeug.test import Client


@pytest.fixture
def modules_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[Path]:
    """A folder on ``sys.path`` for throwaway app modules, purged afterwards."""
    folder = tmp_path / "modules"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        del sys.modules[name]


APP_SOURCE = "import tumbler\napp = tumbler.App(__name__, plugins=[])\n"


def test_name_root_path_and_repr(app: App) -> None:
    assert app.name == "test_app"
    assert app.import_name == "test_app"
    assert app.root_path == os.path.dirname(__file__)
    assert repr(app) == "<App 'test_app'>"


def test_root_path_from_the_import_name() -> None:
    app = App(__name__, plugins=[])
    assert app.root_path == os.path.dirname(os.path.abspath(__file__))


def test_root_path_of_an_unknown_module_is_the_cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert App("no_such_module_anywhere", plugins=[]).root_path == str(tmp_path)


def test_name_of_main_is_the_script_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules["__main__"], "__file__", "/srv/myscript.py", raising=False)
    assert App("__main__", plugins=[], root_path="/srv").name == "myscript"


def test_explicit_instance_path_must_be_absolute(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="must be absolute"):
        App(__name__, plugins=[], instance_path="instance")
    assert App(__name__, plugins=[], instance_path=str(tmp_path)).instance_path == str(tmp_path)


def test_instance_path_of_an_uninstalled_module(modules_path: Path) -> None:
    (modules_path / "cfg_module_app.py").write_text(APP_SOURCE)
    from cfg_module_app import app  # type: ignore[import-not-found]

    assert app.instance_path == str(modules_path / "instance")


def test_instance_path_of_an_uninstalled_package(modules_path: Path) -> None:
    (modules_path / "cfg_package_app").mkdir()
    (modules_path / "cfg_package_app" / "__init__.py").write_text(APP_SOURCE)
    from cfg_package_app import app  # type: ignore[import-not-found]

    assert app.instance_path == str(modules_path / "instance")


def test_instance_path_of_a_namespace_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    projects = []
    for package in ("package1", "package2"):
        project = tmp_path / f"project-{package}"
        (project / "tumbler_ns_test" / package).mkdir(parents=True)
        (project / "tumbler_ns_test" / package / "__init__.py").write_text(APP_SOURCE)
        monkeypatch.syspath_prepend(str(project))
        projects.append(project)
    try:
        from tumbler_ns_test.package2 import app  # type: ignore[import-not-found]

        assert app.instance_path == str(projects[1] / "instance")
    finally:
        for name in [n for n in sys.modules if n.startswith("tumbler_ns_test")]:
            del sys.modules[name]


def test_instance_path_of_an_installed_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site_packages = tmp_path / "prefix" / "lib" / "python3.x" / "site-packages"
    site_packages.mkdir(parents=True)
    (site_packages / "site_app_t.py").write_text(APP_SOURCE)
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    monkeypatch.syspath_prepend(str(site_packages))
    try:
        from site_app_t import app  # type: ignore[import-not-found]

        assert app.instance_path == str(tmp_path / "prefix" / "var" / "site_app_t-instance")
    finally:
        sys.modules.pop("site_app_t", None)


def test_open_resource_and_instance_resource(tmp_path: Path) -> None:
    (tmp_path / "hello.txt").write_text("hi")
    app = App(__name__, plugins=[], root_path=str(tmp_path), instance_path=str(tmp_path / "inst"))
    with app.open_resource("hello.txt") as f:
        assert f.read() == b"hi"
    with app.open_resource("hello.txt", "r", encoding="utf-8") as f:
        assert f.read() == "hi"
    with pytest.raises(ValueError, match="only be opened for reading"):
        app.open_resource("hello.txt", "w")
    os.mkdir(tmp_path / "inst")
    with app.open_instance_resource("state.txt", "w") as f:
        f.write("written")
    with app.open_instance_resource("state.txt") as f:
        assert f.read() == b"written"


@pytest.fixture
def bare_logging(monkeypatch: pytest.MonkeyPatch) -> t.Iterator[t.Callable[[], None]]:
    """Call it in the test body: no root handlers (pytest adds its own during
    the call phase), as in a freshly started server."""
    yield lambda: monkeypatch.setattr(logging.root, "handlers", [])
    for name in ("tumbler_logger_app", "tumbler_logger_app2"):
        logging.getLogger(name).handlers.clear()


def test_logger_is_named_after_the_app_and_writes_to_wsgi_errors(
    bare_logging: t.Callable[[], None], tmp_path: Path
) -> None:
    bare_logging()
    app = App("tumbler_logger_app", plugins=[], root_path=str(tmp_path))
    assert app.logger.name == "tumbler_logger_app"
    assert app.logger is app.logger
    assert app.logger.level == logging.NOTSET

    @app.route("/")
    def index() -> str:
        app.logger.warning("careful %s", "now")
        return "ok"

    errors = io.StringIO()
    Client(app).get("/", environ_overrides={"wsgi.errors": errors})
    assert "WARNING in test_app: careful now" in errors.getvalue()
    assert tumbler.logging.default_handler in app.logger.handlers


def test_logger_in_debug_mode_logs_debug(tmp_path: Path) -> None:
    app = App("tumbler_debug_logger_app", plugins=[], root_path=str(tmp_path))
    app.debug = True
    try:
        assert app.logger.level == logging.DEBUG
    finally:
        app.logger.setLevel(logging.NOTSET)


def test_logger_keeps_a_configured_handler(tmp_path: Path) -> None:
    logger = logging.getLogger("tumbler_handled_logger_app")
    handler = logging.StreamHandler(io.StringIO())
    logger.addHandler(handler)
    try:
        app = App("tumbler_handled_logger_app", plugins=[], root_path=str(tmp_path))
        assert app.logger.handlers == [handler]
    finally:
        logger.removeHandler(handler)


def test_unhandled_errors_are_logged_to_wsgi_errors(bare_logging: t.Callable[[], None], tmp_path: Path) -> None:
    bare_logging()
    app = App("tumbler_logger_app2", plugins=[], root_path=str(tmp_path))

    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError("boom")

    errors = io.StringIO()
    response = Client(app).get("/", environ_overrides={"wsgi.errors": errors})
    assert response.status_code == 500
    logged = errors.getvalue()
    assert "Exception on / [GET]" in logged
    assert "ZeroDivisionError: boom" in logged


def test_run_uses_werkzeug_with_defaults(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    from werkzeug import serving

    seen: dict[str, t.Any] = {}

    def fake_run_simple(host: str, port: int, application: t.Any, **options: t.Any) -> None:
        seen.update(host=host, port=port, app=application, **options)

    monkeypatch.setattr(serving, "run_simple", fake_run_simple)
    app.run()
    assert (seen["host"], seen["port"], seen["app"]) == ("127.0.0.1", 5000, app)
    assert seen["use_reloader"] is False and seen["threaded"] is True
    app.config["SERVER_NAME"] = "example.test:8080"
    app.run(debug=True)
    assert (seen["host"], seen["port"]) == ("example.test", 8080)
    assert seen["use_reloader"] is True and seen["use_debugger"] is True
    app.run(host="0.0.0.0", port=1234)
    assert (seen["host"], seen["port"]) == ("0.0.0.0", 1234)


def test_extensions_and_stash_are_per_app() -> None:
    key = tumbler.StashKey[int]("counter")
    a, b = App(__name__, plugins=[]), App(__name__, plugins=[])
    a.stash[key] = 1
    assert key in a.stash and key not in b.stash
    assert b.stash.get(key, 0) == 0
    assert a.stash.setdefault(key, 5) == 1
    assert len(a.stash) == 1
    del a.stash[key]
    assert key not in a.stash
    with pytest.raises(KeyError):
        a.stash[key]
    assert repr(key) == "<StashKey counter>"
    a.extensions["thing"] = object()
    assert b.extensions == {}


def test_apps_are_freed_by_reference_counting() -> None:
    import gc
    import weakref

    gc.disable()
    try:
        app = App(__name__, plugins=[])

        @app.route("/")
        def index() -> str:
            return "x"

        Client(app).get("/")
        ref = weakref.ref(app)
        del app, index
        assert ref() is None
    finally:
        gc.enable()
