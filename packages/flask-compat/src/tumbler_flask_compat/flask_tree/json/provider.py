"""``flask.json.provider``."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import dataclasses
import decimal
import json
import typing as t
import uuid
import weakref
from datetime import date

from tumbler.json import DefaultJSONProvider, JSONProvider, _default
from werkzeug.http import http_date

__all__ = ["DefaultJSONProvider", "JSONProvider", "_default"]
