"""``flask.config``: Tumbler's Config, reading ``FLASK_``-prefixed variables."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import errno
import json
import os
import types
import typing as t

from tumbler.config import Config as _Config
from tumbler.config import ConfigAttribute
from werkzeug.utils import import_string

__all__ = ["Config", "ConfigAttribute"]

T = t.TypeVar("T")


class Config(_Config):
    env_prefix = "FLASK"
