"""/search (HTML and JSON) and /search/suggest (autocomplete) over names, alternate names and headlines."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from . import minter, settings
from .errors import wants_html
from .links import local_path
from .search_index import Hit, SearchIndex

bp = Blueprint("search", __name__)
KIND_FILTERS = ["person", "organization", "place", "article"]
PER_PAGE = 20


def index() -> SearchIndex:
    """One index object per worker process; the file behind it is shared by the instance."""
    ext = current_app.extensions
    if "kg.search" not in ext:
        endpoints = ext["kg.endpoints"]
        ext["kg.search"] = SearchIndex(
            settings().cache_path(), endpoints.store, str(minter().entity_graph)
        )
    return ext["kg.search"]


def hit_json(h: Hit) -> dict:
    return {
        "iri": h.iri,
        "name": h.name,
        "kind": h.kind,
        "types": h.types,
        "alternateNames": h.alternates,
        "date": h.date,
        "mentions": h.mentions,
        "page": local_path(h.iri),
    }


def suggestions_for(words: str) -> list[dict]:
    """A few likely matches for a 404 page; never fails the error page itself."""
    try:
        hits, _, _ = index().search(words, limit=5)
        if not hits:  # a misspelt key: any of its words will do
            hits, _, _ = index().search(words, limit=5, any_word=True)
    except Exception:  # noqa: BLE001 - the 404 must render even when the index cannot
        return []
    return [{"name": h.name, "kind": h.kind, "href": local_path(h.iri)} for h in hits]


def _wants_json() -> bool:
    fmt = request.args.get("format")
    if fmt:
        return fmt == "json"
    return (
        not wants_html()
        and request.accept_mimetypes.best_match(["application/json", "text/html"])
        == "application/json"
    )


@bp.get("/search")
def search() -> Response:
    q = request.args.get("q", "").strip()[:200]
    kind = request.args.get("type") or None
    if kind and kind not in KIND_FILTERS:
        kind = None
    try:
        page = max(1, min(500, int(request.args.get("page", "1"))))
    except ValueError:
        page = 1
    hits, total, facets = (
        index().search(q, kind, PER_PAGE, (page - 1) * PER_PAGE) if q else ([], 0, {})
    )
    if _wants_json():
        resp = jsonify(
            {
                "query": q,
                "type": kind,
                "total": total,
                "page": page,
                "facets": facets,
                "results": [hit_json(h) for h in hits],
            }
        )
    else:
        resp = Response(
            render_template(
                "search.html",
                q=q,
                kind=kind,
                hits=hits,
                total=total,
                facets=facets,
                page=page,
                per_page=PER_PAGE,
                kinds=KIND_FILTERS,
                href=local_path,
            ),
            mimetype="text/html",
        )
    resp.headers["Vary"] = "Accept"
    resp.headers["Cache-Control"] = "public, max-age=30"
    return resp


@bp.get("/search/suggest")
def suggest() -> Response:
    """Autocomplete; `?format=opensearch` answers in the OpenSearch Suggestions format browsers understand."""
    q = request.args.get("q", "").strip()[:100]
    kind = request.args.get("type") if request.args.get("type") in KIND_FILTERS else None
    hits = index().suggest(q, kind)
    if request.args.get("format") == "opensearch":
        resp = jsonify(
            [q, [h.name for h in hits], [h.kind for h in hits], [local_path(h.iri) for h in hits]]
        )
    else:
        resp = jsonify({"query": q, "suggestions": [hit_json(h) for h in hits]})
    resp.headers["Cache-Control"] = "public, max-age=60"
    return resp


@bp.record_once
def _warm(state) -> None:
    """Start building the index when a worker starts, so the first search does not pay for it."""
    import threading

    app = state.app

    def run() -> None:
        with app.app_context():
            try:
                index().build_if_needed(block=True)
            except Exception:  # noqa: BLE001 - the engine may still be starting; the first search retries
                pass

    threading.Thread(target=run, daemon=True, name="kg-search-warm").start()


__all__ = ["bp", "index", "suggestions_for"]
