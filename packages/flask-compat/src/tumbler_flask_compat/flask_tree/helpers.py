"""``flask.helpers``."""

from __future__ import annotations

from tumbler import (
    abort,
    make_response,
    redirect,
    send_file,
    send_from_directory,
    stream_with_context,
    url_for,
)
from tumbler.files import get_root_path
from tumbler_sessions import flash, get_flashed_messages
from tumbler_templating import get_template_attribute

from .cli import get_debug_flag, get_load_dotenv

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
