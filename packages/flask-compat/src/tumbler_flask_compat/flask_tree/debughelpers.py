"""``flask.debughelpers``."""

from tumbler.debughelpers import DebugFilesKeyError, FormDataRoutingRedirect

__all__ = ["DebugFilesKeyError", "FormDataRoutingRedirect"]
