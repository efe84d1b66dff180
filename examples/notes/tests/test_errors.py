"""The custom error pages: 404 and 500 pages for the site, JSON for the API."""

from __future__ import annotations

import pytest
import tumbler_testing


@pytest.fixture
def failing_app(app):
    """The app with a view that has a bug, and exceptions not propagated to
    the test (as in production: the 500 handler answers)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/bug")
    def bug():
        raise ZeroDivisionError("a bug")

    @app.get("/api/bug")
    def api_bug():
        raise ZeroDivisionError("a bug")

    return app


def test_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.content_type == "text/html; charset=utf-8"
    assert "There is nothing here." in response.text
    assert "style.css" in response.text  # the site's layout


def test_405_page_keeps_allow(client):
    response = client.post("/")
    assert response.status_code == 405
    assert "<h1>Method Not Allowed</h1>" in response.text
    assert "GET" in response.headers["Allow"]


def test_500_page(failing_app, caplog):
    response = tumbler_testing.test_client(failing_app).get("/bug")
    assert response.status_code == 500
    assert "Something went wrong on our side." in response.text
    assert "ZeroDivisionError" not in response.text  # details stay in the log
    assert "ZeroDivisionError: a bug" in caplog.text


def test_500_in_the_api_is_json(failing_app):
    response = tumbler_testing.test_client(failing_app).get("/api/bug")
    assert response.status_code == 500
    assert response.json["error"] == "Internal Server Error"
    assert "a bug" not in response.json["message"]


def test_static_stylesheet(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.content_type.startswith("text/css")
    assert b".flash-error" in response.data
