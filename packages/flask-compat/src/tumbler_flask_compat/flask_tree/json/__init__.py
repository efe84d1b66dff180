"""``flask.json``: JSON helpers that use the current app's provider."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import json as _json
import typing as t

from tumbler.globals import current_app
from tumbler.json import _default, dump, dumps, jsonify, load, loads

from . import provider, tag

__all__ = ["dump", "dumps", "jsonify", "load", "loads"]
