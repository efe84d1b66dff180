"""A small Flask application built on the five extensions Flask's docs name
first, run unmodified on Tumbler through the compat layer.

- Flask-SQLAlchemy: the ``User`` and ``Item`` models, on SQLite.
- Flask-Migrate: the schema is made by ``flask db init / migrate / upgrade``,
  never by ``create_all``.
- Flask-Login: ``/login`` and ``/logout``; the API needs a logged-in user.
- Flask-RESTful: ``/api/items`` and ``/api/items/<id>`` resources.
- Flask-CORS: the API answers cross-origin requests from one front end.
"""

from __future__ import annotations

import typing as t

import tumbler_flask_compat  # noqa: F401  (before anything imports flask)

# isort: split
import click
import flask
import flask_login
from flask_cors import CORS
from flask_migrate import Migrate
from flask_restful import Api, Resource, abort, fields, marshal_with, reqparse
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

FRONT_END = "https://front.example"


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = flask_login.LoginManager()


class User(flask_login.UserMixin, db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    items: Mapped[list[Item]] = relationship(back_populates="owner")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Item(db.Model):  # type: ignore[name-defined,misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    owner: Mapped[User] = relationship(back_populates="items")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


@login_manager.unauthorized_handler
def unauthorized() -> t.Any:
    return {"message": "Log in first."}, 401


item_fields = {"id": fields.Integer, "title": fields.String, "owner": fields.String(attribute="owner.name")}
item_parser = reqparse.RequestParser()
item_parser.add_argument("title", type=str, required=True, location="json", help="title: {error_msg}")


class ItemList(Resource):
    method_decorators = [flask_login.login_required]

    @marshal_with(item_fields)
    def get(self) -> list[Item]:
        return db.session.scalars(db.select(Item).where(Item.owner == flask_login.current_user).order_by(Item.id)).all()

    @marshal_with(item_fields)
    def post(self) -> tuple[Item, int]:
        args = item_parser.parse_args()
        item = Item(title=args["title"], owner=flask_login.current_user)
        db.session.add(item)
        db.session.commit()
        return item, 201


class ItemDetail(Resource):
    method_decorators = [flask_login.login_required]

    def _own(self, item_id: int) -> Item:
        item = db.session.get(Item, item_id)
        if item is None or item.owner_id != flask_login.current_user.id:
            abort(404, message=f"Item {item_id} does not exist.")
        return t.cast(Item, item)

    @marshal_with(item_fields)
    def get(self, item_id: int) -> Item:
        return self._own(item_id)

    def delete(self, item_id: int) -> tuple[str, int]:
        db.session.delete(self._own(item_id))
        db.session.commit()
        return "", 204


def create_app(database_uri: str) -> flask.Flask:
    app = flask.Flask(__name__)
    app.config.update(SECRET_KEY="integration-tests", SQLALCHEMY_DATABASE_URI=database_uri)
    db.init_app(app)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    CORS(app, resources={r"/api/*": {"origins": FRONT_END}}, supports_credentials=True)
    api = Api(app, prefix="/api")
    api.add_resource(ItemList, "/items")
    api.add_resource(ItemDetail, "/items/<int:item_id>")

    @app.post("/login")
    def login() -> t.Any:
        data = flask.request.get_json()
        user = db.session.scalar(db.select(User).filter_by(name=data.get("name")))
        if user is None or not user.check_password(data.get("password", "")):
            return {"message": "Wrong name or password."}, 401
        flask_login.login_user(user)
        return {"user": user.name}

    @app.post("/logout")
    def logout() -> t.Any:
        flask_login.logout_user()
        return {"user": None}

    @app.cli.command("add-user")
    @click.argument("name")
    @click.argument("password")
    def add_user(name: str, password: str) -> None:
        """Create a user (needs the migrated schema)."""
        user = User(name=name)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        click.echo(f"added {name}")

    return app
