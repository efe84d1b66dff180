"""Sphinx configuration of Tumbler's documentation site (``nox -s docs`` builds it)."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "Tumbler"
author = "The Tumbler contributors"
copyright = "2026, The Tumbler contributors"
release = "0.2.0.dev0"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx_click",
    "tumbler_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "tests", "README.md", "requirements.txt", ".pytest_cache"]
# ``{eval-rst}`` blocks and ``(label)=`` targets; headings get anchors for links.
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Tumbler"
html_static_path: list[str] = []

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {
    "members": True,
    # Scaffold's setup API belongs to App and Blueprint; werkzeug's own members
    # are documented by werkzeug (see skip_foreign_members in tumbler_docs).
    "inherited-members": "Request,Response,HTTPException,Exception,BaseException,object,dict",
}
# The packages write reST field lists (``:param x:``); napoleon reads NumPy-style
# sections where a docstring has them. Google style stays off: it would read
# an attribute comment such as ``#: Used in messages: ...`` as a type.
napoleon_google_docstring = False
napoleon_numpy_docstring = True

# Intersphinx reads inventories from Debian's documentation packages
# (python3-doc, python-werkzeug-doc, python-jinja2-doc, python-click-doc),
# which ``nox -s docs`` installs: the build never fetches anything. Links in
# the built pages still point at the projects' online docs. pluggy has no
# packaged inventory, so its names are plain text (see nitpick_ignore_regex).
_DEBIAN_DOCS = Path("/usr/share/doc")
_INVENTORIES = {
    "python": ("https://docs.python.org/3", "python3.*/html/objects.inv"),
    "werkzeug": ("https://werkzeug.palletsprojects.com/en/stable", "python-werkzeug-doc/html/objects.inv"),
    "jinja2": ("https://jinja.palletsprojects.com/en/stable", "python-jinja2-doc/html/objects.inv"),
    "click": ("https://click.palletsprojects.com/en/stable", "python-click-doc/html/objects.inv"),
}
intersphinx_mapping = {}
for _name, (_url, _pattern) in _INVENTORIES.items():
    _found = sorted(_DEBIAN_DOCS.glob(_pattern))
    if _found:
        intersphinx_mapping[_name] = (_url, str(_found[-1]))
intersphinx_timeout = 1

nitpicky = True
nitpick_ignore_regex = [
    # pluggy: no offline inventory (see above).
    (r"py:.*", r"pluggy(\..*)?"),
    # typing spelled through ``import typing as t`` in annotations.
    (r"py:.*", r"t\..*"),
    # Private modules' names that the public API does not re-export (the base
    # class Scaffold, the plugin host, type variables, werkzeug's type aliases).
    (r"py:.*", r"tumbler\w*\.(\w+\.)*_?\w+\.\w+"),
    (r"py:.*", r"tumbler\w*\.\w+\.[A-Z]"),
    (r"py:class", r"[A-Z]"),
    (
        r"py:class",
        r"(WSGIEnvironment|WSGIRequest|WSGIResponse|StartResponse|WSGIApplication|SansIOResponse|SansIORequest)",
    ),
    (r"py:class", r"(cabc|te)\..*"),
]
