"""``flask.blueprints``: Tumbler's Blueprint with Flask's template and CLI methods."""

# ruff: noqa: F401  (the names Flask's module holds, imported or not used here: see tests/test_namespaces.py)

from __future__ import annotations

import os
import typing as t
from datetime import timedelta

import tumbler_cli
import tumbler_templating
from tumbler.blueprints import Blueprint as _Blueprint
from tumbler.blueprints import BlueprintSetupState
from tumbler.scaffold import _sentinel

from .cli import AppGroup
from .globals import current_app
from .helpers import send_from_directory

#: Flask's name for the blueprint class its own ``Blueprint`` builds on.
SansioBlueprint = _Blueprint

__all__ = ["Blueprint", "BlueprintSetupState"]


class Blueprint(_Blueprint):
    """A Flask blueprint running on Tumbler."""

    @property
    def cli(self) -> t.Any:
        return tumbler_cli.cli(self)

    @property
    def jinja_loader(self) -> t.Any:
        return tumbler_templating.jinja_loader(self)

    def context_processor(self, f: t.Any) -> t.Any:
        return tumbler_templating.context_processor(self, f)

    def app_context_processor(self, f: t.Any) -> t.Any:
        return tumbler_templating.app_context_processor(self, f)

    def app_template_filter(self, name: str | None = None) -> t.Any:
        return tumbler_templating.template_filter(self, name)

    def add_app_template_filter(self, f: t.Any, name: str | None = None) -> None:
        tumbler_templating.add_template_filter(self, f, name)

    def app_template_test(self, name: str | None = None) -> t.Any:
        return tumbler_templating.template_test(self, name)

    def add_app_template_test(self, f: t.Any, name: str | None = None) -> None:
        tumbler_templating.add_template_test(self, f, name)

    def app_template_global(self, name: str | None = None) -> t.Any:
        return tumbler_templating.template_global(self, name)

    def add_app_template_global(self, f: t.Any, name: str | None = None) -> None:
        tumbler_templating.add_template_global(self, f, name)
