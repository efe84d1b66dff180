"""The benchmark scenarios as a Falcon app, written the way Falcon's docs show.

Falcon routes to resource classes with ``on_get``/``on_post`` responders and has
no template engine or session of its own: the template scenario renders with
Jinja2 directly (autoescape on, as in Flask), and the session scenario is not
applicable (``NOT_APPLICABLE``), as Falcon leaves sessions to third parties.
"""

import os

import bench_data as data
import falcon
import jinja2

#: Scenarios this framework has no idiomatic answer for, with the reason the report prints.
NOT_APPLICABLE = {"session": "Falcon has no session"}

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")),
    autoescape=True,
)


class Hello:
    def on_get(self, req, resp):
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = data.HELLO


class User:
    def on_get(self, req, resp, id):
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = f"user {id}"


class Json:
    def on_get(self, req, resp):
        resp.media = data.JSON_PAYLOAD


class Template:
    def on_get(self, req, resp):
        resp.content_type = falcon.MEDIA_HTML
        resp.text = _TEMPLATES.get_template("page.html").render(title=data.TITLE, items=data.ITEMS)


class Form:
    def on_post(self, req, resp):
        fields = req.get_media()  # a dict of the urlencoded fields (Falcon 4's form handler)
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = ",".join(fields[name] for name in data.FORM_FIELDS)


class Static:
    def __init__(self, i):
        self.text = f"s{i}"

    def on_get(self, req, resp):
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = self.text


class Param:
    def __init__(self, i):
        self.prefix = f"p{i} "

    def on_get(self, req, resp, id):
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = f"{self.prefix}{id}"


app = falcon.App()
app.add_route("/", Hello())
app.add_route("/user/{id:int}", User())
app.add_route("/json", Json())
app.add_route("/template", Template())
app.add_route("/form", Form())
for _i in range(data.MANY_ROUTES):
    app.add_route(data.static_rule(_i), Static(_i))
for _i in range(data.MANY_ROUTES):
    app.add_route(f"{data.param_prefix(_i)}/{{id:int}}", Param(_i))
