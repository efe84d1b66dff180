"""Through compat: an application's own exception classes give the response Flask gives.

The cases are the kernel's own (``packages/core/tests/test_app_exceptions.py``),
run here on a ``flask.Flask`` app: this module loads that file and collects its
tests, with its ``make_app`` fixture replaced by one that builds a Flask app.
"""

from __future__ import annotations

import importlib.util
import typing as t
from pathlib import Path

import pytest
import tumbler_flask_compat  # noqa: F401
from flask import Flask

_KERNEL_CASES = Path(__file__).resolve().parents[2] / "core" / "tests" / "test_app_exceptions.py"
_spec = importlib.util.spec_from_file_location("kernel_app_exception_cases", _KERNEL_CASES)
assert _spec is not None and _spec.loader is not None, f"missing {_KERNEL_CASES}"
_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cases)
globals().update({name: value for name, value in vars(_cases).items() if name.startswith("test_")})


@pytest.fixture
def make_app() -> t.Callable[[BaseException], Flask]:
    def make(exc: BaseException) -> Flask:
        app = Flask(__name__)

        @app.route("/")
        def index() -> str:
            raise exc

        return app

    return make
