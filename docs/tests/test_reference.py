"""Every hook, public name, config key and CLI command has its reference entry.

The lists come from the code, not from the pages: the hook specs of every
``hookspecs`` module and of a live app with every plugin, each package's
``__all__``, the config keys each package declares (``default_config``,
``CONFIG_DEFAULTS``, ``config.setdefault``/``config.get``/``config[...]`` with a
literal key, and whatever a live app's config holds after its plugins
configured it), and the commands of ``tumbler`` with every plugin. A name
added to the code without its entry fails here, naming the page to edit.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import typing as t
from pathlib import Path

import pytest
from conftest import DOCS, PACKAGES
from sphinx.util.inventory import InventoryFile

SOURCES = sorted(p for p in PACKAGES.glob("*/src/*") if p.is_dir() and (p / "__init__.py").is_file())
#: Flask's own module tree, re-exported by the compat package: Flask documents it.
SKIPPED_PARTS = {"flask_tree"}
CONFIG_PAGE = DOCS / "reference" / "configuration.md"
HOOKS_PAGE = DOCS / "reference" / "hooks.md"


def python_files(source: Path) -> list[Path]:
    return sorted(p for p in source.rglob("*.py") if not SKIPPED_PARTS & set(p.parts))


def _all_of(init: Path) -> list[str]:
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == "__all__":
            return list(ast.literal_eval(node.value))
    return []


def _full_app() -> t.Any:
    """An app with every installed plugin (tumbler imported here, after collection)."""
    from tumbler import App

    return App("docs_reference_check")


# -- hooks -------------------------------------------------------------------


def hookspec_modules() -> list[str]:
    return [f"{source.name}.hookspecs" for source in SOURCES if (source / "hookspecs.py").is_file()]


def test_every_hookspecs_module_is_in_the_hook_reference() -> None:
    text = HOOKS_PAGE.read_text(encoding="utf-8")
    listed = set(re.findall(r"\.\. tumbler-hooks:: (\S+)", text))
    missing = [m for m in hookspec_modules() if m not in listed]
    assert not missing, f"add '.. tumbler-hooks:: <module>' for {missing} to {HOOKS_PAGE.relative_to(DOCS.parent)}"


def test_every_hook_of_an_app_with_every_plugin_has_an_entry(html: Path) -> None:
    app = _full_app()
    hooks = sorted(name for name, caller in vars(app.plugins.manager.hook).items() if caller.has_spec())
    assert "tumbler_configure" in hooks and len(hooks) > 10
    page = (html / "reference" / "hooks.html").read_text(encoding="utf-8")
    missing = [h for h in hooks if not re.search(rf'id="[\w.]+\.{h}"', page)]
    assert not missing, (
        f"hooks without an entry in reference/hooks.html: {missing}; add their hookspecs module "
        f"to {HOOKS_PAGE.relative_to(DOCS.parent)}"
    )


def _spec_docstrings(module: str) -> dict[str, str]:
    """Hook name -> docstring, for the hook specs that ``module`` itself declares."""
    specs = importlib.import_module(module)
    return {
        name: inspect.getdoc(value) or ""
        for name, value in vars(specs).items()
        if inspect.isfunction(value) and hasattr(value, "tumbler_spec") and value.__module__ == module
    }


@pytest.mark.parametrize("module", hookspec_modules())
def test_every_hook_spec_says_what_its_return_does(module: str) -> None:
    silent = [name for name, doc in _spec_docstrings(module).items() if not re.search(r"\breturn", doc, re.I)]
    assert not silent, f"{module}: the docstrings of {silent} must say what the hook's return value does"


@pytest.mark.parametrize("module", hookspec_modules())
def test_every_hook_spec_says_since_which_version_it_exists(module: str) -> None:
    undated = [name for name, doc in _spec_docstrings(module).items() if ".. versionadded::" not in doc]
    assert not undated, f"{module}: the docstrings of {undated} need a '.. versionadded::' line"


# -- public names --------------------------------------------------------------


def public_names() -> list[tuple[str, str]]:
    return [(source.name, name) for source in SOURCES for name in _all_of(source / "__init__.py")]


def test_every_package_has_an_api_page() -> None:
    index = (DOCS / "reference" / "api" / "index.md").read_text(encoding="utf-8")
    missing = [
        s.name for s in SOURCES if not (DOCS / "reference" / "api" / f"{s.name}.md").is_file() or s.name not in index
    ]
    assert not missing, (
        f"write docs/reference/api/<name>.md ('.. tumbler-api:: <name>') and list it in its index: {missing}"
    )


def test_every_public_name_has_an_api_entry(html: Path) -> None:
    with open(html / "objects.inv", "rb") as f:
        inventory = InventoryFile.load(f, "", lambda base, uri: uri)
    documented = {name for role, entries in inventory.items() if role.startswith("py:") for name in entries}
    names = public_names()
    assert len(names) > 100
    missing = [f"{package}.{name}" for package, name in names if f"{package}.{name}" not in documented]
    assert not missing, f"public names without an API entry (docs/reference/api/): {missing}"


# -- config keys -----------------------------------------------------------------

_KEY = re.compile(r"[A-Z][A-Z0-9_]+")


def _is_config(node: ast.AST) -> bool:
    """``config``, ``app.config``, ``self.config``, ``current_app.config``, ..."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name == "config"


