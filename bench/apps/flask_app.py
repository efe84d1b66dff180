"""The benchmark scenarios as a Flask app.

The compat column runs this module unchanged on Tumbler (see ``flask_compat_app``),
so it uses only Flask's public API, the way a Flask user writes it.
"""

import bench_data as data
from flask import Flask, render_template, request, session

app = Flask(__name__)
app.config["SECRET_KEY"] = data.SECRET_KEY


@app.get("/")
def hello():
    return data.HELLO


@app.route("/user/<int:id>")
def user(id):
    return f"user {id}"


@app.get("/json")
def json_view():
    return data.JSON_PAYLOAD


@app.get("/template")
def template():
    return render_template("page.html", title=data.TITLE, items=data.ITEMS)


@app.post("/form")
def form():
    fields = request.form
    return ",".join(fields[name] for name in data.FORM_FIELDS)


@app.get("/session")
def session_view():
    count = session.get("count", 0) + 1
    session["count"] = count
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
    app.add_url_rule(data.static_rule(_i), f"s{_i}", _static_view(_i))
for _i in range(data.MANY_ROUTES):
    app.add_url_rule(f"{data.param_prefix(_i)}/<int:id>", f"p{_i}", _param_view(_i))
