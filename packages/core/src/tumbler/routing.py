"""URL matching and building: the app's URL adapter, ``url_for``, redirects,
and the direct path for static routes.

Functions whose first argument is ``app`` are methods of :class:`~tumbler.App`
(bound in ``app.py``); ``url_for`` and ``redirect`` are the module-level
helpers that call the current app's.

Most requests hit a rule without variables. :class:`StaticRoutes` maps such
paths to their rules once, so matching them costs a dict lookup instead of
binding a werkzeug ``MapAdapter``; anything it is unsure of goes to werkzeug.
"""

from __future__ import annotations

import re
import sys
import typing as t
from operator import itemgetter
from urllib.parse import quote as _url_quote

from werkzeug.routing import BuildError, Map, MapAdapter, RequestRedirect, ValidationError
from werkzeug.routing import Rule as _WRule
from werkzeug.utils import redirect as _wz_redirect

from .ctx import _blueprint_chain
from .debughelpers import FormDataRoutingRedirect
from .globals import _cv_app, _cv_request

if t.TYPE_CHECKING:
    from werkzeug.wrappers import Response as BaseResponse

    from .app import App
    from .ctx import RequestContext
    from .wrappers import Request, Response
    from .wrappers import Response as _Response

__all__ = ["Rule", "StaticRoutes", "redirect", "url_for"]

_ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"


class Rule(_WRule):
    """werkzeug's ``Rule`` (``App.url_rule_class``), whose two URL-building
    functions are compiled by the first ``url_for`` that builds with the rule
    instead of when the rule is added: werkzeug generates and compiles Python
    source for each, which made up most of the start-up of an app with many
    routes, for rules most processes never build."""

    def _compile_builder(self, append_unknown: bool = True) -> t.Callable[..., tuple[str, str]]:
        compile_now = super()._compile_builder
        name = "_build_unknown" if append_unknown else "_build"

        def build_first(rule: Rule, /, **values: t.Any) -> tuple[str, str]:
            builder = compile_now(append_unknown)
            setattr(rule, name, builder.__get__(rule, None))  # later builds call it directly
            return builder(rule, **values)

        return build_first


# -- matching ------------------------------------------------------------------


def create_url_adapter(app: App, request: Request | None) -> MapAdapter | None:
    """A werkzeug ``MapAdapter`` for a request, or, without one, for
    ``SERVER_NAME`` (``None`` when that is not set)."""
    config = app.config
    if request is None:
        if config["SERVER_NAME"] is None:
            return None
        return app.url_map.bind(
            config["SERVER_NAME"], script_name=config["APPLICATION_ROOT"], url_scheme=config["PREFERRED_URL_SCHEME"]
        )
    if (trusted := config["TRUSTED_HOSTS"]) is not None:
        request.trusted_hosts = trusted
    _ = request.host  # validates against trusted hosts (400 if not)
    return _bind_to_environ(app, request.environ)


def request_url_adapter(app: App, ctx: RequestContext) -> MapAdapter | None:
    """The adapter of ``ctx.url_adapter``: ``app.create_url_adapter(ctx.request)``,
    bound straight from the environ when that method is the default and no
    trusted hosts are configured, so that routing does not build the Request."""
    if (
        ctx._request is None
        and getattr(app.create_url_adapter, "__func__", None) is create_url_adapter
        and app.config["TRUSTED_HOSTS"] is None
    ):
        return _bind_to_environ(app, ctx.environ)
    return app.create_url_adapter(ctx.request)


def _bind_to_environ(app: App, environ: dict[str, t.Any]) -> MapAdapter:
    subdomain = None
    server_name = app.config["SERVER_NAME"]
    if app.url_map.host_matching:
        server_name = None  # the actual host must be matched
    elif not app.subdomain_matching:
        subdomain = app.url_map.default_subdomain or ""
    return app.bind_url_map(environ, server_name, subdomain)


def bind_url_map(app: App, environ: dict[str, t.Any], server_name: str | None, subdomain: str | None) -> MapAdapter:
    """The one call into werkzeug's ``Map.bind_to_environ``. werkzeug attributes
    its "Current server name" warning to this function's module, so a subclass
    living elsewhere (the Flask compat layer) overrides just this step."""
    return app.url_map.bind_to_environ(environ, server_name=server_name, subdomain=subdomain)


def match(app: App, ctx: RequestContext) -> None:
    """Match the request (``App._route``): a dict lookup for plain paths, werkzeug otherwise."""
    environ, routes = ctx.environ, app._static_routes
    key = (environ.get("HTTP_HOST"), environ.get("PATH_INFO"), environ.get("REQUEST_METHOD"))
    if (rule := routes.seen.get(key)) and not routes._map._remap and "HTTP_UPGRADE" not in environ:
        if environ.get("wsgi.url_scheme") in ("http", "https"):  # matched this rule directly before
            ctx.url_rule, ctx.view_args = rule, {}
            return
    # only a Host werkzeug has bound before takes the direct path: binding validates it (400)
    if app._direct_routes and key[0] in routes.hosts:
        path = environ.get("PATH_INFO") or ""
        if not path.isascii():
            path = path.encode("latin1").decode(errors="replace")
        # websocket requests (an Upgrade header, a ws scheme) match differently: werkzeug decides
        if (
            path[:1] == "/"
            and path[1:2] != "/"
            and "HTTP_UPGRADE" not in environ
            and environ.get("wsgi.url_scheme") in ("http", "https")
        ):
            if (found := routes.match(path, environ.get("REQUEST_METHOD", "GET"))) is not None:
                ctx.url_rule, ctx.view_args = found
                if not found[1] and path in routes._paths and len(routes.seen) < 1024:
                    routes.seen[key] = found[0]
                return
    ctx.match_request()
    if ctx._adapter is not None and len(app._static_routes.hosts) < 64:  # bounded: hosts are client input
        app._static_routes.hosts.add(environ.get("HTTP_HOST"))


def raise_routing_exception(app: App, request: Request) -> t.NoReturn:
    """Raise the routing error; in debug mode, explain a redirect that would drop form data."""
    exc = request.routing_exception
    assert exc is not None
    drops_form = isinstance(exc, RequestRedirect) and exc.code not in {307, 308}  # browsers resend no body
    if app.debug and drops_form and request.method not in {"GET", "HEAD", "OPTIONS"}:
        raise FormDataRoutingRedirect(request)
    raise exc


# -- building --------------------------------------------------------------------


def app_url_for(app: App, endpoint: str, /, **values: t.Any) -> str:
    """Build a URL (``App.url_for``; see :func:`url_for`). Keyword-only options,
    all ``None`` by default: ``_external=True`` makes an absolute URL (the
    default outside a request), ``_scheme`` sets its scheme, ``_anchor`` adds a
    ``#fragment``, ``_method`` picks the rule that allows that method."""
    _anchor, _method, _scheme, _external = (values.pop(k, None) for k in ("_anchor", "_method", "_scheme", "_external"))
    if (req_ctx := _cv_request.get(None)) is not None and req_ctx.app is app:
        # a bad Host (a 400's error page) still builds relative URLs
        url_adapter: MapAdapter | None = req_ctx.url_adapter or app.url_map.bind("localhost")
        if endpoint[:1] == ".":
            bp = req_ctx.blueprint_names()
            endpoint = f"{bp[0]}{endpoint}" if bp else endpoint[1:]
        if _external is None:
            _external = _scheme is not None
    else:
        app_ctx = _cv_app.get(None)
        url_adapter = app_ctx.url_adapter if app_ctx and app_ctx.app is app else app.create_url_adapter(None)
        if url_adapter is None:
            raise RuntimeError(
                "Unable to build URLs outside an active request without 'SERVER_NAME' configured:"
                " set it (and 'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME' as needed)."
            )
        if _external is None:
            _external = True
    if _scheme is not None and not _external:
        raise ValueError("When specifying '_scheme', '_external' must be True.")
    app.inject_url_defaults(endpoint, values)
    try:
        rv = url_adapter.build(endpoint, values, method=_method, url_scheme=_scheme, force_external=_external)  # type: ignore[union-attr]
    except BuildError as error:
        values.update(_anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external)
        return app.handle_url_build_error(error, endpoint, values)
    if _anchor is not None:
        rv = f"{rv}#{_url_quote(_anchor, safe=_ANCHOR_SAFE)}"
    return rv


