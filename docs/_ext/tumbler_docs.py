"""Sphinx helpers for Tumbler's site: the generated hook reference and name resolution.

``{tumbler-hooks} <module>`` imports a hookspecs module and writes one entry
per hook spec in it: the signature with its types, how pluggy calls it
(``firstresult``, ``historic``), the phase it belongs to (from the module's
``# Phase N: ...`` banners) and the spec's docstring, which says when it runs,
what its return does, an example and ``versionadded``. The reference is thus
the hook specs themselves: a new hook appears without anyone editing a page.

The ``missing-reference`` handler lets a type annotation written against a
private module (``tumbler.app.App``, or just ``App``) link to the public name
the API reference documents (``tumbler.App``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import textwrap
import typing as t

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode, nested_parse_with_titles

if t.TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The marker name every Tumbler hook spec carries (``pluggy.HookspecMarker("tumbler")``).
PROJECT = "tumbler"
_PHASE_BANNER = re.compile(r"^#\s*(Phase\s+\d+:.*)$")
_TYPING_PREFIX = re.compile(r"\bt\.")
logger = logging.getLogger(__name__)


def hook_specs(module: t.Any) -> list[tuple[str, t.Callable[..., t.Any], dict[str, t.Any]]]:
    """``(name, function, options)`` of each hook spec in ``module``, in source order."""
    found = []
    for name, value in vars(module).items():
        options = getattr(value, f"{PROJECT}_spec", None)
        if inspect.isfunction(value) and options is not None and value.__module__ == module.__name__:
            found.append((name, value, options))
    return sorted(found, key=lambda item: item[1].__code__.co_firstlineno)


def _phases(module: t.Any) -> dict[str, str]:
    """Hook name -> the ``# Phase N: ...`` banner above it, for modules that have banners."""
    phase = ""
    result: dict[str, str] = {}
    for line in inspect.getsource(module).splitlines():
        match = _PHASE_BANNER.match(line.strip())
        if match:
            phase = match.group(1)
        elif line.startswith("def ") and phase:
            result[line[4:].split("(", 1)[0]] = phase
    return result


def _type_imports(module: t.Any) -> dict[str, str]:
    """Names imported under ``if t.TYPE_CHECKING:`` -> their qualified names."""
    tree = ast.parse(inspect.getsource(module))
    package = module.__name__.rpartition(".")[0]
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                source = f"{package}.{source}" if source else package
            for alias in node.names:
                names[alias.asname or alias.name] = f"{source}.{alias.name}"
    return names


def _annotation(text: str, imports: dict[str, str]) -> str:
    """An annotation string with its names qualified, so the py domain can link them."""
    text = _TYPING_PREFIX.sub("typing.", text)
    return re.sub(r"\b[A-Za-z_]\w*\b", lambda m: imports.get(m.group(0), m.group(0)), text)


def signature(function: t.Callable[..., t.Any], imports: dict[str, str]) -> str:
    """``name(arg: type, ...) -> type`` from the spec's (string) annotations."""
    sig = inspect.signature(function)
    params = []
    for param in sig.parameters.values():
        annotation = param.annotation
        if annotation is inspect.Parameter.empty:
            params.append(param.name)
        else:
            params.append(f"{param.name}: {_annotation(str(annotation), imports)}")
    result = f"{function.__name__}({', '.join(params)})"
    if sig.return_annotation is not inspect.Signature.empty:
        result += f" -> {_annotation(str(sig.return_annotation), imports)}"
    return result


def calling_convention(options: dict[str, t.Any]) -> str:
    """How pluggy calls the hook, in a sentence."""
    parts = []
    if options.get("firstresult"):
        parts.append(
            "``firstresult``: the call stops at the first implementation that returns something other than ``None``, and that value is the result"
        )
    else:
        parts.append("every implementation is called; the results are collected in a list")
    if options.get("historic"):
        parts.append("``historic``: a plugin registered after the call is still called with the same arguments")
    return "; ".join(parts) + "."


