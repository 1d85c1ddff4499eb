"""The W3C Entity Reconciliation API (v0.2, what OpenRefine speaks) over the entity registry.

GET /reconcile is the service manifest; /reconcile with `queries=` (form or query string, a JSON object of
queries) answers candidates with scores and `match`; /reconcile/suggest/{entity,type} and
/reconcile/preview serve OpenRefine's autocomplete and hover card. Identifiers are the part of an entity's
IRI after BASE/id/ (`person/imran-khan`), so `identifierSpace` + id is the IRI itself.

The candidates are the search index's rows (kg/web/search_index.py), which follows the store within
seconds; the matcher built from them is kept per worker until the index file is rebuilt.
"""

from __future__ import annotations

import json
import os
import re
import threading
from html import escape

from flask import Blueprint, Response, request

from ..reconcile import KINDS, Candidate, Matcher
from . import settings
from .search import index

bp = Blueprint("reconcile", __name__)
S = "http://schema.org/"
TYPES = {
    "person": (S + "Person", "Person"),
    "organization": (S + "Organization", "Organization"),
    "place": (S + "Place", "Place"),
}
KIND_OF_TYPE = {
    **{iri: k for k, (iri, _) in TYPES.items()},
    **{name: k for k, (_, name) in TYPES.items()},
    **{f"schema:{name}": k for k, (_, name) in TYPES.items()},
    **{k: k for k in TYPES},
}
MAX_QUERIES = 500
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
_cache: dict[str, tuple[int, Matcher]] = {}
_lock = threading.Lock()


def matcher() -> Matcher:
    idx = index()
    idx.count()  # builds the index on first use, and lets it refresh
    ino = os.stat(idx.path).st_ino
    hit = _cache.get(str(idx.path))
    if hit and hit[0] == ino:
        return hit[1]
    with _lock:
        rows = (
            idx._conn()
            .execute(
                "SELECT iri, kind, name, alt, types, mentions FROM doc WHERE kind IN (?, ?, ?)",
                KINDS,
            )
            .fetchall()
        )
        m = Matcher(
            [
                Candidate(
                    iri,
                    kind,
                    name,
                    tuple(a for a in (alt or "").split("\n") if a),
                    tuple((types or "").split()),
                    mentions or 0,
                )
                for iri, kind, name, alt, types, mentions in rows
            ]
        )
        _cache[str(idx.path)] = (ino, m)
    return m


def _id(iri: str) -> str:
    return iri[len(settings().base_iri + "id/") :]


def _root() -> str:
    return request.host_url.rstrip("/") + request.script_root


def _answer(payload: dict, status: int = 200) -> Response:
    """JSON, or JSONP when OpenRefine (or a page) asks with `callback=`."""
    body = json.dumps(payload, ensure_ascii=False)
    cb = request.values.get("callback")
    if cb and _CALLBACK.match(cb):
        resp = Response(f"/**/{cb}({body});", status, mimetype="application/javascript")
    else:
        resp = Response(body, status, mimetype="application/json")
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


def manifest() -> dict:
    root = _root()
    base = settings().base_iri
    return {
        "versions": ["0.2"],
        "name": "kg: people, organizations and places in the news",
        "identifierSpace": base + "id/",
        "schemaSpace": "http://schema.org/",
        "defaultTypes": [{"id": iri, "name": name} for iri, name in TYPES.values()],
        "view": {"url": base + "page/{{id}}"},
        "preview": {"url": root + "/reconcile/preview?id={{id}}", "width": 420, "height": 140},
        "suggest": {
            "entity": {"service_url": root, "service_path": "/reconcile/suggest/entity"},
            "type": {"service_url": root, "service_path": "/reconcile/suggest/type"},
        },
    }


class BadQuery(ValueError):
    pass


