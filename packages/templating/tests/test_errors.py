"""Errors in templates point at the template file and line."""

from __future__ import annotations

import os
import traceback

import pytest
import tumbler
from conftest import HERE
from jinja2 import TemplateNotFound, TemplateSyntaxError
from tumbler_templating import add_template_global, render_template, render_template_string

TEMPLATES = os.path.join(HERE, "templates")


def _template_frames(tb: object) -> list[tuple[str, int | None]]:
    """The traceback's frames in template files, as (file, line)."""
    frames = traceback.extract_tb(tb)  # type: ignore[arg-type]
    return [(f.filename, f.lineno) for f in frames if f.filename.startswith(TEMPLATES)]


def test_raising_template_shows_its_file_and_line(app: tumbler.App, app_ctx: tumbler.AppContext) -> None:
    def boom() -> None:
        raise ValueError("kaboom")

    add_template_global(app, boom)
    with pytest.raises(ValueError, match="kaboom") as e:
        render_template("raises.html")
    assert (os.path.join(TEMPLATES, "raises.html"), 3) in _template_frames(e.tb)


def test_syntax_error_names_file_and_line(app_ctx: tumbler.AppContext) -> None:
    path = os.path.join(TEMPLATES, "bad_syntax.html")
    with pytest.raises(TemplateSyntaxError) as e:
        render_template("bad_syntax.html")
    assert e.value.filename == path
    assert f'File "{path}", line 3' in str(e.value)
    assert "Unexpected end of template" in str(e.value)
    assert (path, 3) in _template_frames(e.tb)


def test_unknown_filter_names_file_and_line(app_ctx: tumbler.AppContext) -> None:
    path = os.path.join(TEMPLATES, "unknown_filter.html")
    with pytest.raises(TemplateSyntaxError) as e:
        render_template("unknown_filter.html")
    message = str(e.value)
    assert "No filter named 'no_such_filter'" in message
    assert f'File "{path}", line 3' in message


def test_syntax_error_in_a_string_template(app_ctx: tumbler.AppContext) -> None:
    with pytest.raises(TemplateSyntaxError) as e:
        render_template_string("ok\n{{ x | }}")
    assert 'File "<template string>", line 2' in str(e.value)


def test_missing_include_points_at_the_including_line(app_ctx: tumbler.AppContext) -> None:
    with pytest.raises(TemplateNotFound) as e:
        render_template("includes_missing.html")
    assert "'not_there.html' not found" in str(e.value)
    assert (os.path.join(TEMPLATES, "includes_missing.html"), 3) in _template_frames(e.tb)


def test_render_error_in_a_view_is_a_500(app: tumbler.App) -> None:
    from werkzeug.test import Client

    app.config["TESTING"] = False
    app.add_url_rule("/", "index", lambda: render_template("missing.html"))
    assert Client(app).get("/").status_code == 500
