"""The change feed (/changes as Atom or JSON), retraction over HTTP, and what a retracted IRI answers.

A mirror stays current with two requests: the feed entries after the last key it applied, and
/dump.nq?since=KEY for the data those entries changed (see `since_quads` for how to apply it).
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request

from ..changes import PAGE, Change, ChangeLog, lit
from ..iris import KG
from ..lifecycle import LifecycleError, retract
from . import minter, settings, store
from .auth import write_refusal
from .describe import iri_ok
from .errors import error_response, wants_html

bp = Blueprint("changes", __name__)
ATOM = "application/atom+xml"
S = "http://schema.org/"


def change_log() -> ChangeLog:
    return ChangeLog(store(), minter())


# -- what a missing IRI answers --------------------------------------------------------------------
def answer_missing(iri: str) -> None:
    """301 to the entity an entity was merged into; 410 Gone for a retracted article (or an entity that
    went with it); returns when neither."""
    log = change_log()
    keep = log.merged_into(iri)
    if keep is not None:
        from .links import app_path, public_url

        view = request.path.split("/")[1] if request.path.count("/") >= 2 else "id"
        ext = request.path.rsplit(".", 1)[-1] if view == "data" and "." in request.path else ""
        target = app_path(keep, view if view in ("id", "page", "data") else "id")
        if target:
            if ext in ("ttl", "jsonld", "nt", "rdf"):
                target += "." + ext
            resp = redirect(public_url(target), 301)
            resp.headers["Cache-Control"] = "public, max-age=300"
            abort(resp)
    c = log.tombstone(iri)
    if c is None:
        return
    what = "article" if iri == c.subject else "entity"
    why = (
        f"this {what} was retracted on {c.created}: {c.note}"
        if what == "article"
        else f"this entity went with the article <{c.subject}>, retracted on {c.created}: {c.note}"
    )
    if wants_html():
        html = render_template("gone.html", iri=iri, change=c, what=what)
        abort(Response(html, 410, mimetype="text/html"))
    abort(error_response(410, "Gone", why))


def corrections_of(d) -> list[dict]:
    """The article's corrections, oldest first, from its description (no query of its own): the
    correction's date and text arrive with the labels of everything the article links to."""
    found = {v.value: {"date": "", "note": None} for v in d.out.get(S + "correction", [])}
    for s, p, o in d.triples:
        if s.value in found and p.value == S + "datePublished":
            found[s.value]["date"] = o.value
        elif s.value in found and p.value == S + "text":
            found[s.value]["note"] = o.value
    return sorted(found.values(), key=lambda c: c["date"])


# -- the feed ---------------------------------------------------------------------------------------
def _limit() -> int:
    try:
        n = int(request.args.get("limit", PAGE))
    except ValueError:
        abort(400, "limit must be a whole number")
    if not 1 <= n <= 1000:
        abort(400, "limit must be between 1 and 1000")
    return n


def _page() -> tuple[list[Change], str | None, str | None]:
    after = request.args.get("after") or None
    if after is not None and (len(after) > 100 or not after.isprintable()):
        abort(400, "after must be a key from the feed")
    limit = _limit()
    entries = change_log().entries(after, limit + 1)
    more = len(entries) > limit
    entries = entries[:limit]
    return entries, after, (entries[-1].key if more and entries else None)


@bp.get("/changes")
def feed():
    best = request.accept_mimetypes.best_match([ATOM, "application/json", "application/xml"])
    return feed_json() if best == "application/json" else feed_atom()


@bp.get("/changes.json")
def feed_json():
    entries, after, nxt = _page()
    base = settings().base_iri
    resp = jsonify(
        {
            "after": after,
            "entries": [c.to_dict(base) for c in entries],
            "next": f"/changes.json?after={nxt}" if nxt else None,
            "dump_since": f"/dump.nq?since={after}" if after else "/dump.nq",
        }
    )
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/changes.atom")
def feed_atom():
    entries, after, nxt = _page()
    base = settings().base_iri
    self_href = "/changes.atom" + (f"?after={after}" if after else "")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:kg="{KG}">',
        f"<id>{escape(base)}changes</id>",
        "<title>Changes to the knowledge graph</title>",
        f"<updated>{escape(entries[-1].created if entries else '1970-01-01T00:00:00Z')}</updated>",
        f'<link rel="self" href={quoteattr(self_href)}/>',
        '<link rel="alternate" type="application/json" href="/changes.json"/>',
    ]
    if nxt:
        out.append(f'<link rel="next" href={quoteattr("/changes.atom?after=" + nxt)}/>')
    for c in entries:
        d = c.to_dict(base)
        out += [
            "<entry>",
            f"<id>{escape(d['url'])}</id>",
            f"<title>{escape(c.action)}: {escape(c.subject)}</title>",
            f"<updated>{escape(c.created)}</updated>",
            "<author><name>kg</name></author>",
            f"<link href={quoteattr(c.subject)}/>",
            f"<category term={quoteattr(c.action)}/>",
            f"<kg:key>{escape(c.key)}</kg:key>",
        ]
        if c.graph:
            out.append(f"<kg:graph>{escape(c.graph)}</kg:graph>")
        if c.digest:
            out.append(f"<kg:contentDigest>{escape(c.digest)}</kg:contentDigest>")
        if c.target:
            out.append(f"<kg:mergedInto>{escape(c.target)}</kg:mergedInto>")
        out += [f"<kg:purged>{escape(e)}</kg:purged>" for e in c.purged]
        if c.note:
            out.append(f"<summary>{escape(c.note)}</summary>")
        out.append("</entry>")
    out.append("</feed>")
    resp = Response("\n".join(out) + "\n", mimetype=ATOM)
    resp.headers["Cache-Control"] = "no-cache"
    return resp