class HooksDirective(SphinxDirective):
    """``{tumbler-hooks} module``: the reference entries of every hook spec in a module."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        module_name = self.arguments[0]
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise self.error(
                f"tumbler-hooks: cannot import {module_name} ({exc}); install its package for the docs build."
            ) from exc
        specs = hook_specs(module)
        if not specs:
            raise self.error(f"tumbler-hooks: {module_name} declares no hook spec.")
        self.env.note_dependency(inspect.getsourcefile(module) or "")
        imports = _type_imports(module)
        phases = _phases(module)
        lines: list[str] = [f".. py:module:: {module_name}", ""]
        for name, function, options in specs:
            lines.append(f".. py:function:: {signature(function, imports)}")
            lines.append(f"   :module: {module_name}")
            lines.append("")
            if name in phases:
                lines.append(f"   :Phase: {phases[name].split(':', 1)[1].strip()}")
            lines.append(f"   :Called: {calling_convention(options)}")
            lines.append(f"   :Declared by: ``{module_name}``")
            lines.append("")
            doc = inspect.getdoc(function) or ""
            if not doc.strip():
                raise self.error(
                    f"tumbler-hooks: the hook spec {module_name}.{name} has no docstring; say when it runs and what its return does."
                )
            lines.extend("   " + line for line in textwrap.dedent(doc).splitlines())
            lines.append("")
        content = StringList(lines, source=f"<hook specs of {module_name}>")
        container = nodes.container()
        nested_parse_with_titles(self.state, content, container)
        return container.children


class HookTableDirective(SphinxDirective):
    """``{tumbler-hook-table} module ...``: one row per hook spec, linking to its entry."""

    required_arguments = 1
    optional_arguments = 20

    def run(self) -> list[nodes.Node]:
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 30 20 12 38",
            "",
            "   * - hook",
            "     - declared by",
            "     - call",
            "     - summary",
        ]
        for module_name in self.arguments:
            module = importlib.import_module(module_name)
            phases = _phases(module)
            for name, function, options in hook_specs(module):
                kinds = [k for k in ("firstresult", "historic") if options.get(k)]
                summary = (inspect.getdoc(function) or "").split("\n\n", 1)[0].replace("\n", " ")
                where = f"``{module_name.partition('.')[0]}``"
                if name in phases:
                    where += f", {phases[name].split(':', 1)[1].strip()}"
                lines += [
                    f"   * - :py:func:`~{module_name}.{name}`",
                    f"     - {where}",
                    f"     - {', '.join(kinds) or 'all'}",
                    f"     - {summary}",
                ]
        container = nodes.container()
        nested_parse_with_titles(self.state, StringList(lines, source="<hook table>"), container)
        return container.children


def _attribute_docs(package: t.Any) -> dict[str, list[str]]:
    """``#:`` comments and attribute docstrings of module-level names, over a package's modules."""
    import pkgutil

    from sphinx.pycode import ModuleAnalyzer

    found: dict[str, list[str]] = {}
    names = [package.__name__]
    if hasattr(package, "__path__"):
        # ``__main__`` runs a program when imported, and the analyzer may import.
        names += [
            info.name
            for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
            if not info.name.endswith(".__main__")
        ]
    for name in names:
        try:
            docs = ModuleAnalyzer.for_module(name).find_attr_docs()
        except Exception:  # a module without source (or one that fails to parse) has no comments to offer
            continue
        for (scope, attr), lines in docs.items():
            if not scope and attr not in found:
                found[attr] = [line for line in lines if line.strip() or line == ""]
    return found


