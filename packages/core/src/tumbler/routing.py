"""URL building and redirects, and the direct path for static routes.

Most requests hit a rule without variables. :class:`StaticRoutes` maps such
paths to their rules once, so matching them costs a dict lookup instead of
binding a werkzeug ``MapAdapter``; anything it is unsure of goes to werkzeug.
"""

from __future__ import annotations

import typing as t
from urllib.parse import quote as _url_quote

from werkzeug.routing import Map, Rule
from werkzeug.utils import redirect as _wz_redirect

from .globals import _cv_app

if t.TYPE_CHECKING:
    from werkzeug.wrappers import Response as BaseResponse

    from .wrappers import Response as _Response

__all__ = ["StaticRoutes", "redirect", "url_for"]


def url_for(
    endpoint: str,
    /,
    *,
    _anchor: str | None = None,
    _method: str | None = None,
    _scheme: str | None = None,
    _external: bool | None = None,
    **values: t.Any,
) -> str:
    """Build the URL of ``endpoint`` with ``values`` for its variables (extra
    values become the query string). ``.name`` is relative to the current
    blueprint. See :meth:`tumbler.App.url_for`."""
    ctx = _cv_app.get(None)
    if ctx is None:
        raise RuntimeError(
            "Unable to build URLs outside an active application context: call url_for"
            " inside a view, or inside 'with app.app_context():' (with SERVER_NAME set)."
        )
    return ctx.app.url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external, **values)


def redirect(location: str, code: int = 302, Response: type[BaseResponse] | None = None) -> _Response:
    """A redirect response to ``location`` (made by the current app if there is one)."""
    ctx = _cv_app.get(None)
    if ctx is not None:
        return ctx.app.redirect(location, code=code)
    return t.cast("_Response", _wz_redirect(location, code=code, Response=Response))


def quote_anchor(anchor: str) -> str:
    return _url_quote(anchor, safe="%!#$&'()*+,/:;=?@")


class StaticRoutes:
    """Rules without variables, by path, for matching without werkzeug's adapter.

    Only used when the app matches on neither host nor subdomain. A rule is
    left out when matching it involves more than its path and method: rules
    with defaults, redirects, a host or subdomain, websockets, aliases, or
    whose endpoint has another rule with defaults (werkzeug may redirect to it).
    """

    __slots__ = ("_map", "_built", "_paths")

    def __init__(self, url_map: Map) -> None:
        self._map = url_map
        self._built = False
        self._paths: dict[str, tuple[Rule, ...]] = {}

    def _rebuild(self) -> None:
        # update() sorts the map and clears its "changed" flag (_remap), which
        # Map.add() sets again: checking that flag per request costs one
        # attribute read, where counting the rules would walk them all.
        self._map.update()
        rules = list(self._map.iter_rules())
        with_defaults = {r.endpoint for r in rules if r.defaults}
        paths: dict[str, list[Rule]] = {}
        for rule in rules:
            if (
                rule.arguments
                or rule.defaults
                or rule.redirect_to is not None
                or rule.host
                or rule.subdomain
                or rule.websocket
                or rule.build_only
                or rule.alias
                or rule.endpoint in with_defaults
                or "//" in rule.rule
            ):
                # a path shadowed by a rule we cannot judge must go to werkzeug
                paths.setdefault(rule.rule, [])
                paths[rule.rule].append(None)  # type: ignore[arg-type]
                continue
            paths.setdefault(rule.rule, []).append(rule)
        self._paths = {p: tuple(rs) for p, rs in paths.items() if None not in rs}
        self._built = True

    def match(self, path: str, method: str) -> Rule | None:
        """The rule werkzeug would match for ``path`` and ``method``, or ``None`` if unsure."""
        if self._map._remap or not self._built:
            self._rebuild()
        rules = self._paths.get(path)
        if rules is None:
            return None
        for rule in rules:
            if rule.methods is None or method in rule.methods:
                return rule
        return None
