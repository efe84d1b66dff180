"""``flask.wrappers``."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import typing as t

from tumbler.globals import current_app
from tumbler.wrappers import Request, Response
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.wrappers import Request as RequestBase
from werkzeug.wrappers import Response as ResponseBase

from tumbler_flask_compat._incidental import _split_blueprint_path

from . import json

__all__ = ["Request", "Response"]
