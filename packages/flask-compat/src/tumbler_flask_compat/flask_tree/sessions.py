"""``flask.sessions``."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import collections.abc as c
import hashlib
import typing as t
from collections.abc import MutableMapping
from datetime import datetime, timezone

from itsdangerous import BadSignature, URLSafeTimedSerializer
from tumbler_sessions import (
    NullSession,
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionInterface,
    SessionMixin,
    session_json_serializer,
)
from tumbler_sessions.sessions import _lazy_sha1
from werkzeug.datastructures import CallbackDict

from .json.tag import TaggedJSONSerializer

__all__ = [
    "NullSession",
    "SecureCookieSession",
    "SecureCookieSessionInterface",
    "SessionInterface",
    "SessionMixin",
    "session_json_serializer",
]
