"""Readers: news where it lives (kg's text format, HTML pages, RSS/Atom feeds, IPTC ninjs, facts
documents), by file or by URL, each turned into the Article that extraction takes.

The reader is picked from the content (sniff), the file name only breaking a tie, so that a page saved
as .txt or a feed served as text/plain is still read for what it is.

    from kg.readers import read_source, read_bytes
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..article import Article
from ..facts import FactsDocument, parse_facts
from .common import ReaderError
from .fetch import Fetcher, is_url

__all__ = ["Entry", "Fetcher", "ReaderError", "is_url", "read_bytes", "read_source", "sniff"]

Entry = tuple[str, "Article | FactsDocument | Exception"]
SUFFIX_KIND = {
    ".txt": "text",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
FEED_ROOTS = ("rss", "feed", "rdf:rdf", "rdf")
TEXT_HEADER = re.compile(rb"^\s*date\s+\d")
ROOT_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)")


def sniff(data: bytes, name: str = "") -> str | None:
    """'text', 'html', 'feed', 'json' (a facts or ninjs document) or None, from the first bytes."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "json"
    if TEXT_HEADER.match(head):
        return "text"
    if head.startswith(b"<"):
        low = head.lower()
        tag = (_root(head) or "").lower()
        if tag in FEED_ROOTS:
            return "feed"
        if tag in ("html", "head", "body") or low.startswith(b"<!doctype html") or b"<html" in low:
            return "html"
        return None
    return SUFFIX_KIND.get(Path(name).suffix.lower()) if name else None


def _root(data: bytes) -> str | None:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>", b"", head, flags=re.S | re.I)
    root = ROOT_TAG.search(body)
    return root.group(1).decode("ascii", "replace") if root else None


def read_bytes(
    data: bytes,
    name: str,
    url: str | None = None,
    fetcher: Fetcher | None = None,
    kind: str | None = None,
) -> Iterator[Entry]:
    """Every article in one source (a feed holds many); a source that cannot be read yields its error."""
    kind = kind or sniff(data, name) or SUFFIX_KIND.get(Path(name).suffix.lower())
    if kind == "feed" and sniff(data) is None and (tag := _root(data)):  # named .xml, not a feed
        yield (
            name,
            ReaderError(
                name,
                f"XML whose root element is <{tag}>: neither an RSS/Atom feed nor an HTML page",
            ),
        )
        return
    try:
        if kind == "html":
            from .html import read_html

            yield name, read_html(data, name, url)
        elif kind == "feed":
            from .feed import read_feed

            yield from read_feed(data, name, url, fetcher)
        elif kind == "json":
            yield name, _json(data, name)
        elif kind == "text" or not url:
            from .text import read_text

            yield name, read_text(data, name)
        else:
            raise ReaderError(name, "neither an HTML page, a feed, a ninjs or facts document")
    except (ReaderError, ValueError) as exc:
        yield name, exc
    except Exception as exc:  # a library's surprise at hostile bytes stops this source, not the run
        yield name, ReaderError(name, f"cannot be read as {kind}: {type(exc).__name__}: {exc}")


def _kind_of_type(content_type: str) -> str | None:
    """The server's word, when the bytes did not say: the tie-break a file name is for files."""
    media = content_type.split(";")[0].strip().lower()
    if "html" in media:
        return "html"
    if media.endswith(("rss+xml", "atom+xml", "/xml")):
        return "feed"
    if media.endswith("json"):
        return "json"
    return "text" if media == "text/plain" else None


def _json(data: bytes, name: str) -> Article | FactsDocument:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return parse_facts(data, name)  # its error names the line and column
    from .ninjs import is_ninjs, read_ninjs

    if is_ninjs(doc):
        return read_ninjs(doc, name)
    return parse_facts(data, name)


def read_source(source: str | Path, fetcher: Fetcher | None = None) -> Iterator[Entry]:
    """A file, or a URL fetched with `fetcher` (the only way kg goes out to the network)."""
    if isinstance(source, str) and is_url(source):
        if fetcher is None:
            yield source, ReaderError(source, "URLs are not fetched here")
            return
        try:
            got = fetcher.get(source)
        except ReaderError as exc:
            yield source, exc
            return
        kind = sniff(got.data, source) or _kind_of_type(got.content_type)
        yield from read_bytes(got.data, source, got.url, fetcher, kind)
        return
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield str(path), ReaderError(path, f"cannot read file: {exc.strerror}")
        return
    yield from read_bytes(data, str(path))
