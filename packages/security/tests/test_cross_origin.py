"""Cross-origin unsafe requests are refused; same-origin, trusted and exempt ones pass."""

from __future__ import annotations

import json
import logging
import typing as t

import pytest
import tumbler
from tumbler import App, Blueprint
from tumbler_security import CrossOriginForbidden, exempt
from werkzeug.test import Client

UNSAFE = ["POST", "PUT", "PATCH", "DELETE"]


@pytest.mark.parametrize("method", UNSAFE)
@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_cross_site_unsafe_request_is_refused(client: Client, method: str, site: str) -> None:
    response = client.open("/", method=method, headers={"Sec-Fetch-Site": site})
    assert response.status_code == 403
    assert response.mimetype == "text/html"
    assert "Cross-origin request refused" in response.text
    assert f"Sec-Fetch-Site: {site}" in response.text


@pytest.mark.parametrize("site", ["same-origin", "none"])
def test_same_origin_and_user_initiated_requests_pass(client: Client, site: str) -> None:
    response = client.post("/", headers={"Sec-Fetch-Site": site, "Origin": "https://evil.example"})
    assert (response.status_code, response.text) == (200, "done POST")


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_safe_methods_are_never_checked(client: Client, method: str) -> None:
    response = client.open("/", method=method, headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://x.test"})
    assert response.status_code == 200


def test_without_sec_fetch_site_the_origin_is_compared_with_the_host(client: Client) -> None:
    assert client.post("/", headers={"Origin": "http://localhost"}).status_code == 200
    assert client.post("/", headers={"Origin": "http://LOCALHOST"}).status_code == 200
    refused = client.post("/", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    assert "another origin (https://evil.example)" in refused.text
    assert client.post("/", headers={"Origin": "http://localhost.evil.example"}).status_code == 403
    assert client.post("/", headers={"Origin": "null"}).status_code == 403
    other_host = client.post("/", headers={"Origin": "http://app.test:8080", "Host": "app.test:8080"})
    assert other_host.status_code == 200


def test_a_request_with_neither_header_passes(client: Client) -> None:
    # curl, a server calling the API, the test client: no browser, no ambient credentials to abuse
    assert client.post("/").status_code == 200


def test_trusted_origins_pass(make_app: t.Callable[..., App]) -> None:
    app = make_app(SECURITY_TRUSTED_ORIGINS=["https://admin.example.com/"])
    app.post("/")(lambda: "ok")
    client = Client(app)
    trusted = {"Origin": "https://Admin.example.com", "Sec-Fetch-Site": "same-site"}
    assert client.post("/", headers=trusted).status_code == 200
    assert client.post("/", headers={"Origin": "https://admin.example.com"}).status_code == 200
    assert client.post("/", headers={"Origin": "http://admin.example.com"}).status_code == 403


def test_the_403_is_json_when_the_client_wants_json(client: Client) -> None:
    for headers in ({"Accept": "application/json"}, {"Content-Type": "application/json"}):
        response = client.post("/", headers={"Origin": "https://evil.example", **headers}, data="{}")
        assert response.status_code == 403
        assert response.mimetype == "application/json"
        body = json.loads(response.text)
        assert body["error"] == "cross-origin request refused"
        assert "https://evil.example" in body["message"]


def test_the_origin_is_escaped_in_the_page(client: Client) -> None:
    response = client.post("/", headers={"Origin": "https://<script>alert(1)</script>"})
    assert response.status_code == 403
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_the_apps_403_handler_renders_the_refusal(app: App, client: Client) -> None:
    @app.errorhandler(403)
    def forbidden(e: Exception) -> tuple[str, int]:
        assert isinstance(e, CrossOriginForbidden)
        return f"our page: {e.description}", 403

    response = client.post("/", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert response.text.startswith("our page: This request came from another site")


def test_exempt_view(app: App, client: Client) -> None:
    @app.post("/webhook")
    @exempt
    def webhook() -> str:
        return "received"

    @exempt
    @app.post("/decorated-after")
    def after() -> str:
        return "after"

    cross = {"Sec-Fetch-Site": "cross-site", "Origin": "https://payments.example"}
    assert client.post("/webhook", headers=cross).text == "received"
    assert client.post("/decorated-after", headers=cross).text == "after"
    assert client.post("/", headers=cross).status_code == 403


def test_exempt_blueprint_and_its_nested_blueprints(app: App, client: Client) -> None:
    api = exempt(Blueprint("api", __name__, url_prefix="/api"))
    v1 = Blueprint("v1", __name__, url_prefix="/v1")
    admin = Blueprint("apiadmin", __name__, url_prefix="/apiadmin")  # a name that starts like "api"
    api.post("/items")(lambda: "item")
    v1.post("/items")(lambda: "v1 item")
    admin.post("/items")(lambda: "admin item")
    api.register_blueprint(v1)
    app.register_blueprint(api)
    app.register_blueprint(admin)
    cross = {"Sec-Fetch-Site": "cross-site"}
    assert client.post("/api/items", headers=cross).text == "item"
    assert client.post("/api/v1/items", headers=cross).text == "v1 item"
    assert client.post("/apiadmin/items", headers=cross).status_code == 403


def test_exempt_rejects_other_things() -> None:
    with pytest.raises(TypeError, match="a view function or a Blueprint"):
        exempt("index")  # type: ignore[call-overload]


def test_protection_can_be_turned_off(make_app: t.Callable[..., App]) -> None:
    app = make_app(SECURITY_CROSS_ORIGIN_PROTECTION=False)
    app.post("/")(lambda: "ok")
    assert Client(app).post("/", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200
    assert "security.cross_origin" not in app.plugins


def test_refusals_are_logged_and_explained_in_debug(
    make_app: t.Callable[..., App], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(DEBUG=True)
    app.post("/form")(lambda: "ok")
    with caplog.at_level(logging.INFO):
        response = Client(app).post("/form", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "SECURITY_TRUSTED_ORIGINS" in response.text
    assert "refused POST /form" in caplog.text


def test_a_before_request_function_does_not_run_for_a_refused_request(app: App, client: Client) -> None:
    ran: list[str] = []
    app.before_request(lambda: ran.append(tumbler.request.method))
    client.post("/", headers={"Sec-Fetch-Site": "cross-site"})
    client.get("/", headers={"Sec-Fetch-Site": "cross-site"})
    assert ran == ["GET"]
