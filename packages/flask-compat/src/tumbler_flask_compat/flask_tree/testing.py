"""``flask.testing``."""

from tumbler_testing import EnvironBuilder, TestCliRunner, TestClient

FlaskClient = TestClient
FlaskCliRunner = TestCliRunner

__all__ = ["EnvironBuilder", "FlaskCliRunner", "FlaskClient"]