def _key(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _KEY.fullmatch(node.value):
        return node.value
    return None


def config_keys_in(tree: ast.AST) -> set[str]:
    """Literal keys the code reads or sets: ``default_config``/``CONFIG_DEFAULTS`` dicts,
    ``config.get/setdefault/pop("KEY")``, ``config["KEY"]``, and helpers called as ``f(config, "KEY")``."""
    keys: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            named = {getattr(tg, "id", getattr(tg, "attr", None)) for tg in targets}
            if named & {"default_config", "CONFIG_DEFAULTS"} and isinstance(node.value, ast.Dict):
                keys |= {k for k in map(_key, node.value.keys) if k}
        elif isinstance(node, ast.Subscript) and _is_config(node.value):
            keys |= {k for k in [_key(node.slice)] if k}
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in {"get", "setdefault", "pop"} and _is_config(func.value):
                keys |= {k for k in [_key(node.args[0] if node.args else None)] if k}
            for first, second in zip(node.args, node.args[1:]):
                if _is_config(first) and (key := _key(second)):
                    keys.add(key)
    return keys


def declared_config_keys() -> dict[str, str]:
    """Config key -> the package that declares it."""
    found: dict[str, str] = {}
    for source in SOURCES:
        for path in python_files(source):
            for key in config_keys_in(ast.parse(path.read_text(encoding="utf-8"))):
                found.setdefault(key, source.name)
    for key in _full_app().config:
        found.setdefault(key, "(a plugin)")
    return found


def documented_config_keys() -> set[str]:
    rows = [line for line in CONFIG_PAGE.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    return {m.group(1) for line in rows if (m := re.match(r"\|\s*`([A-Z][A-Z0-9_]+)`\s*\|", line))}


def test_every_config_key_has_a_row_in_the_configuration_reference() -> None:
    declared = declared_config_keys()
    assert {"SECRET_KEY", "SESSION_COOKIE_NAME", "TEMPLATES_AUTO_RELOAD"} <= set(declared)
    missing = sorted(f"{key} ({package})" for key, package in declared.items() if key not in documented_config_keys())
    assert not missing, (
        f"config keys without a row (| `KEY` | package | type | default | effect |) in "
        f"{CONFIG_PAGE.relative_to(DOCS.parent)}: {missing}"
    )


# -- CLI commands ----------------------------------------------------------------


def cli_commands() -> list[str]:
    from tumbler_cli import AppGroup, main_group

    app = _full_app()
    group = AppGroup("plugin-commands")
    app.plugins.hook.tumbler_cli_commands(app=app, group=group)
    names = set(main_group.commands) | set(group.commands)
    return sorted(names)


def test_every_cli_command_has_an_entry(html: Path) -> None:
    commands = cli_commands()
    assert {"run", "routes", "shell", "plugins"} <= set(commands)
    page = (html / "reference" / "cli.html").read_text(encoding="utf-8")
    missing = [c for c in commands if f'id="tumbler-{c}"' not in page]
    assert not missing, f"commands without an entry in the CLI reference (docs/reference/cli.md): {missing}"
