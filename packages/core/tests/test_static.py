"""Static files, send_file and send_from_directory."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest
import tumbler
from tumbler import App
from werkzeug.test import Client

HERE = os.path.dirname(__file__)


def test_static_route(app: App, client: Client) -> None:
    assert app.static_folder == os.path.join(HERE, "static")
    assert app.static_url_path == "/static"
    response = client.get("/static/index.html")
    assert response.status_code == 200
    assert response.text == "<h1>Hello static</h1>\n"
    assert response.mimetype == "text/html"
    assert client.get("/static/style.css").mimetype == "text/css"
    assert client.get("/static/missing.txt").status_code == 404
    with app.test_request_context():
        assert tumbler.url_for("static", filename="style.css") == "/static/style.css"


def test_static_head_and_conditional(client: Client) -> None:
    head = client.head("/static/index.html")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == str(len("<h1>Hello static</h1>\n"))
    first = client.get("/static/index.html")
    assert first.headers.get("ETag")
    again = client.get("/static/index.html", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_static_cannot_escape_its_folder(client: Client) -> None:
    assert client.get("/static/../test_static.py").status_code == 404
    assert client.get("/static/%2e%2e/test_static.py").status_code == 404
    assert client.get("/static/..%2ftest_static.py").status_code == 404
    # werkzeug merges the double slash (a redirect); the merged path is not a file
    assert client.get("/static//etc/passwd", follow_redirects=True).status_code == 404


def test_static_url_path_and_folder(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.txt").write_text("A")
    app = App(__name__, plugins=[], root_path=str(tmp_path), static_folder="assets", static_url_path="/files/")
    assert app.static_url_path == "/files"
    client = Client(app)
    assert client.get("/files/a.txt").text == "A"
    app2 = App(__name__, plugins=[], root_path=str(tmp_path), static_folder="assets", static_url_path="")
    assert Client(app2).get("/a.txt").text == "A"
    app3 = App(__name__, plugins=[], root_path=str(tmp_path), static_folder=tmp_path / "assets")
    assert app3.static_url_path == "/assets"
    assert Client(app3).get("/assets/a.txt").text == "A"


def test_no_static_folder(tmp_path: Path) -> None:
    app = App(__name__, plugins=[], static_folder=None)
    assert app.static_folder is None and app.static_url_path is None
    assert not app.has_static_folder
    assert "static" not in {r.endpoint for r in app.url_map.iter_rules()}
    with pytest.raises(RuntimeError, match="'static_folder' must be set"):
        app.send_static_file("x")


def test_send_file_max_age_default(app: App, client: Client) -> None:
    assert "max-age" not in client.get("/static/index.html").headers.get("Cache-Control", "")
    app2 = App("test_app", root_path=HERE, plugins=[], config={"SEND_FILE_MAX_AGE_DEFAULT": 3600})
    assert "max-age=3600" in Client(app2).get("/static/index.html").headers["Cache-Control"]
    app3 = App(
        "test_app", root_path=HERE, plugins=[], config={"SEND_FILE_MAX_AGE_DEFAULT": datetime.timedelta(minutes=2)}
    )
    assert "max-age=120" in Client(app3).get("/static/index.html").headers["Cache-Control"]


def test_get_send_file_max_age_can_be_overridden() -> None:
    class MyApp(App):
        def get_send_file_max_age(self, filename: str | None) -> int | None:
            return 10 if filename and filename.endswith(".css") else None

    client = Client(MyApp("test_app", root_path=HERE, plugins=[]))
    assert "max-age=10" in client.get("/static/style.css").headers["Cache-Control"]
    assert "max-age" not in client.get("/static/index.html").headers.get("Cache-Control", "")


def test_send_file(app: App, client: Client) -> None:
    @app.route("/path")
    def by_path() -> tumbler.Response:
        return tumbler.send_file("static/index.html")  # relative to the root path

    @app.route("/object")
    def by_object() -> tumbler.Response:
        return tumbler.send_file(io.BytesIO(b"bytes!"), mimetype="text/plain", download_name="x.txt")

    @app.route("/attachment")
    def attachment() -> tumbler.Response:
        return tumbler.send_file(io.BytesIO(b"data"), as_attachment=True, download_name="report.csv")

    assert client.get("/path").text == "<h1>Hello static</h1>\n"
    response = client.get("/object")
    assert (response.text, response.mimetype) == ("bytes!", "text/plain")
    response = client.get("/attachment")
    assert response.headers["Content-Disposition"] == "attachment; filename=report.csv"
    assert response.mimetype == "text/csv"


def test_send_file_needs_a_request() -> None:
    with pytest.raises(RuntimeError, match="request context"):
        tumbler.send_file(io.BytesIO(b""), mimetype="text/plain")


def test_send_from_directory(app: App, client: Client, tmp_path: Path) -> None:
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "u.txt").write_text("upload")
    (tmp_path / "secret.txt").write_text("secret")

    @app.route("/uploads/<path:name>")
    def uploads(name: str) -> tumbler.Response:
        return tumbler.send_from_directory(tmp_path / "uploads", name)

    assert client.get("/uploads/u.txt").text == "upload"
    assert client.get("/uploads/../secret.txt").status_code == 404
    assert client.get("/uploads/%2E%2E/secret.txt").status_code == 404
    assert client.get(f"/uploads/{tmp_path}/secret.txt", follow_redirects=True).status_code == 404
    assert client.get("/uploads/nope.txt").status_code == 404


def test_use_x_sendfile(app: App, client: Client) -> None:
    app.config["USE_X_SENDFILE"] = True
    response = client.get("/static/index.html")
    assert response.headers["X-Sendfile"] == os.path.join(HERE, "static", "index.html")
    assert response.data == b""
