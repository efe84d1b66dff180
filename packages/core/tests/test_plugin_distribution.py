"""End to end: plugins installed as real distributions are discovered through
their entry points, and the allow-list and deny-list select among them.

A session fixture writes two tiny projects, builds a wheel of each (a wheel is
a zip file with a ``.dist-info`` folder; we build it here, so no build backend
needs to be downloaded) and installs both with ``pip install --target``.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import subprocess
import sys
import textwrap
import typing as t
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from tumbler import App, PluginError
from werkzeug.test import Client

PROJECTS = {
    # distribution: (version, import package, entry-point name, plugin module source)
    "tumbler-acme": (
        "1.2.0",
        "tumbler_acme",
        "acme",
        """
        from tumbler import StashKey, hookimpl

        HITS = StashKey[list]("acme")

        @hookimpl
        def tumbler_configure(app):
            app.config.setdefault("ACME_GREETING", "hello from acme")
            app.stash[HITS] = []

        @hookimpl
        def tumbler_process_response(app, response):
            app.stash[HITS].append(response.status_code)
            response.headers["X-Acme"] = app.config["ACME_GREETING"]
        """,
    ),
    "tumbler-zeta": (
        "0.5.0",
        "tumbler_zeta",
        "zeta",
        """
        from tumbler import hookimpl

        @hookimpl
        def tumbler_request_started(app):
            from tumbler import request
            if request.path == "/zeta":
                return "zeta answered"
        """,
    ),
}


def _write_project(root: Path, dist: str, version: str, package: str, name: str, source: str) -> Path:
    project = root / dist
    (project / "src" / package).mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [project]
            name = "{dist}"
            version = "{version}"
            dependencies = ["tumbler-core"]

            [project.entry-points."tumbler.plugins"]
            {name} = "{package}.plugin"
            """
        )
    )
    (project / "src" / package / "__init__.py").write_text(f'__version__ = "{version}"\n')
    (project / "src" / package / "plugin.py").write_text(textwrap.dedent(source))
    return project


def _build_wheel(project: Path, out: Path, dist: str, version: str, package: str, name: str) -> Path:
    """A pure-Python wheel of ``project`` (PEP 427), with its entry point."""
    stem = f"{dist.replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    files: dict[str, bytes] = {}
    for path in sorted((project / "src").rglob("*.py")):
        files[path.relative_to(project / "src").as_posix()] = path.read_bytes()
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\nRequires-Dist: tumbler-core\n"
    ).encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: tumbler-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/entry_points.txt"] = f"[tumbler.plugins]\n{name} = {package}.plugin\n".encode()
    record = []
    for arcname, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{arcname},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = out / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname, data in files.items():
            zf.writestr(arcname, data)
    return wheel


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where pip installed the two test plugin distributions (built once)."""
    root = tmp_path_factory.mktemp("plugin-projects")
    wheels = []
    for dist, (version, package, name, source) in PROJECTS.items():
        project = _write_project(root, dist, version, package, name, source)
        wheels.append(_build_wheel(project, root, dist, version, package, name))
    target = tmp_path_factory.mktemp("plugin-site")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    command += ["--disable-pip-version-check", "--target", str(target), *map(str, wheels)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"pip could not install the test plugins:\n{result.stdout}\n{result.stderr}"
    return target


@pytest.fixture
def installed(plugin_site: Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[None]:
    """The test plugins are importable and visible to ``importlib.metadata``."""
    monkeypatch.syspath_prepend(str(plugin_site))
    importlib.invalidate_caches()
    yield
    for module in [m for m in sys.modules if m.startswith(("tumbler_acme", "tumbler_zeta"))]:
        del sys.modules[module]


def _app(**kwargs: t.Any) -> App:
    app = App(__name__, **kwargs)

    @app.route("/")
    def index() -> str:
        return "index"

    return app


def test_pip_installed_the_distributions(installed: None) -> None:
    found = {ep.name: ep.value for ep in metadata.entry_points(group="tumbler.plugins")}
    assert found["acme"] == "tumbler_acme.plugin"
    assert found["zeta"] == "tumbler_zeta.plugin"
    assert metadata.version("tumbler-acme") == "1.2.0"


def test_discovery(installed: None) -> None:
    app = _app()
    infos = {i.name: i for i in app.plugins.list()}
    assert list(infos) == ["acme", "zeta"]
    assert (infos["acme"].distribution, infos["acme"].version) == ("tumbler-acme", "1.2.0")
    assert (infos["zeta"].distribution, infos["zeta"].version) == ("tumbler-zeta", "0.5.0")
    assert infos["acme"].hooks == ("tumbler_configure", "tumbler_process_response")
    client = Client(app)
    response = client.get("/")
    assert (response.text, response.headers["X-Acme"]) == ("index", "hello from acme")
    assert client.get("/zeta").text == "zeta answered"


def test_deny_list(installed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(config={"DISABLE_PLUGINS": ["acme"]})
    assert [i.name for i in app.plugins.list()] == ["zeta"]
    assert "X-Acme" not in Client(app).get("/").headers
    monkeypatch.setenv("TUMBLER_DISABLE_PLUGINS", "zeta")
    app = _app()
    assert [i.name for i in app.plugins.list()] == ["acme"]
    assert Client(app).get("/zeta").status_code == 404


def test_allow_list(installed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(config={"PLUGINS": ["zeta"]})
    assert [i.name for i in app.plugins.list()] == ["zeta"]
    assert "X-Acme" not in Client(app).get("/").headers
    monkeypatch.setenv("TUMBLER_PLUGINS", "acme")
    assert [i.name for i in _app().plugins.list()] == ["acme"]
    with pytest.raises(PluginError, match="Unknown plugin 'acmee'.*Installed plugins: acme, zeta"):
        _app(config={"PLUGINS": ["acmee"]})


def test_autoload_off_and_explicit(installed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUMBLER_PLUGINS_AUTOLOAD", "false")
    assert _app().plugins.list() == []
    assert [i.name for i in _app(plugins=["acme"]).plugins.list()] == ["acme"]


def test_required_versions(installed: None) -> None:
    assert "acme" in _app(require_plugins=["acme>=1.2", "zeta<1"]).plugins
    with pytest.raises(PluginError) as info:
        _app(require_plugins=["acme>=2"])
    assert str(info.value) == (
        "This app requires the plugin 'acme>=2', but tumbler-acme 1.2.0 is installed."
        " Fix: pip install 'tumbler-acme>=2'."
    )


def test_two_apps_two_plugin_sets(installed: None) -> None:
    with_acme, with_zeta = _app(plugins=["acme"]), _app(plugins=["zeta"])
    Client(with_acme).get("/")
    Client(with_acme).get("/nope")
    assert "X-Acme" not in Client(with_zeta).get("/").headers
    from tumbler_acme.plugin import HITS  # type: ignore[import-not-found]

    assert with_acme.stash[HITS] == [200, 404]
    assert HITS not in with_zeta.stash
