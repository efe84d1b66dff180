"""tumbler-security: cross-origin request protection, security headers and
production checks for Tumbler apps (plugin name ``security``).

Installing the package is enough: the plugin loads with the app. The names
here are for configuring it further.
"""

from __future__ import annotations

from .checks import MIN_SECRET_KEY_LENGTH, WELL_KNOWN_KEYS, Check, InsecureConfigError, run_checks
from .config import CONFIG_DEFAULTS, FRAME_OPTIONS, REFERRER_POLICIES
from .crossorigin import SAFE_METHODS, CrossOriginForbidden, exempt
from .tokens import TokenField, csrf_field, csrf_token

__all__ = [
    "CONFIG_DEFAULTS",
    "FRAME_OPTIONS",
    "MIN_SECRET_KEY_LENGTH",
    "REFERRER_POLICIES",
    "SAFE_METHODS",
    "WELL_KNOWN_KEYS",
    "Check",
    "CrossOriginForbidden",
    "InsecureConfigError",
    "TokenField",
    "csrf_field",
    "csrf_token",
    "exempt",
    "run_checks",
]
