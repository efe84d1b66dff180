"""The lowest floor: one WSGI callable, a dict and a regex for routing, the stdlib.

It does each scenario's work (JSON, a Jinja2 template, form parsing, a signed
cookie) with nothing around it: no request object, no router, no error handlers.
"""

import json
import os
import re
from urllib.parse import parse_qsl

import bench_data as data
import jinja2
from floor_cookie import dump_session, load_session

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")),
    autoescape=True,
)
_TEXT = "text/plain; charset=utf-8"
_HTML = "text/html; charset=utf-8"
_JSON = "application/json"


def hello(environ):
    return "200 OK", _TEXT, data.HELLO, None


def json_view(environ):
    return "200 OK", _JSON, json.dumps(data.JSON_PAYLOAD), None


def template(environ):
    page = _templates.get_template("page.html")
    return "200 OK", _HTML, page.render(title=data.TITLE, items=data.ITEMS), None


def form(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    fields = dict(parse_qsl(environ["wsgi.input"].read(length).decode("latin-1")))
    return "200 OK", _TEXT, ",".join(fields[name] for name in data.FORM_FIELDS), None


def _cookie(environ, name):
    for part in environ.get("HTTP_COOKIE", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def session_view(environ):
    state = load_session(_cookie(environ, data.SESSION_COOKIE))
    count = state.get("count", 0) + 1
    state["count"] = count
    cookie = f"{data.SESSION_COOKIE}={dump_session(state)}; HttpOnly; Path=/"
    return "200 OK", _TEXT, f"count={count}", cookie


def _static_view(i):
    return lambda environ: ("200 OK", _TEXT, f"s{i}", None)


_STATIC = {
    ("GET", "/"): hello,
    ("GET", "/json"): json_view,
    ("GET", "/template"): template,
    ("POST", "/form"): form,
    ("GET", "/session"): session_view,
}
for _i in range(data.MANY_ROUTES):
    _STATIC["GET", data.static_rule(_i)] = _static_view(_i)
_PARAM = re.compile(r"/(?:user/(\d+)|r/p(\d{1,3})/(\d+))\Z")


def _dispatch(environ):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    view = _STATIC.get((method, path))
    if view is not None:
        return view(environ)
    match = _PARAM.match(path) if method == "GET" else None
    if match is not None:
        user_id, route, route_id = match.groups()
        if user_id is not None:
            return "200 OK", _TEXT, f"user {int(user_id)}", None
        if int(route) < data.MANY_ROUTES:
            return "200 OK", _TEXT, f"p{int(route)} {int(route_id)}", None
    return "404 Not Found", _TEXT, "Not Found", None


def app(environ, start_response):
    status, content_type, text, cookie = _dispatch(environ)
    body = text.encode("utf-8")
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    if cookie is not None:
        headers.append(("Set-Cookie", cookie))
    start_response(status, headers)
    return [body]