def inject_url_defaults(app: App, endpoint: str, values: dict[str, t.Any]) -> None:
    """Let the ``url_defaults`` functions of the app and the endpoint's blueprints fill ``values``."""
    if not (funcs := app.url_default_functions):
        return
    scopes: tuple[str | None, ...] = (None,)
    if "." in endpoint:
        scopes += tuple(reversed(_blueprint_chain(endpoint.rpartition(".")[0])))
    for scope in scopes:
        for func in funcs.get(scope, ()):
            func(endpoint, values)


def handle_url_build_error(app: App, error: BuildError, endpoint: str, values: dict[str, t.Any]) -> str:
    """Try each ``url_build_error_handlers`` entry; re-raise if none gives a URL."""
    for handler in app.url_build_error_handlers:
        try:
            if (rv := handler(error, endpoint, values)) is not None:
                return rv
        except BuildError as e:
            error = e
    if error is sys.exc_info()[1]:
        raise
    raise error


def app_redirect(app: App, location: str, code: int = 302) -> Response:
    """A redirect response made with :attr:`~tumbler.App.response_class` (``App.redirect``).

    CR and LF, never valid in a URL (browsers drop them), are percent-encoded:
    a target taken from the request cannot break the ``Location`` header (werkzeug raises, a 500).
    """
    location = location.replace("\r", "%0D").replace("\n", "%0A")
    return t.cast("Response", _wz_redirect(location, code=code, Response=app.response_class))


def url_for(endpoint: str, /, **values: t.Any) -> str:
    """Build the URL of ``endpoint`` with ``values`` for its variables (extra
    values become the query string). ``.name`` is relative to the current
    blueprint. The keyword-only ``_anchor``, ``_method``, ``_scheme`` and
    ``_external`` are passed on to :meth:`tumbler.App.url_for`, which says what they do."""
    if (ctx := _cv_app.get(None)) is None:
        raise RuntimeError(
            "Unable to build URLs outside an active application context: call url_for"
            " inside a view, or inside 'with app.app_context():' (with SERVER_NAME set)."
        )
    return ctx.app.url_for(endpoint, **values)


def redirect(location: str, code: int = 302, Response: type[BaseResponse] | None = None) -> _Response:
    """A redirect response to ``location`` (made by the current app if there is one)."""
    if (ctx := _cv_app.get(None)) is not None:
        return ctx.app.redirect(location, code=code)
    return t.cast("_Response", _wz_redirect(location, code=code, Response=Response))


# -- the direct path -----------------------------------------------------------------


