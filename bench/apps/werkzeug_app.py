"""A floor: the least a werkzeug app does (Request, ``Map.match``, Response).

No contexts, no hooks, no return-value conversion: each view builds its Response.
The route table holds the same rules as the framework apps.
"""

import json
import os

import bench_data as data
import jinja2
from floor_cookie import dump_session, load_session
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")),
    autoescape=True,
)


def hello(request):
    return Response(data.HELLO)


def user(request, id):
    return Response(f"user {id}")


def json_view(request):
    return Response(json.dumps(data.JSON_PAYLOAD), mimetype="application/json")


def template(request):
    page = _templates.get_template("page.html")
    return Response(page.render(title=data.TITLE, items=data.ITEMS), mimetype="text/html")


def form(request):
    fields = request.form
    return Response(",".join(fields[name] for name in data.FORM_FIELDS))


def session_view(request):
    state = load_session(request.cookies.get(data.SESSION_COOKIE))
    count = state.get("count", 0) + 1
    state["count"] = count
    response = Response(f"count={count}")
    response.set_cookie(data.SESSION_COOKIE, dump_session(state), httponly=True)
    return response


def _static_view(i):
    return lambda request: Response(f"s{i}")


def _param_view(i):
    return lambda request, id: Response(f"p{i} {id}")


VIEWS = {
    "hello": hello,
    "user": user,
    "json": json_view,
    "template": template,
    "form": form,
    "session": session_view,
}
rules = [
    Rule("/", endpoint="hello", methods=["GET"]),
    Rule("/user/<int:id>", endpoint="user", methods=["GET"]),
    Rule("/json", endpoint="json", methods=["GET"]),
    Rule("/template", endpoint="template", methods=["GET"]),
    Rule("/form", endpoint="form", methods=["POST"]),
    Rule("/session", endpoint="session", methods=["GET"]),
]
for _i in range(data.MANY_ROUTES):
    VIEWS[f"s{_i}"] = _static_view(_i)
    rules.append(Rule(data.static_rule(_i), endpoint=f"s{_i}", methods=["GET"]))
for _i in range(data.MANY_ROUTES):
    VIEWS[f"p{_i}"] = _param_view(_i)
    rules.append(Rule(f"{data.param_prefix(_i)}/<int:id>", endpoint=f"p{_i}", methods=["GET"]))
url_map = Map(rules)


def app(environ, start_response):
    request = Request(environ)
    adapter = url_map.bind_to_environ(environ)
    try:
        endpoint, args = adapter.match()
        response = VIEWS[endpoint](request, **args)
    except HTTPException as error:
        response = error
    return response(environ, start_response)
