"""``flask.testing``."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import importlib.metadata
import typing as t
from contextlib import ExitStack, contextmanager
from copy import copy
from types import TracebackType
from urllib.parse import urlsplit

import werkzeug.test
from click.testing import CliRunner, Result
from tumbler_testing import EnvironBuilder, TestClient, TestCliRunner
from tumbler_testing.client import _werkzeug_version as _get_werkzeug_version
from werkzeug.test import Client
from werkzeug.wrappers import Request as BaseRequest

from .cli import ScriptInfo
from .sessions import SessionMixin

FlaskClient = TestClient
FlaskCliRunner = TestCliRunner
#: Flask caches werkzeug's version here on first use; Tumbler caches it in the testing plugin.
_werkzeug_version = ""

__all__ = ["EnvironBuilder", "FlaskCliRunner", "FlaskClient"]
