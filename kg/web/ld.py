"""Dereferenceable IRIs (CONTRACT.md §2): /id/ answers 303 by Accept, /page/ is HTML, /data/ is RDF.

The request path is read exactly as sent (RAW_URI) so that keys with non-ASCII or reserved characters
map back to the very IRI that was minted; see links.uri_to_iri.
"""

from __future__ import annotations

import threading
import time

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request
from werkzeug.middleware.proxy_fix import ProxyFix

from ..iris import KINDS
from . import profile, reader, reads, settings
from .caching import CACHE_CONTROL, conditional_cached
from .changes import corrections_of
from .describe import PAGE_SIZE, Describer, Description, iri_ok
from .links import app_path, iri_candidates, local_path, public_url, raw_path, term_href
from .negotiation import GRAPH_TYPES
from .views import (
    enrich_labels,
    fact_views,
    incoming_groups,
    json_for_script,
    property_rows,
    render_body,
    schema_jsonld,
    serialize,
    term_label,
)

bp = Blueprint("ld", __name__)

DATA_TYPES = {k: GRAPH_TYPES[k] for k in ("ttl", "jsonld", "nt", "rdf")}
EXT_OF = {v: k for k, v in DATA_TYPES.items()}
HTML_TYPES = ["text/html", "application/xhtml+xml"]
# What /id/ and /data/ (without extension) offer, HTML first so that */* gets the page.
OFFERS = [
    *HTML_TYPES,
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
    "application/json",
    "application/x-turtle",
    "text/n3",
    "text/plain",
]
ALIAS = {
    "application/json": "application/ld+json",
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/plain": "application/n-triples",
}


@bp.record_once
def _proxy_headers(state) -> None:
    """Behind KG_TRUSTED_PROXIES reverse proxies, believe their X-Forwarded-Proto/Host/Port/Prefix."""
    n = state.app.config["KG_SETTINGS"].trusted_proxies
    if n > 0:
        state.app.wsgi_app = ProxyFix(
            state.app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n
        )


def _rest(view: str, kind: str) -> str:
    """The key part of the raw path, percent-escapes as the client sent them."""
    parts = raw_path().split("/", 3)
    return parts[3] if len(parts) == 4 else ""


def _page_number() -> int:
    try:
        n = int(request.args.get("page", "1"))
    except ValueError:
        abort(400, "page must be a positive whole number")
    if n < 1 or n > 100_000:
        abort(400, "page must be between 1 and 100000")
    return n


_recent: dict[tuple, tuple[float, Description]] = {}
_recent_lock = threading.Lock()


def _resolve(kind: str, rest: str, page: int = 1) -> Description:
    """_describe(), reused for KG_PAGE_CACHE_SECONDS when set (a microcache: pages may then lag an ingest
    by that long, as a CDN honouring our Cache-Control already may)."""
    ttl = settings().page_cache_seconds
    if ttl <= 0:
        return _describe(kind, rest, page)
    key, now = (kind, rest, page), time.monotonic()
    hit = _recent.get(key)
    if hit and now - hit[0] < ttl:
        return hit[1]
    d = _describe(kind, rest, page)
    with _recent_lock:
        if len(_recent) > 10_000:
            _recent.clear()
        _recent[key] = (now, d)
    return d


def _describe(kind: str, rest: str, page: int = 1) -> Description:
    """The description of the first candidate IRI that exists; a helpful 404 otherwise."""
    if kind not in KINDS:
        not_found(
            settings().base_iri + f"id/{kind}/{rest}",
            f"'{kind}' is not a kind of thing here (kinds: {', '.join(KINDS)})",
        )
    cands = [c for c in iri_candidates(kind, rest) if iri_ok(c)]
    describer = Describer(reads.select, reads.ask, settings().base_iri)
    for i, iri in enumerate(cands):
        if i > 0 and not describer.exists(iri):
            continue
        d = describer.describe(iri, kind, page)
        if d.exists and not d.out:  # named by others but says nothing itself: merged away
            from .changes import answer_missing

            answer_missing(iri)
        if d.exists and (page == 1 or d.incoming or d.facts):
            return d
        if d.exists:
            abort(404, f"page {page} is past the end of this description")
    not_found(cands[0] if cands else rest, "nothing in the graph has this IRI")


def not_found(iri: str, why: str):
    """404 that helps: what was asked, why it is missing, and search suggestions from the words of its key."""
    from .changes import answer_missing
    from .errors import wants_html

    answer_missing(iri)  # retracted: 410 Gone, with when and why
    if not wants_html():
        abort(404, f"{why}: <{iri}>")
    from .search import suggestions_for

    words = iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
    html = render_template(
        "not_found.html", iri=iri, why=why, q=words, suggestions=suggestions_for(words)
    )
    abort(Response(html, 404, mimetype="text/html"))


def _exists_or_404(kind: str, rest: str) -> str:
    if kind not in KINDS:
        not_found(
            settings().base_iri + f"id/{kind}/{rest}", f"'{kind}' is not a kind of thing here"
        )
    describer = Describer(reads.select, reads.ask, settings().base_iri)
    cands = [c for c in iri_candidates(kind, rest) if iri_ok(c)]
    for iri in cands:
        if describer.exists(iri):
            return iri
    not_found(cands[0] if cands else rest, "nothing in the graph has this IRI")


@bp.route("/id/<kind>/<path:key>", methods=["GET", "HEAD"])
def thing(kind: str, key: str):
    """303 See Other to the description the client asked for; the thing itself is not a document."""
    iri = _exists_or_404(kind, _rest("id", kind))
    best = request.accept_mimetypes.best_match(OFFERS) if request.accept_mimetypes else "text/html"
    if best is None:
        abort(
            406,
            "this resource has HTML (text/html) and RDF (Turtle, JSON-LD, N-Triples, RDF/XML) descriptions",
        )
    best = ALIAS.get(best, best)
    target = (
        app_path(iri, "page") if best in HTML_TYPES else app_path(iri, "data") + "." + EXT_OF[best]
    )
    resp = redirect(public_url(target), 303)
    resp.headers["Vary"] = "Accept"
    resp.headers["Cache-Control"] = CACHE_CONTROL
    return resp


def _paging_links(d: Description, path: str) -> list[str]:
    links = []
    if d.has_next:
        links.append(f'<{path}?page={d.page + 1}>; rel="next"')
    if d.page > 1:
        links.append(
            f'<{path}?page={d.page - 1}>; rel="prev"' if d.page > 2 else f'<{path}>; rel="prev"'
        )
    return links


@bp.route("/page/<kind>/<path:key>", methods=["GET", "HEAD"])
def page(kind: str, key: str):
    d = _resolve(kind, _rest("page", kind), _page_number())

    def render() -> Response:
        enrich_labels(d)
        data_path = local_path(d.iri, "data")
        body = d.first("http://schema.org/articleBody")
        story = None
        if kind in reader.READER_KINDS and d.page == 1:
            story = reader.view(
                d, profile.load(reads.select, d.iri, kind, _known(d.iri)), reads.select
            )
        html = render_template(
            "resource.html",
            d=d,
            kind=kind,
            title=d.label(d.iri) or d.iri,
            props=property_rows(d),
            types=[{"label": term_label(t), "iri": term_href(t)} for t in d.types()],
            alternates=[v.value for v in d.out.get("http://schema.org/alternateName", [])],
            same_as=[
                v.value
                for v in d.out.get("http://schema.org/sameAs", [])
                if v.value.lower().startswith(("http://", "https://"))
            ],  # links: web IRIs only (no javascript:)
            body=render_body(body, d) if body is not None else None,
            facts=fact_views(d),
            corrections=corrections_of(d),
            incoming=incoming_groups(d),
            counts={term_label(p): n for p, n in d.incoming_counts.items()},
            jsonld=json_for_script(schema_jsonld(d, kind)),
            data_path=data_path,
            data_types=DATA_TYPES,
            page_size=PAGE_SIZE,
            page_path=local_path(d.iri),
            cap=100_000,
            story=story,
            pictures_path=local_path(d.iri, "pictures"),
        )
        resp = Response(html, mimetype="text/html")
        for link in _paging_links(d, local_path(d.iri)):
            resp.headers.add("Link", link)
        return resp

    return conditional_cached(d.digest, "html", render)


@bp.route("/data/<kind>/<path:key>", methods=["GET", "HEAD"])
def data(kind: str, key: str):
    rest = _rest("data", kind)
    stem, dot, ext = rest.rpartition(".")
    vary = None
    if dot and ext in DATA_TYPES:
        media, rest = DATA_TYPES[ext], stem
    else:
        offers = [o for o in OFFERS if o not in HTML_TYPES]
        media = (
            request.accept_mimetypes.best_match(offers)
            if request.accept_mimetypes
            else "text/turtle"
        )
        if media is None:
            abort(406, "RDF is offered as " + ", ".join(DATA_TYPES.values()))
        media, vary = ALIAS.get(media, media), "Accept"
    d = _resolve(kind, rest, _page_number())

    def render() -> Response:
        resp = Response(serialize(d, media), mimetype=media)
        if media != "application/ld+json":
            resp.headers["Content-Type"] = f"{media}; charset=utf-8"
        path = local_path(d.iri, "data") + "." + EXT_OF[media]
        if vary:
            resp.headers["Content-Location"] = path
        for link in _paging_links(d, path):
            resp.headers.add("Link", link)
        return resp

    return conditional_cached(d.digest, media, render, vary)


def _known(iri: str) -> tuple[int, str | None, str | None] | None:
    """(articles, first, last mention) from the search index, which counted them at its last refresh; None
    when the index does not know the entity yet (the profile then counts them itself)."""
    from .catalog import by_iri
    from .search import index

    try:
        row = by_iri(index().rows, [iri]).get(iri)
    except Exception:  # noqa: BLE001 - an index being rebuilt must not fail the page: count instead
        return None
    return (row.mentions, row.first, row.last) if row else None


@bp.route("/pictures/<kind>/<path:key>", methods=["GET", "HEAD"])
def pictures(kind: str, key: str):
    """The data an entity page's pictures are drawn from (its timeline and its co-mention network)."""
    if kind not in reader.READER_KINDS:
        abort(404, f"only people, organizations and places have pictures, not '{kind}'")
    d = _resolve(kind, _rest("pictures", kind))

    def render() -> Response:
        enrich_labels(d)
        v = reader.view(d, profile.load(reads.select, d.iri, kind, _known(d.iri)), reads.select)
        return jsonify(reader.as_json(d, v))

    return conditional_cached(d.digest, "pictures", render)


@bp.app_template_global()
def page_link(path: str, n: int) -> str:
    return path if n <= 1 else f"{path}?page={n}"


__all__ = ["bp", "not_found", "json_for_script"]