def _kind(q: dict, key: str) -> str | None:
    t = q.get("type")
    if isinstance(t, list):
        t = t[0] if t else None
    if isinstance(t, dict):
        t = t.get("id")
    if t is None:
        return None
    if not isinstance(t, str) or t not in KIND_OF_TYPE:
        raise BadQuery(
            f"{key}: unknown type {t!r}; types are " + ", ".join(i for i, _ in TYPES.values())
        )
    return KIND_OF_TYPE[t]


def reconcile(queries: dict) -> dict:
    m = matcher()
    out = {}
    for key, q in queries.items():
        if isinstance(q, str):
            q = {"query": q}
        if not isinstance(q, dict) or not isinstance(q.get("query"), str):
            raise BadQuery(f"{key}: each query needs a 'query' string")
        limit = q.get("limit", 5)
        if not isinstance(limit, int) or not 1 <= limit <= 100:
            raise BadQuery(f"{key}: limit must be a whole number from 1 to 100")
        results = m.match(q["query"], _kind(q, key), limit)
        out[key] = {
            "result": [
                {
                    "id": _id(r.candidate.iri),
                    "name": r.candidate.name,
                    "type": [
                        {"id": TYPES[r.candidate.kind][0], "name": TYPES[r.candidate.kind][1]}
                    ],
                    "score": r.score,
                    "match": r.match,
                    "description": ", ".join(r.candidate.alternates[:3]),
                }
                for r in results
            ]
        }
    return out


@bp.route("/reconcile", methods=["GET", "POST"])
def service():
    raw = request.values.get("queries")
    if raw is None:
        single = request.values.get("query")  # the older single-query form
        if single is None:
            return _answer(manifest())
        try:
            q = json.loads(single) if single.lstrip().startswith("{") else {"query": single}
            return _answer(reconcile({"q0": q})["q0"])
        except (json.JSONDecodeError, BadQuery) as exc:
            return _answer({"error": str(exc)}, 400)
    try:
        queries = json.loads(raw)
    except json.JSONDecodeError as exc:
        return _answer({"error": f"queries is not JSON: {exc}"}, 400)
    if not isinstance(queries, dict):
        return _answer({"error": "queries must be a JSON object of {key: query}"}, 400)
    if len(queries) > MAX_QUERIES:
        return _answer({"error": f"at most {MAX_QUERIES} queries a request"}, 400)
    try:
        return _answer(reconcile(queries))
    except BadQuery as exc:
        return _answer({"error": str(exc)}, 400)


@bp.get("/reconcile/suggest/entity")
def suggest_entity():
    prefix = request.args.get("prefix", "")
    kind = KIND_OF_TYPE.get(request.args.get("type", ""), None)
    hits = [h for h in index().suggest(prefix, kind, limit=10) if h.kind in KINDS]
    return _answer(
        {
            "result": [
                {"id": _id(h.iri), "name": h.name, "description": TYPES[h.kind][1]} for h in hits
            ]
        }
    )


@bp.get("/reconcile/suggest/type")
def suggest_type():
    prefix = request.args.get("prefix", "").lower()
    return _answer(
        {
            "result": [
                {"id": iri, "name": name}
                for iri, name in TYPES.values()
                if name.lower().startswith(prefix)
            ]
        }
    )


@bp.get("/reconcile/preview")
def preview():
    ident = request.args.get("id", "")
    iri = settings().base_iri + "id/" + ident
    found = next((c for c in matcher().candidates if c.iri == iri), None)
    if found is None:
        return Response(f"<p>No entity {escape(ident)}</p>", 404, mimetype="text/html")
    alts = ", ".join(escape(a) for a in found.alternates)
    html = (
        '<div style="font:14px sans-serif">'
        f'<p><a href="{escape(settings().base_iri)}page/{escape(ident)}" target="_blank">'
        f"<b>{escape(found.name)}</b></a> · {TYPES[found.kind][1]}</p>"
        + (f"<p>Also known as: {alts}</p>" if alts else "")
        + f"<p>Mentioned in {found.mentions} article(s).</p></div>"
    )
    return Response(html, mimetype="text/html")
