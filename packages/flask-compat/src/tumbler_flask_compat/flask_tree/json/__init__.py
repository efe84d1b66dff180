"""``flask.json``: JSON helpers that use the current app's provider."""

from tumbler.json import dump, dumps, jsonify, load, loads

from . import provider, tag  # noqa: F401

__all__ = ["dump", "dumps", "jsonify", "load", "loads"]
