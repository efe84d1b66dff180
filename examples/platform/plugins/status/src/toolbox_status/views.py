"""The status pages."""

from __future__ import annotations

from tumbler import Blueprint, current_app
from tumbler_templating import render_template

from .checks import run_checks, summary

blueprint = Blueprint("status", __name__, url_prefix="/status", template_folder="templates")


@blueprint.get("/")
def index() -> str:
    results = run_checks(current_app)
    return render_template("status/index.html", results=results, summary=summary(results))


@blueprint.get("/health.json")
def health() -> tuple[dict[str, object], int]:
    results = run_checks(current_app)
    ok = all(r.ok for r in results)
    body = {"ok": ok, "checks": {r.name: {"ok": r.ok, "detail": r.detail} for r in results}}
    return body, 200 if ok else 503
