"""IPTC ninjs (News in JSON) documents, 2.x (headlines, bodies, bylines) and the 1.x names (headline,
body_text, body_html) that agencies still send: the fields kg publishes, nothing guessed."""

from __future__ import annotations

from typing import Any

from ..article import Article, derive_headline, paragraph_spans
from .common import (
    IRI_OK,
    ReaderError,
    authors_of,
    fragment_text,
    language_tag,
    parse_date,
    plain_paragraphs,
    squash,
)

NINJS_KEYS = {"uri", "headline", "headlines", "body_text", "body_html", "bodies", "versioncreated"}


def is_ninjs(doc: object) -> bool:
    if not isinstance(doc, dict) or "format" in doc:
        return False
    standard = doc.get("standard")
    if isinstance(standard, dict) and str(standard.get("name", "")).lower() == "ninjs":
        return True
    return "ninjs" in str(doc.get("$schema", "")) or len(NINJS_KEYS & doc.keys()) >= 2


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _main(values: object) -> list[dict]:
    """The role 'main' first, then the rest, of a ninjs 2.x list (headlines, bodies, descriptions)."""
    items = [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []
    return sorted(items, key=lambda v: v.get("role") not in (None, "main"))


def _body(doc: dict) -> str:
    for body in _main(doc.get("bodies")):
        value = body.get("value")
        if isinstance(value, str) and value.strip():
            html = "html" in str(body.get("contenttype", "text/plain"))
            return fragment_text(value) if html else plain_paragraphs(value)
    if isinstance(doc.get("body_text"), str) and doc["body_text"].strip():
        return plain_paragraphs(doc["body_text"])
    if isinstance(doc.get("body_html"), str) and doc["body_html"].strip():
        return fragment_text(doc["body_html"])
    return ""


def _first_value(values: object) -> str | None:
    for v in _main(values):
        if isinstance(v.get("value"), str) and v["value"].strip():
            text = v["value"]
            return squash(fragment_text(text) if "html" in str(v.get("contenttype", "")) else text)
    return None


def read_ninjs(doc: dict[str, Any], name: str) -> Article:
    body = _body(doc)
    if not body:
        raise ReaderError(name, "ninjs document without a body (no body_text, body_html or bodies)")
    when = None
    for key in ("firstcreated", "contentcreated", "versioncreated"):
        when = parse_date(doc.get(key))
        if when:
            break
    if when is None:
        raise ReaderError(name, "ninjs document without a date (no firstcreated or versioncreated)")
    modified = parse_date(doc.get("versioncreated"))
    authors = authors_of([b for b in _list(doc.get("bylines")) if isinstance(b, dict)])
    authors = authors or authors_of(doc.get("by"))
    uri = doc.get("uri") if isinstance(doc.get("uri"), str) and doc["uri"].strip() else None
    subjects = [s.get("name") for s in _list(doc.get("subject")) if isinstance(s, dict)]
    located = doc.get("located")
    if isinstance(located, dict):
        located = located.get("name")
    headline = _first_value(doc.get("headlines")) or squash(str(doc.get("headline") or ""))
    description = _first_value(doc.get("descriptions")) or squash(
        str(doc.get("description_text") or "")
    )
    return Article(
        path=name,
        date=when[0],
        published=when[1],
        authors=authors,
        body=body,
        publisher=(doc.get("copyrightholder") or None)
        if isinstance(doc.get("copyrightholder"), str)
        else None,
        headline=headline or derive_headline(body),
        language=language_tag(doc.get("language")) or "en",
        paragraphs=paragraph_spans(body),
        identifier=uri.strip() if uri else None,
        url=uri.strip() if uri and IRI_OK.match(uri.strip()) else None,
        date_modified=modified[1] if modified and modified != when else None,
        description=description or None,
        keywords=[s for s in subjects if isinstance(s, str) and s.strip()],
        located=located if isinstance(located, str) else None,
        source_format="ninjs",
    )
