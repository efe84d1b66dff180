"""``flask.json.provider``."""

from tumbler.json import DefaultJSONProvider, JSONProvider, _default

__all__ = ["DefaultJSONProvider", "JSONProvider", "_default"]
