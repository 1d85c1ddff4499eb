"""What every reader shares: the error type, dates, authors, languages and HTML fragments as text.

A reader's body must satisfy what extraction and the evidence shape rely on: paragraphs separated by one
blank line, whitespace inside a paragraph collapsed, nothing else touched. Then the same article read
from a page, a feed or a ninjs document has the same body as its text form, and the same facts.
"""

from __future__ import annotations

import datetime as dt
import re

from ..article import ArticleError, split_authors

# characters of main text below which a page is not an article (a teaser, a login form)
MIN_BODY = 200
IRI_OK = re.compile(r'^https?://[^\s<>"{}|\\^`]+$')  # an http(s) URL that is a valid IRI
BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "figcaption"}


class ReaderError(ArticleError):
    """A source that cannot be read as an article; one line, naming the source."""


def parse_date(value: object) -> tuple[dt.date, str] | None:
    """ISO date or date-time -> (the day, the value kg publishes); None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
        return day, day.isoformat()
    if len(text) <= 10:
        return stamp.date(), stamp.date().isoformat()
    return stamp.date(), stamp.isoformat()


def authors_of(value: object) -> list[str]:
    """Author names from a string ('A and B', 'A; B', 'By A'), a list, or JSON-LD Person objects."""
    if value is None:
        return []
    if isinstance(value, dict):
        value = value.get("name") or value.get("byline")
    if isinstance(value, list):
        return [n for v in value for n in authors_of(v)]
    if not isinstance(value, str):
        return []
    names = []
    for part in re.split(r"\s*;\s*", value.strip()):
        part = re.sub(r"^[Bb][Yy]\s+", "", part.strip())
        names += split_authors(part) if part else []
    return list(dict.fromkeys(names))


def language_tag(value: object) -> str | None:
    """'en_GB', 'EN-gb' -> 'en-GB'-like tags the article shape accepts; None when it is no tag."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    if not isinstance(value, str):
        return None
    parts = value.strip().replace("_", "-").split("-")
    if not re.fullmatch(r"[A-Za-z]{2,3}", parts[0]) or not all(
        re.fullmatch(r"[A-Za-z0-9]+", p) for p in parts[1:]
    ):
        return None
    return "-".join([parts[0].lower(), *parts[1:]])


def squash(text: str) -> str:
    return " ".join(text.split())


def plain_paragraphs(text: str) -> str:
    """Plain text -> the body form: paragraphs (split at blank lines) each on one line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(p for p in (squash(x) for x in re.split(r"\n\s*\n", text)) if p)


def fragment_text(markup: str) -> str:
    """An HTML fragment (a feed item's content, a ninjs body_html) -> the body form."""
    import lxml.html

    if not markup.strip():
        return ""
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    blocks = [el for el in root.iter() if isinstance(el.tag, str) and el.tag in BLOCKS]
    # a block inside another (a <p> in a <li>) is read with its parent
    inside = set(blocks)
    outer = [el for el in blocks if not any(a in inside for a in el.iterancestors())]
    if not outer:
        return plain_paragraphs(root.text_content())
    return "\n\n".join(p for p in (squash(el.text_content()) for el in outer) if p)