# -- what changed since a point of the feed ---------------------------------------------------------
def since_quads(after: str) -> Iterator[bytes]:
    """N-Quads of what the entries after `after` changed, as it is now: each article graph published or
    corrected since (whole), the entity descriptions those graphs use (whole descriptions), and the change
    records themselves. To apply: drop every graph the feed says was retracted and the descriptions of the
    entities it purged; replace each article graph present; replace the description of each entity subject
    present; add the change records."""
    log = change_log()
    graphs: set[str] = set()
    named: set[str] = set()  # entities purged, merged or kept: their descriptions as they are now
    key = after
    while True:
        page = log.entries(key, 1000)
        graphs.update(c.graph for c in page if c.graph and c.action in ("published", "corrected"))
        graphs.update(g for c in page for g in c.graphs)  # merges: the article graphs rewritten
        named.update(e for c in page for e in [*c.purged, *([c.target] if c.target else [])])
        if len(page) < 1000:
            break
        key = page[-1].key
    eg, cg = str(minter().entity_graph), log.graph
    parts = [
        f"{{ GRAPH <{cg}> {{ ?s <{KG.changeKey}> ?k FILTER(STR(?k) > {lit(after)}) ?s ?p ?o }} "
        f"BIND(<{cg}> AS ?g) }}"
    ]
    if named:
        values = " ".join(f"<{e}>" for e in sorted(named) if iri_ok(e))
        parts.append(
            f"{{ VALUES ?s {{ {values} }} GRAPH <{eg}> {{ ?s ?p ?o }} BIND(<{eg}> AS ?g) }}"
        )
    if graphs:
        values = " ".join(f"<{g}>" for g in sorted(graphs))
        parts.append(f"{{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        parts.append(
            f"{{ SELECT DISTINCT ?s ?p ?o ?g WHERE {{ VALUES ?ag {{ {values} }} "
            f"GRAPH ?ag {{ {{ ?x ?y ?s }} UNION {{ ?s ?y ?x }} }} GRAPH <{eg}> {{ ?s ?p ?o }} "
            f"BIND(<{eg}> AS ?g) }} }}"
        )
    query = "SELECT ?s ?p ?o ?g WHERE { " + " UNION ".join(parts) + " }"
    st = store()
    if st.profile.lines_from == "tsv":  # the engine's TSV rows are N-Triples terms: streamed
        from ..store.rdflines import tsv_to_lines

        _, chunks = st.stream(query, "text/tab-separated-values")
        return tsv_to_lines(chunks)
    from ..lifecycle import _term  # other engines (Virtuoso): JSON results, written out here

    rows = st.select(query)
    return iter(
        [
            " ".join(_term(r[k]) for k in ("s", "p", "o", "g")).encode("utf-8") + b" .\n"
            for r in rows
        ]
    )


# -- retraction over HTTP ---------------------------------------------------------------------------
@bp.post("/retractions")
def post_retraction():
    refusal = write_refusal()
    if refusal is not None:
        return refusal
    body = request.get_json(silent=True) if request.is_json else request.form
    if not isinstance(body, dict) and not hasattr(body, "get"):
        return error_response(400, "Bad Request", "send {'article': IRI, 'reason': TEXT} as JSON")
    article, reason = (body or {}).get("article"), (body or {}).get("reason")
    if not isinstance(article, str) or not article.startswith(("http://", "https://")):
        return error_response(400, "Bad Request", "'article' must be the article's IRI")
    if not isinstance(reason, str) or not reason.strip():
        return error_response(400, "Bad Request", "'reason' must say why the article is retracted")
    try:
        change = retract(store(), minter(), article, reason)
    except LifecycleError as exc:
        status = 410 if "already retracted" in str(exc) else 404
        return error_response(status, "Gone" if status == 410 else "Not Found", str(exc))
    resp = jsonify(change.to_dict(settings().base_iri))
    resp.status_code = 200
    return resp
