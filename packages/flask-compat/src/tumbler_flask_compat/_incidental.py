"""Small private helpers that Flask's modules hold and Tumbler has no use for.

Extensions import some of Flask's private names (``from flask.helpers import
_split_blueprint_path``, ``from flask.debughelpers import
explain_template_loading_attempts``, ...). Where the kernel or a plugin has the
same function, the ``flask_tree`` module re-exports it; the few that exist
only for Flask's API live here, each doing what Flask's does.
"""

from __future__ import annotations

import os
import typing as t
from datetime import timedelta
from functools import cache

if t.TYPE_CHECKING:
    from jinja2 import BaseLoader
    from tumbler import App

__all__ = [
    "UnexpectedUnicodeError",
    "_default_template_ctx_processor",
    "_dump_loader_info",
    "_make_timedelta",
    "_path_is_ancestor",
    "_split_blueprint_path",
    "explain_template_loading_attempts",
]


class UnexpectedUnicodeError(AssertionError, UnicodeError):
    """Flask's error for unexpected text or binary data (kept for imports)."""


def _make_timedelta(value: timedelta | int | None) -> timedelta | None:
    """A number of seconds as a :class:`~datetime.timedelta`; ``None`` and
    timedeltas unchanged."""
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(seconds=value)


@cache
def _split_blueprint_path(name: str) -> list[str]:
    """``"a.b.c"`` -> ``["a.b.c", "a.b", "a"]``: a nested blueprint's scopes."""
    out = [name]
    if "." in name:
        out.extend(_split_blueprint_path(name.rpartition(".")[0]))
    return out


def _path_is_ancestor(path: str, other: str) -> bool:
    """Whether ``other`` is ``path`` or lies under it."""
    return os.path.join(path, other[len(path) :].lstrip(os.sep)) == other


def _default_template_ctx_processor() -> dict[str, t.Any]:
    """``g``, and ``request`` and ``session`` in a request: the names every
    template sees."""
    from tumbler.globals import _cv_app, _cv_request

    app_ctx = _cv_app.get(None)
    request_ctx = _cv_request.get(None)
    rv: dict[str, t.Any] = {}
    if app_ctx is not None:
        rv["g"] = app_ctx.g
    if request_ctx is not None:
        rv["request"] = request_ctx.request
        rv["session"] = getattr(request_ctx, "session", None)
    return rv


def _dump_loader_info(loader: BaseLoader) -> t.Iterator[str]:
    """Lines describing a Jinja loader: its class and public settings."""
    yield f"class: {type(loader).__module__}.{type(loader).__name__}"
    for key, value in sorted(loader.__dict__.items()):
        if key.startswith("_"):
            continue
        if isinstance(value, (tuple, list)) and all(isinstance(x, str) for x in value):
            yield f"{key}:"
            yield from (f"  - {item}" for item in value)
        elif isinstance(value, (str, int, float, bool)):
            yield f"{key}: {value!r}"


def explain_template_loading_attempts(app: App, template: str, attempts: list[t.Any]) -> None:
    """Log, on the app's logger, where ``template`` was looked for.

    ``attempts`` holds ``(loader, scaffold, found)`` triples, ``found`` being
    the loader's ``get_source`` result or ``None``.
    """
    lines = [f"Locating template {template!r}:"]
    found = 0
    for idx, (loader, scaffold, source) in enumerate(attempts):
        name = getattr(scaffold, "name", repr(scaffold))
        lines.append(f"{idx + 1:5}: trying loader of {name!r}")
        lines.extend(f"       {line}" for line in _dump_loader_info(loader))
        if source is None:
            lines.append("       -> no match")
        else:
            found += 1
            lines.append(f"       -> found ({source[1] or '<string>'!r})")
    if found == 0:
        lines.append("Error: the template could not be found.")
    elif found > 1:
        lines.append("Warning: multiple loaders returned a match for the template.")
    app.logger.info("\n".join(lines))
