"""What the query editor (YASGUI on /sparql) asks of the service besides queries: the prefixes to complete."""

from __future__ import annotations

from flask import Blueprint, jsonify

from .sparql_page import PREFIXES

bp = Blueprint("editor", __name__)


@bp.get("/sparql/prefixes.json")
def prefixes():
    """The service's prefixes as {prefix: namespace}, the form prefix.cc answers in (YASQE's prefixCcApi)."""
    resp = jsonify(PREFIXES)
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp
