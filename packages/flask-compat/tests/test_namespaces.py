"""Every ``flask.*`` module of the compat tree holds every name that the same
module of Flask 3.1.3 holds, with the same kind of object.

Extensions import names that Flask's modules only happen to hold (``from
flask.app import Rule``, ``from flask.helpers import _split_blueprint_path``).
The reference is real Flask, installed from the package index into a
throw-away virtual environment (cached in the temporary folder, keyed by
version, so only the first run pays for the install).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

import pytest
import tumbler_flask_compat

#: Names Flask's modules hold that the compat tree does not, or holds as
#: another kind of object: ``(module, name): reason``. Keep it empty; every
#: entry is a difference an extension could trip over.
INTENTIONAL_DIFFERENCES: dict[tuple[str, str], str] = {}

#: Records ``{module: {name: kind}}`` for the modules named in argv[1] (JSON),
#: or for every module of the installed package when argv[1] is "all". Module
#: dunders (``__doc__``, ``__file__``, ``__annotations__``, ...) describe the
#: file, not the API, and are left out.
RECORD = r"""
import importlib, json, pkgutil, sys, types, typing

def kind(obj):
    if isinstance(obj, types.ModuleType):
        return "module"
    if type(obj).__module__ == "typing" or isinstance(obj, (types.UnionType, types.GenericAlias)) or obj is typing.Any:
        return "typing"
    if isinstance(obj, type):
        return "class"
    if hasattr(type(obj), "_get_current_object"):
        return "LocalProxy"
    if callable(obj):
        return "callable"
    return type(obj).__name__

import flask
if sys.argv[1] == "all":
    # flask.sansio has no __init__.py in Flask: walk it by hand
    names = ["flask"] + [m.name for m in pkgutil.walk_packages(flask.__path__, "flask.")]
    names += ["flask.sansio." + m.name for m in pkgutil.iter_modules([flask.__path__[0] + "/sansio"])]
    names = [n for n in names if n != "flask.__main__"]
else:
    names = json.loads(sys.argv[1])
out = {}
for name in names:
    try:
        module = importlib.import_module(name)
    except ImportError:
        continue
    out[name] = {k: kind(getattr(module, k)) for k in dir(module) if not (k.startswith("__") and k.endswith("__"))}
print(json.dumps(out))
"""


def _flask_python(version: str) -> Path:
    """The Python of a virtual environment holding Pallets' Flask ``version``."""
    home = Path(tempfile.gettempdir()) / f"tumbler-flask-reference-{version}"
    python = home / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if (home / "installed").is_file():
        return python
    building = Path(tempfile.mkdtemp(prefix=f"tumbler-flask-reference-{version}-"))
    shutil.rmtree(building)
    venv.create(building, with_pip=True)
    built_python = building / python.relative_to(home)
    subprocess.run(
        [str(built_python), "-m", "pip", "install", "-q", "--disable-pip-version-check", f"flask=={version}"],
        check=True,
    )
    (building / "installed").write_text(version)
    try:
        building.rename(home)  # atomic: a parallel run either wins or uses the winner's
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
    return python


def _record(python: str, modules: str = "all") -> dict[str, dict[str, str]]:
    done = subprocess.run([python, "-c", RECORD, modules], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def flask_namespaces() -> dict[str, dict[str, str]]:
    python = _flask_python(tumbler_flask_compat.FLASK_API_VERSION)
    return _record(str(python))


@pytest.fixture(scope="module")
def compat_namespaces(flask_namespaces: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    script = "import tumbler_flask_compat\n" + RECORD
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(list(flask_namespaces))], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_reference_is_real_flask(flask_namespaces: dict[str, dict[str, str]]) -> None:
    assert {"flask", "flask.app", "flask.sansio.scaffold", "flask.json.tag"} <= set(flask_namespaces)
    assert flask_namespaces["flask.app"]["Rule"] == "class"


def test_every_flask_module_exists_in_the_compat_tree(
    flask_namespaces: dict[str, dict[str, str]], compat_namespaces: dict[str, dict[str, str]]
) -> None:
    assert sorted(set(flask_namespaces) - set(compat_namespaces)) == []


def test_every_name_of_every_flask_module_is_there_with_the_same_kind(
    flask_namespaces: dict[str, dict[str, str]], compat_namespaces: dict[str, dict[str, str]]
) -> None:
    problems = []
    for module, names in sorted(flask_namespaces.items()):
        ours = compat_namespaces.get(module, {})
        for name, kind in sorted(names.items()):
            if (module, name) in INTENTIONAL_DIFFERENCES:
                continue
            if name not in ours:
                problems.append(f"{module}.{name}: missing (a {kind} in Flask)")
            elif ours[name] != kind:
                problems.append(f"{module}.{name}: a {ours[name]} here, a {kind} in Flask")
    assert problems == []


def test_the_intentional_differences_are_still_differences(
    flask_namespaces: dict[str, dict[str, str]], compat_namespaces: dict[str, dict[str, str]]
) -> None:
    for module, name in INTENTIONAL_DIFFERENCES:
        assert compat_namespaces.get(module, {}).get(name) != flask_namespaces[module].get(name)


def test_an_incidental_import_works_as_extensions_write_it() -> None:
    from flask.app import Rule
    from flask.helpers import _split_blueprint_path
    from werkzeug.routing import Rule as WerkzeugRule

    assert Rule is WerkzeugRule
    assert _split_blueprint_path("a.b.c") == ["a.b.c", "a.b", "a"]
