"""The benchmark scenarios as a Bottle app, written the way Bottle's docs show.

Templates go through Bottle's own Jinja2 adapter (with autoescape on, as in Flask),
and the session is Bottle's signed cookie holding a dict.
"""

import os

import bench_data as data
import bottle
from bottle import Bottle, request, response

#: One list object for every call: Bottle caches compiled templates by ``id(lookup)``.
TEMPLATE_LOOKUP = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")]
TEMPLATE_SETTINGS = {"autoescape": True}

app = Bottle()


@app.get("/")
def hello():
    return data.HELLO


@app.get("/user/<id:int>")
def user(id):
    return f"user {id}"


@app.get("/json")
def json_view():
    return data.JSON_PAYLOAD


@app.get("/template")
def template():
    return bottle.jinja2_template(
        "page.html",
        template_lookup=TEMPLATE_LOOKUP,
        template_settings=TEMPLATE_SETTINGS,
        title=data.TITLE,
        items=data.ITEMS,
    )


@app.post("/form")
def form():
    fields = request.forms
    return ",".join(fields.getunicode(name) for name in data.FORM_FIELDS)


@app.get("/session")
def session_view():
    state = request.get_cookie(data.SESSION_COOKIE, secret=data.SECRET_KEY) or {}
    count = state.get("count", 0) + 1
    state["count"] = count
    response.set_cookie(data.SESSION_COOKIE, state, secret=data.SECRET_KEY, path="/", httponly=True)
    return f"count={count}"


def _static_view(i):
    def view():
        return f"s{i}"

    return view


def _param_view(i):
    def view(id):
        return f"p{i} {id}"

    return view


for _i in range(data.MANY_ROUTES):
    app.route(data.static_rule(_i), "GET", _static_view(_i))
for _i in range(data.MANY_ROUTES):
    app.route(f"{data.param_prefix(_i)}/<id:int>", "GET", _param_view(_i))
