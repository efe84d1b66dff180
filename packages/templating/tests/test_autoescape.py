from __future__ import annotations

import os
import typing as t

import pytest
import tumbler
from tumbler_templating import render_template, render_template_string, select_jinja_autoescape

TEXT = "<p>Hi & bye</p>"
ESCAPED = "&lt;p&gt;Hi &amp; bye&lt;/p&gt;"


@pytest.mark.parametrize(
    ("filename", "escaped"),
    [
        ("page.html", True),
        ("page.htm", True),
        ("feed.xml", True),
        ("page.xhtml", True),
        ("icon.svg", True),
        ("mail.txt", False),
        ("style.css", False),
        ("page.html.j2", False),
        ("data.json", False),
    ],
)
def test_autoescape_by_extension(tmp_path: t.Any, filename: str, escaped: bool) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / filename).write_text("{{ text }}")
    app = tumbler.App("autoescape_test", root_path=os.fspath(tmp_path), plugins=["templating"])
    with app.app_context():
        assert render_template(filename, text=TEXT) == (ESCAPED if escaped else TEXT)


def test_string_templates_are_escaped(app_ctx: tumbler.AppContext) -> None:
    assert render_template_string("{{ text }}", text=TEXT) == ESCAPED


def test_autoescape_blocks_still_work(app_ctx: tumbler.AppContext) -> None:
    source = "{% autoescape false %}{{ text }}{% endautoescape %}"
    assert render_template_string(source, text=TEXT) == TEXT


def test_select_jinja_autoescape() -> None:
    assert select_jinja_autoescape(None) is True
    assert select_jinja_autoescape("a/b.svg") is True
    assert select_jinja_autoescape("a/b.txt") is False


def test_jinja_options_autoescape_wins() -> None:
    class NoEscapeApp(tumbler.App):
        jinja_options: t.ClassVar[dict[str, t.Any]] = {"autoescape": False}

    app = NoEscapeApp("autoescape_test", plugins=["templating"])
    with app.app_context():
        assert render_template_string("{{ text }}", text=TEXT) == TEXT


def test_app_subclass_chooses_what_to_escape(tmp_path: t.Any) -> None:
    class TxtEscapingApp(tumbler.App):
        def select_jinja_autoescape(self, filename: str | None) -> bool:
            return filename is not None and filename.endswith(".txt")

    (tmp_path / "templates").mkdir()
    for name in ("mail.txt", "page.html"):
        (tmp_path / "templates" / name).write_text("{{ text }}")
    app = TxtEscapingApp("autoescape_test", root_path=os.fspath(tmp_path), plugins=["templating"])
    with app.app_context():
        assert render_template("mail.txt", text=TEXT) == ESCAPED
        assert render_template("page.html", text=TEXT) == TEXT
        assert render_template_string("{{ text }}", text=TEXT) == TEXT
