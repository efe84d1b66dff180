"""``flask.helpers``."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import importlib.util
import os
import sys
import typing as t
from datetime import datetime
from functools import cache, update_wrapper

import werkzeug.utils
from tumbler import (
    abort,
    make_response,
    redirect,
    send_file,
    send_from_directory,
    stream_with_context,
    url_for,
)
from tumbler.files import _send_kwargs as _prepare_send_file_kwargs
from tumbler.files import get_root_path
from tumbler.globals import _cv_app, _cv_request, current_app, request, request_ctx
from tumbler_sessions import flash, get_flashed_messages
from tumbler_signals import message_flashed
from tumbler_templating import get_template_attribute
from werkzeug.exceptions import abort as _wz_abort
from werkzeug.utils import redirect as _wz_redirect
from werkzeug.wrappers import Response as BaseResponse

from tumbler_flask_compat._incidental import _split_blueprint_path

from .cli import get_debug_flag, get_load_dotenv
from .globals import session

__all__ = [
    "abort",
    "flash",
    "get_debug_flag",
    "get_flashed_messages",
    "get_load_dotenv",
    "get_root_path",
    "get_template_attribute",
    "make_response",
    "redirect",
    "send_file",
    "send_from_directory",
    "stream_with_context",
    "url_for",
]
