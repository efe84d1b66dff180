"""The plugin's own hook specs, called with the right arguments by a test plugin."""

from __future__ import annotations

import inspect
import typing as t

import pytest
import tumbler
from conftest import make_app
from jinja2 import Template
from tumbler_templating import (
    context_processor,
    hookspecs,
    render_template,
    render_template_string,
    stream_template,
)
from werkzeug.test import Client


class Recorder:
    """A plugin that implements the three hooks and records their calls."""

    tumbler_plugin_name = "recorder"

    def __init__(self, contribute: dict[str, t.Any] | None = None) -> None:
        self.calls: list[tuple[str, tumbler.App, Template | None, dict[str, t.Any] | None]] = []
        self.contribute = contribute

    @tumbler.hookimpl
    def tumbler_template_context(self, app: tumbler.App) -> dict[str, t.Any] | None:
        self.calls.append(("context", app, None, None))
        return self.contribute

    @tumbler.hookimpl
    def tumbler_before_render_template(self, app: tumbler.App, template: Template, context: dict[str, t.Any]) -> None:
        self.calls.append(("before", app, template, dict(context)))
        if "whiskey" in context:
            context["whiskey"] = 43

    @tumbler.hookimpl
    def tumbler_template_rendered(self, app: tumbler.App, template: Template, context: dict[str, t.Any]) -> None:
        self.calls.append(("rendered", app, template, dict(context)))


def test_hooks_called_with_app_template_and_context() -> None:
    recorder = Recorder({"session": {"user": "ada"}})
    app = make_app(recorder)
    context_processor(app, lambda: {"injected": 1})
    app.add_url_rule("/", "index", lambda: render_template("title.html", whiskey=42, title="T"))

    assert Client(app).get("/").get_data(as_text=True) == "<h1>T</h1>"
    assert [c[0] for c in recorder.calls] == ["context", "before", "rendered"]
    _, hook_app, template, context = recorder.calls[1]
    assert hook_app is app
    assert template is not None and template.name == "title.html"
    assert context is not None
    assert context["whiskey"] == 42
    assert context["title"] == "T"
    assert context["injected"] == 1
    assert context["session"] == {"user": "ada"}
    assert isinstance(context["request"], tumbler.Request)
    assert context["g"] is not None
    rendered_context = recorder.calls[2][3]
    assert rendered_context is not None and rendered_context["whiskey"] == 43


def test_before_render_may_change_the_context() -> None:
    app = make_app(Recorder())
    with app.app_context():
        assert render_template_string("<h1>{{ whiskey }}</h1>", whiskey=42) == "<h1>43</h1>"


def test_contributed_variables_are_available() -> None:
    app = make_app(Recorder({"session": {"user": "ada"}, "get_flashed_messages": lambda: ["hi"]}))
    with app.app_context():
        assert render_template_string("{{ session.user }} {{ get_flashed_messages()[0] }}") == "ada hi"


def test_processors_and_passed_variables_win_over_plugins() -> None:
    app = make_app(Recorder({"a": "plugin", "b": "plugin", "c": "plugin"}))
    context_processor(app, lambda: {"b": "processor"})
    with app.app_context():
        assert render_template_string("{{ a }} {{ b }} {{ c }}", c="passed") == "plugin processor passed"


def test_first_plugin_called_wins() -> None:
    class Early(Recorder):
        tumbler_plugin_name = "early"

        @tumbler.hookimpl(tryfirst=True)
        def tumbler_template_context(self, app: tumbler.App) -> dict[str, t.Any] | None:
            return {"who": "early"}

    app = make_app(Recorder({"who": "late"}), Early())
    with app.app_context():
        assert render_template_string("{{ who }}") == "early"


def test_rendered_after_a_stream_is_consumed() -> None:
    recorder = Recorder()
    app = make_app(recorder)
    with app.test_request_context():
        stream = stream_template("hello.html", name="s")
        assert [c[0] for c in recorder.calls] == ["context", "before"]
        assert "".join(stream) == "<p>Hello s!</p>"
    assert [c[0] for c in recorder.calls] == ["context", "before", "rendered"]


def test_hooks_not_called_when_nobody_implements_them() -> None:
    app = make_app()
    called: list[str] = []
    app.plugins.manager.add_hookcall_monitoring(lambda name, impls, kwargs: called.append(name), lambda *a: None)
    with app.app_context():
        render_template_string("x")
    assert called == []


def test_bad_contribution_names_the_plugins() -> None:
    app = make_app(Recorder(["not", "a", "dict"]))  # type: ignore[arg-type]
    with app.app_context(), pytest.raises(TypeError) as e:
        render_template_string("x")
    assert "must return a dict of template variables or None" in str(e.value)
    assert "implemented by: recorder" in str(e.value)


def test_hookspecs_are_declared_and_documented() -> None:
    app = make_app()
    for name, spec in inspect.getmembers(hookspecs, inspect.isfunction):
        if not name.startswith("tumbler_"):
            continue
        assert spec.__doc__ and len(spec.__doc__) > 40, name
        caller = getattr(app.plugins.hook, name)
        assert caller.has_spec(), name
        assert list(caller.spec.argnames) == list(inspect.signature(spec).parameters), name
    assert {"tumbler_template_context", "tumbler_before_render_template", "tumbler_template_rendered"} <= {
        n for n, _ in inspect.getmembers(hookspecs, inspect.isfunction)
    }