class ApiDirective(SphinxDirective):
    """``{tumbler-api} package``: autodoc for every name in the package's ``__all__``.

    Classes and functions come from ``automodule``; autodoc skips data a
    package re-exports (proxies such as ``request``, signals, dicts), so those
    get an entry here, described by their ``#:`` comment where they are defined.
    Submodules in ``__all__`` (``tumbler.json``) get a section of their own.
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        package = importlib.import_module(name)
        exported = list(getattr(package, "__all__", []))
        lines = [f".. automodule:: {name}", "   :members:", "   :undoc-members:", ""]
        attr_docs: dict[str, list[str]] | None = None
        modules = []
        from sphinx.pycode import ModuleAnalyzer

        # Data with a ``#:`` comment in the package's own module: automodule has it.
        own = {attr for scope, attr in ModuleAnalyzer.for_module(name).find_attr_docs() if not scope}
        for public in exported:
            value = getattr(package, public)
            if inspect.ismodule(value):
                modules.append(value)
                continue
            if public in own or inspect.isclass(value) or inspect.isroutine(value):
                continue
            if attr_docs is None:
                attr_docs = _attribute_docs(package)
            lines.append(f".. py:data:: {public}")
            lines.append(f"   :module: {name}")
            lines.append("")
            doc = attr_docs.get(public) or [f"A ``{type(value).__module__}.{type(value).__qualname__}`` object."]
            lines.extend(f"   {line}" for line in doc)
            lines.append("")
        for module in modules:
            title = f"``{module.__name__}``"
            lines += [
                title,
                "-" * len(title),
                "",
                f".. automodule:: {module.__name__}",
                "   :members:",
                "   :undoc-members:",
                "",
            ]
        container = nodes.container()
        nested_parse_with_titles(self.state, StringList(lines, source=f"<API of {name}>"), container)
        return container.children


def _public_targets(env: BuildEnvironment) -> dict[str, list[str]]:
    """Last name component -> the documented py objects with that name (``pkg.Name`` first)."""
    cache = getattr(env, "_tumbler_targets", None)
    if cache is None:
        cache = {}
        for fullname in env.get_domain("py").objects:
            cache.setdefault(fullname.rpartition(".")[2], []).append(fullname)
        for names in cache.values():
            names.sort(key=lambda name: name.count("."))
        env._tumbler_targets = cache  # type: ignore[attr-defined]
    return cache


def resolve_public_name(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    """Link ``tumbler.app.App`` or ``App`` to the documented ``tumbler.App``."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    package, _, _ = target.partition(".")
    last = target.rpartition(".")[2]
    candidates = _public_targets(env).get(last, [])
    if "." in target:
        candidates = [c for c in candidates if c.partition(".")[0] == package]
    if not candidates:
        return None
    best = [c for c in candidates if c.count(".") == candidates[0].count(".")]
    if len(best) != 1:
        return None
    objects = env.get_domain("py").objects
    entry = objects[best[0]]
    return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, best[0])


def _origin_module(obj: t.Any) -> str | None:
    """The module an attribute's code comes from (through properties and descriptors)."""
    for attr in ("fget", "__func__", "func"):
        obj = getattr(obj, attr, obj)
    owner = getattr(obj, "__objclass__", None)  # methods of builtins such as dict
    if owner is not None:
        return owner.__module__
    module = getattr(obj, "__module__", None)
    return module if isinstance(module, str) else None


def skip_foreign_members(app: Sphinx, what: str, name: str, obj: t.Any, skip: bool, options: t.Any) -> bool | None:
    """Leave a class's werkzeug/stdlib members to their own docs; document Tumbler's own."""
    if what in ("class", "exception"):
        module = _origin_module(obj)
        if module is not None and not module.startswith("tumbler"):
            return True
    return None


def quiet_docstring_references(app: Sphinx, domain: t.Any, node: nodes.Element) -> bool | None:
    """Count, rather than fail on, an unresolved name in a package's docstring or type hint.

    The pages of this site are held to ``-n``: a broken reference in them
    fails the build. The API reference renders the packages' own docstrings
    and annotations, which name private helpers (``Scaffold``, type
    variables, werkzeug's ``MapAdapter``) that the site has no entry for; those
    render as plain text and are counted in the build's log instead.
    """
    source = node.source or ""
    if "docstring of" in source or node.get("refdoc", "").startswith("reference/api/") or not source:
        app.env.tumbler_quiet_refs = getattr(app.env, "tumbler_quiet_refs", 0) + 1  # type: ignore[attr-defined]
        return True
    return None


def _report_quiet(app: Sphinx, exception: BaseException | None) -> None:
    count = getattr(app.env, "tumbler_quiet_refs", 0)
    if count:
        logger.info(f"tumbler_docs: {count} names in docstrings and type hints have no page here (rendered as text).")


def _reset_targets(app: Sphinx, env: BuildEnvironment) -> None:
    env.__dict__.pop("_tumbler_targets", None)


def setup(app: Sphinx) -> dict[str, t.Any]:
    app.add_directive("tumbler-hooks", HooksDirective)
    app.add_directive("tumbler-api", ApiDirective)
    app.add_directive("tumbler-hook-table", HookTableDirective)
    app.connect("missing-reference", resolve_public_name)
    app.connect("env-updated", _reset_targets)
    app.connect("autodoc-skip-member", skip_foreign_members)
    app.connect("warn-missing-reference", quiet_docstring_references)
    app.connect("build-finished", _report_quiet)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
