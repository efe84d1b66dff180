"""Differential test: the direct path for rules with variables (``StaticRoutes``)
matches exactly what werkzeug's ``MapAdapter.match`` matches.

The rules are every rule shape written in this repository's tests, examples and
bench apps, plus hand-made tricky ones (same shape with other converters, a
trailing slash either way, converters sharing a segment, ``path`` converters,
defaults, aliases, redirects, custom converters). Each is asked for with
values that convert, values that fail the converter's regex or ``to_python``,
and with a slash added or removed, under several methods. Wherever the direct
path answers, werkzeug must answer the same rule with the same values; it must
answer often enough that the comparison is not vacuous.
"""

from __future__ import annotations

import itertools
import re
import typing as t
import uuid
from pathlib import Path

import pytest
from tumbler.routing import StaticRoutes
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, Map, RequestRedirect, Rule, ValidationError

ROOT = Path(__file__).resolve().parents[3]
_RULE_IN_SOURCE = re.compile(r"""(?:route|add_url_rule|get|post|put|delete|patch|Rule)\(\s*f?["'](/[^"'{}]*)["']""")

TRICKY = [
    "/",
    "/user/<int:id>",
    "/user/<name>",
    "/user/me",
    "/user/<int:id>/",
    "/user/<int:id>/posts",
    "/user/<int:id>/posts/<int:post>",
    "/u/<int(signed=True):n>",
    "/u/<float:x>",
    "/u/<uuid:key>",
    "/u/<string(length=2):code>",
    "/u/<any(a, b, 'c d'):choice>",
    "/pair/<a>-<b>",
    "/pair/<int:a>.<int:b>",
    "/files/<path:rest>",
    "/files/<path:rest>/edit",
    "/ends/<name>/",
    "/loose/<name>",
    "/num/<int:n>",
    "/num/<string:s>",
    "/<lang>/about",
    "/<lang>/<page>",
    "/dup/<int:n>",
    "/defaults/<int:n>",
    "/aliased/<int:n>",
    "/moved/<int:n>",
    "/even/<even:n>",
    "/grouped/<grouped:g>",
    "/r/p7/<int:id>",
    "/r/s7",
]


class EvenConverter(BaseConverter):
    regex = r"\d+"

    def to_python(self, value: str) -> int:
        if int(value) % 2:
            raise ValidationError()
        return int(value)


class GroupedConverter(BaseConverter):
    regex = r"(x|y)+"  # a group of its own: the direct path leaves it to werkzeug


def _rules_in_sources() -> set[str]:
    found: set[str] = set()
    for folder in ("packages", "examples", "bench/apps", "docs"):
        for path in (ROOT / folder).rglob("*.py"):
            if ".nox" not in path.parts:
                found.update(_RULE_IN_SOURCE.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


def _build_map(rules: list[str], strict_slashes: bool = True) -> Map:
    url_map = Map(strict_slashes=strict_slashes)
    url_map.converters.update(even=EvenConverter, grouped=GroupedConverter)
    for i, rule in enumerate(rules):
        extra: dict[str, t.Any] = {}
        if rule.startswith("/defaults/"):
            extra["defaults"] = {"x": 1}
        if rule.startswith("/aliased/"):
            extra["alias"] = True
        if rule.startswith("/moved/"):
            extra["redirect_to"] = "/"
        if rule.startswith("/loose/"):
            extra["strict_slashes"] = False
        methods = ["POST"] if i % 5 == 0 else ["GET", "POST"] if i % 3 == 0 else None
        try:
            url_map.add(Rule(rule, endpoint=f"e{i}", methods=methods, **extra))
        except (ValueError, LookupError):
            continue  # a rule text with a converter defined only in its own test
        if rule.startswith("/dup/"):  # the same rule for another method and endpoint
            url_map.add(Rule(rule, endpoint=f"e{i}_put", methods=["PUT"]))
    url_map.add(Rule("/defaults/", endpoint=url_map._rules[-1].endpoint, defaults={"n": 1}))
    return url_map


_SAMPLES = ["42", "0", "-3", "7.5", "abc", "me", "a b", "ümlaut", str(uuid.UUID(int=5)), "xyxy", "2", "ab", "c d"]


def _paths(url_map: Map) -> set[str]:
    paths: set[str] = set()
    for rule in url_map.iter_rules():
        pieces = re.split(r"<[^>]+>", rule.rule)
        for values in itertools.product(_SAMPLES[:4], repeat=len(pieces) - 1) if len(pieces) < 4 else [["1"] * 3]:
            paths.add("".join(itertools.chain.from_iterable(zip(pieces, [*values, ""]))))
        for value in _SAMPLES:
            path = value.join(pieces)
            paths.update({path, path.rstrip("/"), f"{path}/", f"{path}/x", path.replace("/", "//", 1)})
    return paths


def _werkzeug(url_map: Map, path: str, method: str) -> tuple[Rule, dict[str, t.Any]] | str:
    try:
        return url_map.bind("localhost").match(path, method, return_rule=True)
    except RequestRedirect as e:
        return f"redirect {e.new_url}"
    except HTTPException as e:
        return str(e.code)


#: ``(rules, direct answers at least, of them with variables)``: the sources hold
#: catch-all rules (``/<path:p>``), after which only paths without variables are direct.
RULE_SETS = {"tricky": (TRICKY, 150, 120), "tricky and every rule in the sources": (TRICKY, 200, 0)}


@pytest.mark.parametrize("strict_slashes", [True, False])
@pytest.mark.parametrize("rule_set", list(RULE_SETS))
def test_direct_matches_are_werkzeugs(rule_set: str, strict_slashes: bool) -> None:
    rules, least_answered, least_with_variables = RULE_SETS[rule_set]
    if rule_set != "tricky":
        rules = [*rules, *_rules_in_sources()]
    url_map = _build_map(sorted(set(rules)), strict_slashes)
    direct = StaticRoutes(url_map)
    answered = with_variables = 0
    paths = sorted(_paths(url_map))
    assert len(paths) > 300
    for path, method in itertools.product(paths, ("GET", "POST", "PUT", "HEAD", "OPTIONS")):
        found = direct.match(path, method)
        if found is None:
            continue
        expected = _werkzeug(url_map, path, method)
        assert found == expected, f"{method} {path}: direct {found}, werkzeug {expected}"
        answered += 1
        with_variables += bool(found[1])
    assert answered >= least_answered
    assert with_variables >= least_with_variables


def test_common_rules_take_the_direct_path() -> None:
    url_map = Map([Rule("/user/<int:id>", endpoint="user"), Rule("/user/me", endpoint="me")])
    direct = StaticRoutes(url_map)
    assert direct.match("/user/42", "GET") == (url_map._rules[0], {"id": 42})
    assert direct.match("/user/me", "GET") == (url_map._rules[1], {})
    assert direct.match("/user/x", "GET") is None  # werkzeug says 404
    url_map.add(Rule("/<path:rest>", endpoint="catch_all"))
    assert direct.match("/user/42", "GET") is None  # a path converter could match anything
    assert direct.match("/user/me", "GET") is not None  # werkzeug tries static parts first
