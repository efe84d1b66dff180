"""``flask.wrappers``."""

from tumbler.wrappers import Request, Response

__all__ = ["Request", "Response"]
