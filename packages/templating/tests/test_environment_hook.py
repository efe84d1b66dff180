"""``tumbler_jinja_environment``: a plugin adds real Jinja globals, filters and
tests to each app's environment, once, at the time it is made."""

from __future__ import annotations

import jinja2
import pytest
import tumbler
from conftest import make_app
from tumbler_templating import jinja_env, render_template_string, template_filter


class Helpers:
    """A plugin with a global, a filter and a test, as an outside author writes it."""

    tumbler_plugin_name = "helpers"

    def __init__(self) -> None:
        self.calls = 0

    @tumbler.hookimpl(optionalhook=True)
    def tumbler_jinja_environment(self, app: tumbler.App, env: jinja2.Environment) -> None:
        self.calls += 1
        env.globals["site_name"] = app.config.get("SITE_NAME", "Tumbler")
        env.filters["shout"] = lambda s: f"{s.upper()}!"
        env.tests["even_length"] = lambda s: len(s) % 2 == 0


def test_globals_filters_and_tests_reach_templates():
    helpers = Helpers()
    app = make_app(helpers, config={"SITE_NAME": "Intranet"})
    with app.app_context():
        out = render_template_string(
            "{{ site_name }} {{ 'hi' | shout }} {{ 'ab' is even_length }} {{ 'abc' is even_length }}"
        )
    assert out == "Intranet HI! True False"


def test_called_once_per_app_when_the_environment_is_made():
    helpers = Helpers()
    one, two = make_app(helpers), make_app(helpers)
    assert helpers.calls == 0  # nothing rendered yet: no environment, no call
    with one.app_context():
        render_template_string("{{ 'a' | shout }}")
        render_template_string("{{ 'b' | shout }}")
    assert helpers.calls == 1
    assert jinja_env(two).filters["shout"]("x") == "X!"
    assert helpers.calls == 2
    assert jinja_env(one) is not jinja_env(two)


def test_the_apps_own_registration_wins_a_name_clash():
    app = make_app(Helpers())

    @template_filter(app, "shout")
    def quiet(s: str) -> str:
        return s.lower()

    with app.app_context():
        assert render_template_string("{{ 'HI' | shout }}") == "hi"


def test_an_environment_made_by_an_app_subclass_gets_them_too():
    class MyApp(tumbler.App):
        def create_jinja_environment(self) -> jinja2.Environment:
            from tumbler_templating import Environment

            return Environment(self, loader=jinja2.DictLoader({"x.txt": "{{ 'x' | shout }}"}))

    app = MyApp("sub", plugins=["templating", Helpers()])
    with app.app_context():
        assert jinja_env(app).get_template("x.txt").render() == "X!"


def test_without_the_plugin_the_filter_is_unknown():
    app = make_app()
    with app.app_context(), pytest.raises(jinja2.TemplateAssertionError, match="shout"):
        render_template_string("{{ 'a' | shout }}")


def test_a_plugin_implementing_it_loads_without_templating():
    app = tumbler.App("alone", plugins=[Helpers()])  # optionalhook: no error for the undeclared hook
    assert "helpers" in app.plugins
