"""RSS 2.0 and Atom feeds (feedparser): each item is one article, read from its full content, or, when
the item carries only a summary and the feed was fetched by URL, from the page it links to.

A malformed or empty feed is one error; an item that cannot be read is one error for that item, and
the feed's other items are still published.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..article import Article, derive_headline, paragraph_spans
from .common import (
    IRI_OK,
    MIN_BODY,
    ReaderError,
    authors_of,
    fragment_text,
    language_tag,
    plain_paragraphs,
    squash,
)

if TYPE_CHECKING:
    from .fetch import Fetcher

Entry = tuple[str, "Article | Exception"]
HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")


def read_feed(
    data: bytes, name: str, url: str | None = None, fetcher: Fetcher | None = None
) -> Iterator[Entry]:
    import feedparser

    headers = {"content-location": url} if url else {}
    feed = feedparser.parse(data, response_headers=headers, sanitize_html=False)
    problem = feed.get("bozo_exception")
    if feed.get("bozo") and type(problem).__name__ not in HARMLESS:
        what = str(problem)
        if hasattr(problem, "getLineNumber"):
            what = (
                f"line {problem.getLineNumber()} column {problem.getColumnNumber()}: "
                f"{problem.getMessage()}"
            )
        raise ReaderError(name, f"malformed feed, {what}; nothing of it was published")
    if not feed.entries:
        raise ReaderError(name, "empty feed: it has no items")
    language = language_tag(feed.feed.get("language")) or "en"
    publisher = squash(feed.feed.get("title") or "") or None
    for i, item in enumerate(feed.entries, 1):
        link = item.get("link")
        item_name = f"{name} item {i}" + (f" ({link})" if link else "")
        try:
            yield item_name, _item(item, item_name, language, publisher, url, fetcher)
        except ReaderError as exc:
            yield item_name, exc


def _item(
    item, name: str, language: str, publisher: str | None, feed_url: str | None, fetcher
) -> Article:
    body = ""
    for content in sorted(item.get("content") or [], key=lambda c: -len(c.get("value") or "")):
        value = content.get("value") or ""
        html = "html" in (content.get("type") or "html")
        body = fragment_text(value) if html else plain_paragraphs(value)
        break
    link = item.get("link")
    if len(body) < MIN_BODY:
        if not link:
            raise ReaderError(name, "the item has no full text and links to no page")
        if fetcher is None or feed_url is None:
            raise ReaderError(
                name,
                "the item has only a summary; its page is fetched only when the feed is "
                "ingested by URL",
            )
        from .html import read_html

        page = fetcher.get(link)
        art = read_html(page.data, link, page.url)
        art.path = name  # reported as the feed's item, whose page it is
        return art
    stamp = item.get("published_parsed") or item.get("updated_parsed")
    if not stamp:
        raise ReaderError(name, "the item has no date (pubDate, published or updated)")
    when = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC)
    updated = dict.get(item, "updated_parsed")  # without feedparser's fallback to published
    modified = dt.datetime.fromtimestamp(calendar.timegm(updated), dt.UTC) if updated else None
    tags = [t.get("term") for t in item.get("tags") or [] if t.get("term")]
    summary = squash(fragment_text(item.get("summary") or "")) if item.get("summary") else ""
    return Article(
        path=name,
        date=when.date(),
        published=when.isoformat(),
        authors=authors_of([a for a in item.get("authors") or [] if a.get("name")])
        or authors_of(item.get("author")),
        body=body,
        publisher=publisher,
        headline=squash(item.get("title") or "") or derive_headline(body),
        language=language,
        paragraphs=paragraph_spans(body),
        identifier=link or item.get("id"),
        url=link if link and IRI_OK.match(link) else None,
        date_modified=modified.isoformat() if modified and modified != when else None,
        description=summary or None,
        section=tags[0] if tags else None,
        keywords=tags,
        source_format="feed",
    )
