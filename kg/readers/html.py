"""HTML article pages: trafilatura finds the main text and the page's metadata; the page's own JSON-LD
NewsArticle, where there is one, wins for everything it states (it is what the publisher meant).

A page that is no article (a section front, a login page, a fragment of a page) is refused with the
reason, rather than published as a stub.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from ..article import Article, derive_headline, paragraph_spans
from .common import (
    IRI_OK,
    MIN_BODY,
    ReaderError,
    authors_of,
    language_tag,
    parse_date,
    squash,
)

ARTICLE_TYPES = {
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
}
PAGE_TYPES = {
    "WebPage",
    "CollectionPage",
    "ItemPage",
    "SearchResultsPage",
    "ProfilePage",
    "WebSite",
}
LINK_DENSITY = 0.6  # share of a page's text inside links above which it is an index, not an article


def read_html(data: bytes, name: str, url: str | None = None) -> Article:
    """One article page -> Article; `url` is where it was fetched from (for relative and missing URLs)."""
    import lxml.html
    import trafilatura

    if b"\x00" in data[:4096]:
        raise ReaderError(name, "binary data, not an HTML page")
    try:
        tree = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ReaderError(name, f"broken HTML, no document could be parsed: {exc}") from None
    ld = newsarticle(tree)
    _refuse_non_article(tree, ld, name)
    meta, lang = _meta(tree), tree.get("lang")
    doc = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # only a date the page's markup states: the extensive search guesses from the text
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    # trafilatura puts each paragraph on a line of its own
    raw = (getattr(doc, "text", None) or "") if doc is not None else ""
    text = "\n\n".join(p for p in (squash(line) for line in raw.split("\n")) if p)
    if len(text) < MIN_BODY and not data.rstrip().lower().endswith((b"</html>", b"</body>")):
        raise ReaderError(
            name,
            f"broken HTML: the page is cut off (it does not end with </html>) and only "
            f"{len(text)} characters of article text were found",
        )
    if len(text) < MIN_BODY:
        raise ReaderError(
            name,
            f"not a news article: {len(text)} characters of main text found (a whole article has at "
            f"least {MIN_BODY}); is the page complete, and is it an article?",
        )
    ld = ld or {}
    when = parse_date(ld.get("datePublished")) or parse_date(
        meta.get("article:published_time") or getattr(doc, "date", None)
    )
    if when is None:
        raise ReaderError(name, "not a news article: the page gives no publication date")
    authors = authors_of(ld.get("author")) or authors_of(getattr(doc, "author", None))
    canonical = _url(_ld_url(ld) or getattr(doc, "url", None), url) or (url if url else None)
    modified = parse_date(ld.get("dateModified") or meta.get("article:modified_time"))
    keywords = _keywords(ld.get("keywords")) or list(getattr(doc, "tags", None) or [])
    section = (
        ld.get("articleSection")
        or meta.get("article:section")
        or next(iter(getattr(doc, "categories", None) or []), None)
    )
    if isinstance(section, list):
        section = section[0] if section else None
    headline = squash(str(ld.get("headline") or getattr(doc, "title", None) or "")) or (
        derive_headline(text)
    )
    return Article(
        path=name,
        date=when[0],
        published=when[1],
        authors=authors,
        body=text,
        publisher=_name(ld.get("publisher")) or getattr(doc, "sitename", None),
        headline=headline,
        language=language_tag(ld.get("inLanguage")) or language_tag(lang) or "en",
        paragraphs=paragraph_spans(text),
        identifier=canonical,
        url=canonical,
        date_modified=modified[1] if modified else None,
        description=squash(str(ld.get("description") or getattr(doc, "description", None) or ""))
        or None,
        image=_url(_image(ld.get("image")) or getattr(doc, "image", None), url),
        section=section if isinstance(section, str) and section.strip() else None,
        keywords=keywords,
        source_format="html",
    )


def jsonld_objects(tree: Any) -> list[dict]:
    """Every JSON-LD object of the page, @graph and lists flattened; broken blocks are skipped, as
    browsers and search engines skip them."""
    found: list[dict] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            found.append(node)
            walk(node.get("@graph"))

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text_content() or "null"))
        except json.JSONDecodeError:
            continue
    return found


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    names = t if isinstance(t, list) else [t]
    return {str(n).rsplit("/", 1)[-1] for n in names if n}


def newsarticle(tree: Any) -> dict | None:
    return next((o for o in jsonld_objects(tree) if _types(o) & ARTICLE_TYPES), None)


def _refuse_non_article(tree: Any, ld: dict | None, name: str) -> None:
    if tree.xpath('//input[@type="password"]'):
        raise ReaderError(name, "not a news article: a login page (it asks for a password)")
    if ld is None:
        kinds = sorted({t for o in jsonld_objects(tree) for t in _types(o)} & PAGE_TYPES)
        if kinds:
            raise ReaderError(
                name, f"not a news article: the page describes itself as a {kinds[0]} (JSON-LD)"
            )
        og = _meta(tree).get("og:type")
        if og and og.lower() not in ("article", "news", "newsarticle"):
            raise ReaderError(name, f"not a news article: the page says og:type {og!r}")
    body = tree.find("body")
    if body is not None:
        total = len(squash(body.text_content()))
        linked = sum(len(squash(a.text_content())) for a in body.iter("a"))
        if total and linked / total > LINK_DENSITY:
            raise ReaderError(
                name,
                f"not a news article: {round(100 * linked / total)} % of its text is links "
                "(a section front or an index page)",
            )


def _meta(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or "").strip().lower()
        if key and m.get("content") and key not in out:
            out[key] = m.get("content").strip()
    return out


def _ld_url(ld: dict) -> str | None:
    main = ld.get("mainEntityOfPage")
    if isinstance(main, dict):
        main = main.get("@id") or main.get("url")
    for value in (ld.get("url"), main):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _url(value: object, base: str | None) -> str | None:
    """An absolute http(s) URL, relative ones resolved against where the page came from; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = urljoin(base, value.strip()) if base else value.strip()
    return value if IRI_OK.match(value) else None


def _image(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None


def _name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _keywords(value: object) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(w.strip() for w in value if isinstance(w, str) and w.strip()))
