"""``flask.config``: Tumbler's Config, reading ``FLASK_``-prefixed variables."""

from tumbler.config import Config as _Config
from tumbler.config import ConfigAttribute

__all__ = ["Config", "ConfigAttribute"]


class Config(_Config):
    env_prefix = "FLASK"
