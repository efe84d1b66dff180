"""Flask extensions run unmodified on Tumbler through the compat layer."""

from __future__ import annotations

import flask
import flask_cors
import flask_login
import pytest
import tumbler_flask_compat  # noqa: F401  (before anything imports flask)


class User(flask_login.UserMixin):
    def __init__(self, user_id: str) -> None:
        self.id = user_id


USERS = {"ada": "lovelace", "alan": "turing"}


@pytest.fixture
def app():
    app = flask.Flask(__name__)
    app.config.update(SECRET_KEY="test", TESTING=True)
    login = flask_login.LoginManager(app)
    login.login_view = "login"
    flask_cors.CORS(app, resources={r"/api/*": {"origins": "https://front.example"}})

    @login.user_loader
    def load_user(user_id):
        return User(user_id) if user_id in USERS else None

    @app.post("/login")
    def login_view():
        name = flask.request.form["name"]
        if USERS.get(name) != flask.request.form["password"]:
            return "bad credentials", 401
        flask_login.login_user(User(name))
        return flask.redirect(flask.url_for("me"))

    @app.get("/login")
    def login():
        return "please log in"

    @app.get("/me")
    @flask_login.login_required
    def me():
        return {"user": flask_login.current_user.id}

    @app.post("/logout")
    def logout():
        flask_login.logout_user()
        return "bye"

    @app.get("/api/items")
    def items():
        return [1, 2, 3]

    return app


def test_login_required_redirects_to_the_login_view(app):
    response = app.test_client().get("/me")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_login_session_and_logout(app):
    client = app.test_client()
    assert client.post("/login", data={"name": "ada", "password": "nope"}).status_code == 401
    response = client.post("/login", data={"name": "ada", "password": "lovelace"}, follow_redirects=True)
    assert response.json == {"user": "ada"}
    assert client.get("/me").json == {"user": "ada"}
    with client.session_transaction() as sess:
        assert sess["_user_id"] == "ada"
    client.post("/logout")
    assert client.get("/me").status_code == 302


def test_cors_headers_on_api_routes_only(app):
    client = app.test_client()
    response = client.get("/api/items", headers={"Origin": "https://front.example"})
    assert response.json == [1, 2, 3]
    assert response.headers["Access-Control-Allow-Origin"] == "https://front.example"
    preflight = client.options(
        "/api/items",
        headers={"Origin": "https://front.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert (
        "Access-Control-Allow-Origin" not in client.get("/login", headers={"Origin": "https://front.example"}).headers
    )
