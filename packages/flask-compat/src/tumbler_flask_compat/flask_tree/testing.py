"""``flask.testing``."""

from tumbler_testing import EnvironBuilder, TestClient, TestCliRunner

FlaskClient = TestClient
FlaskCliRunner = TestCliRunner

__all__ = ["EnvironBuilder", "FlaskCliRunner", "FlaskClient"]
