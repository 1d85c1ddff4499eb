"""POST /articles: publish an article (kg's text format, an HTML page, a one-item RSS/Atom feed, an IPTC
ninjs document) or a reviewed facts document (JSON) while serving.

The reader is picked from the content (kg/readers), as `kg ingest` picks it; the server never fetches a
URL on a client's behalf. The same path as `kg ingest`: extraction for text, then the mapping, the SHACL
gate and one transaction per article. The answer is the same outcome `kg ingest --json` prints: 201
when published, 422 with the SHACL report when the gate rejects it (nothing is written), 400 when the
input cannot be read.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..article import ArticleError
from ..facts import FactsDocument, FactsError
from ..pipeline import Publisher, prepare_job
from ..registry import StoreRegistry
from . import minter, store
from .auth import write_refusal
from .errors import error_response

bp = Blueprint("publish", __name__)

TEXT_TYPES = ("text/plain", "text/x-article")
JSON_TYPES = ("application/json", "application/vnd.kg-facts+json", "application/ninjs+json")
# markup declares its own encoding (a meta charset, an XML declaration): the readers decode it
MARKUP_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)


@bp.post("/articles")
def publish_article():
    refusal = write_refusal()
    if refusal is not None:
        return refusal
    name = request.args.get("name") or request.headers.get("X-KG-Filename") or "<http>"
    ctype = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8") and ctype not in MARKUP_TYPES:
        return error_response(415, "Unsupported Media Type", f"send UTF-8 (got charset={charset})")
    data = request.get_data(cache=False)
    try:
        doc = _document(ctype, data, name)
    except (ArticleError, FactsError, ValueError) as exc:
        return error_response(400, "Bad Request", str(exc))
    if doc is None:
        return error_response(
            415,
            "Unsupported Media Type",
            f"POST an article (text/plain, text/html, a feed, ninjs JSON) or a facts document as "
            f"application/json (got {ctype or 'none'}, or content in none of these formats)",
        )
    registry = StoreRegistry(store(), minter())
    dry_run = request.args.get("dry-run", "").lower() in ("1", "true", "yes")
    if dry_run:  # the same mapping and gate, nothing written
        known = registry.by_same_as([s for e in doc.entities for s in e.sameAs])
        outcome = prepare_job((doc, name, minter().base, known, {})).outcome
    else:
        note = request.args.get("note") or request.headers.get("X-KG-Note") or None
        force = request.args.get("force", "").lower() in ("1", "true", "yes")
        outcome = Publisher(store(), minter(), registry, note=note, force=force).publish(doc, name)
    body = {
        **outcome.to_dict(),
        "published": outcome.ok and not dry_run,
        "warnings": outcome.warnings,
    }
    if outcome.ok:
        resp = jsonify(body)
        resp.status_code = 200 if dry_run else 201
        if outcome.article and not dry_run:
            resp.headers["Location"] = outcome.article
        return resp
    resp = jsonify(body)
    if " was retracted" in (outcome.error or ""):  # refused by kg/lifecycle.py: ?force=1 overrides
        resp.status_code = 409
        return resp
    # rejected by the mapping or the SHACL gate: 422; validated but the store refused the write: 502
    resp.status_code = 502 if outcome.report is not None and outcome.report.conforms else 422
    return resp


def _document(ctype: str, data: bytes, name: str) -> FactsDocument | None:
    from ..readers import read_bytes, sniff

    if ctype not in TEXT_TYPES + JSON_TYPES + MARKUP_TYPES:
        return None
    kind = sniff(data) or {
        **dict.fromkeys(JSON_TYPES, "json"),
        **dict.fromkeys(TEXT_TYPES, "text"),
    }.get(ctype)
    if kind is None:
        return None
    entries = list(read_bytes(data, name, kind=kind))
    if len(entries) != 1:
        raise ValueError(
            f"{name}: a feed of {len(entries)} items; POST one article per request, "
            "or publish the feed with `kg ingest`"
        )
    got = entries[0][1]
    if isinstance(got, Exception):
        raise got
    if isinstance(got, FactsDocument):
        return got
    from ..extract import extract  # spaCy loads on the first article, not at start-up

    return extract(got)
