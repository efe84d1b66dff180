"""The benchmark scenarios as a native Tumbler app (full install, every plugin loaded).

``App(__name__)`` autoloads every installed plugin through its entry point, so this
column pays for templating, sessions, signals, CLI and testing being present even
where a scenario does not use them. tumbler-security is left out here and measured
in its own column ("Tumbler + security", ``tumbler_security_app``).
"""

import os

import bench_data as data
from tumbler import App, request
from tumbler_sessions import session
from tumbler_templating import render_template

# tumbler-security (in the full install) is measured apart, by tumbler_security_app
_DISABLE = () if os.environ.get("TUMBLER_BENCH_SECURITY") == "1" else ("security",)
app = App(__name__, config={"DISABLE_PLUGINS": _DISABLE})
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