class StaticRoutes:
    """The app's rules by shape, for matching without werkzeug's adapter.

    A path is split as werkzeug's matcher splits it, into the domain part and
    the path's segments; a rule matches segment by segment with its own
    compiled parts. Only used when the app matches on neither host nor
    subdomain. The direct path answers only where the answer is certain:

    - rules without variables, by path, as werkzeug tries static parts first;
    - a rule with variables when it is the only rule of that shape (one group
      of rules sharing the same parts), no rule with or without a trailing
      slash could redirect, and no rule matching any number of segments (a
      ``path`` converter) starts with the same segment.

    Anything else goes to werkzeug: rules with defaults, redirects, a host or
    subdomain, websockets, aliases, an endpoint that has another rule with
    defaults (werkzeug may redirect to it), a failed conversion, or a method
    the rules do not allow (a 405, or another rule that does allow it).
    """

    __slots__ = ("_map", "_built", "_domain", "_paths", "_prefixes", "_shapes", "_wild", "hosts", "seen")

    def __init__(self, url_map: Map) -> None:
        self._map = url_map
        #: ``Host`` headers that werkzeug bound without error (a few, in practice).
        self.hosts: set[str | None] = set()
        self._built = False
        #: ``(Host, path, method)`` of static matches made, and their rule (bounded: client input)
        self.seen: dict[tuple[t.Any, ...], _WRule] = {}
        #: rules without variables by path (werkzeug tries these first); none listed: werkzeug decides
        self._paths: dict[str, list[_WRule]] = {}
        #: by part count, shapes with variables: ``(getter of the static parts, {their contents: rules or None})``
        self._shapes: dict[int, list[tuple[t.Callable[[t.Any], t.Any], dict[tuple[str, ...], _Group | None]]]] = {}

    def _rebuild(self) -> None:
        # update() sorts the map and clears its "changed" flag (_remap), which
        # Map.add() sets again: checking that flag per request costs one
        # attribute read, where counting the rules would walk them all.
        self._map.update()
        rules = list(self._map.iter_rules())
        with_defaults = {r.endpoint for r in rules if r.defaults}
        shapes: dict[tuple[int, ...], dict[tuple[str, ...], list[_WRule | None]]] = {}
        #: first segments of rules matching any number of segments (``None`` in it: every segment)
        self._wild: set[str | None] = set()
        for rule in rules:
            parts: list[t.Any] = rule._parts
            if any(p.final for p in parts):
                self._wild.add(parts[2].content if len(parts) > 2 and parts[2].static else None)
                continue
            unsure = rule.defaults or rule.redirect_to is not None or rule.host or rule.subdomain or rule.websocket
            unsure = unsure or rule.build_only or rule.alias or rule.endpoint in with_defaults or "//" in rule.rule
            # the shapes werkzeug would redirect to or from (a trailing slash; parts[1] is the empty part of "/") block
            variants = [(parts, None if unsure else rule), ([*parts, parts[1]], None)]
            if parts[-1].static and not parts[-1].content:
                variants.append((parts[:-1], None))
            for ps, entry in variants:
                static = tuple(i for i, p in enumerate(ps) if p.static)
                group = shapes.setdefault((len(ps), *static), {}).setdefault(tuple(ps[i].content for i in static), [])
                group.append(entry)
        self._shapes, self._paths, self.seen, self._domain = {}, {}, {}, self._map.default_subdomain or ""
        prefixes: set[str] = set()  # the first segments a path with variables can start with ("/": any)
        for shape, groups in shapes.items():
            compiled = {k: _group(g) for k, g in groups.items()}
            if len(shape) == shape[0] + 1:  # no variables
                self._paths.update(
                    ("/".join(k[1:]), g[0] if g else []) for k, g in compiled.items() if k[0] == self._domain
                )
            else:
                self._shapes.setdefault(shape[0], []).append((itemgetter(*shape[1:]), compiled))
                prefixes.update(f"/{k[2]}/" if shape[3:4] == (2,) else "/" for k in compiled)
        self._prefixes = tuple(prefixes)
        self._built = True

    def match(self, path: str, method: str) -> tuple[_WRule, dict[str, t.Any]] | None:
        """What werkzeug would match for ``path`` and ``method``, or ``None`` if unsure."""
        if self._map._remap or not self._built:
            self._rebuild()
        if (rules := self._paths.get(path)) is not None:
            for rule in rules:
                if rule.methods is None or method in rule.methods:
                    return rule, {}
            return None
        if not path.startswith(self._prefixes) or not (shapes := self._shapes.get(path.count("/") + 2)):
            return None
        segments = (self._domain, *path.split("/"))
        found: _Group | None = None
        for static, groups in shapes:
            if (key := static(segments)) not in groups:
                continue
            group = groups[key]
            if group is None or found is not None or segments[2] in self._wild or None in self._wild:
                return None
            found = group
        return None if found is None else _match_group(found, segments, method)


#: Rules with the same parts (werkzeug tries them in order), and their variable parts' positions and regexes.
_Group = tuple[list[_WRule], list[tuple[int, "re.Pattern[str]"]]]


def _group(rules: list[_WRule | None]) -> _Group | None:
    """The group, or ``None`` when werkzeug must decide (a rule we cannot judge, or different parts)."""
    first = rules[0]
    if first is None or any(r is None or r._parts != first._parts for r in rules):
        return None
    checks = [(i, re.compile(p.content)) for i, p in enumerate(first._parts) if not p.static]
    # only the converters' groups: a custom converter's regex may hold its own
    return None if any(c.groups != len(c.groupindex) for _, c in checks) else (t.cast("list[_WRule]", rules), checks)


def _match_group(group: _Group, segments: tuple[str, ...], method: str) -> tuple[_WRule, dict[str, t.Any]] | None:
    values: list[str] = []
    for i, regex in group[1]:
        if (m := regex.match(segments[i])) is None:
            return None
        values += m.groups()
    for rule in group[0]:
        if rule.methods is None or method in rule.methods:
            try:
                return rule, {k: c.to_python(v) for (k, c), v in zip(rule._converters.items(), values)}
            except ValidationError:
                return None
    return None
