"""Reading articles in the input format of CONTRACT.md §5.

The body is kept exactly as it is in the file (after the header and blank line, without the publisher
line): evidence offsets index into it, so nothing here may normalise its characters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

HEADER_RE = re.compile(r"^\s*date\s+(?P<date>\S+)\s+Written by\s+(?P<authors>.+?)\s*$")
PUBLISHER_RE = re.compile(r"^This article originally appeared in (?P<publisher>.+?)\.?\s*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_HEADLINE = 110


class ArticleError(ValueError):
    """A problem with an input file, worded for the person who wrote it."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass
class Article:
    path: str
    date: dt.date
    authors: list[str]
    body: str
    publisher: str | None = None
    headline: str = ""
    language: str = "en"
    paragraphs: list[tuple[int, int]] = field(
        default_factory=list
    )  # (start, end) offsets into body
    # What a source says about itself (kg/readers): none of it is guessed, and all of it is optional.
    identifier: str | None = (
        None  # the source's identity (canonical URL, ninjs uri): the article's key
    )
    url: str | None = None  # canonical http(s) URL -> schema:url
    published: str | None = None  # datePublished with its time, when the source gives one
    date_modified: str | None = None
    description: str | None = None
    image: str | None = None
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    located: str | None = (
        None  # a ninjs dateline place; read, not published (no property for it yet)
    )
    source_format: str = "text"


def split_authors(raw: str) -> list[str]:
    """'A and B', 'A, B and C', 'A, B, and C' -> names, in order."""
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", raw.strip())
    return [p.strip() for p in parts if p.strip()]


def derive_headline(body: str) -> str:
    """The lead's first sentence, cut at a word boundary to at most 110 characters."""
    lead = body.strip().split("\n", 1)[0].strip()
    match = re.search(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"])", lead)
    sentence = lead[: match.start()].strip() if match else lead
    sentence = sentence.rstrip()
    if len(sentence) <= MAX_HEADLINE:
        return sentence
    cut = sentence[: MAX_HEADLINE - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", body):
        text = m.group(0)
        stripped_end = m.start() + len(text.rstrip())
        if stripped_end > m.start():
            spans.append((m.start(), stripped_end))
    return spans


def parse_article(data: bytes, path: str | Path = "<input>") -> Article:
    """Parse an article from raw bytes; raises ArticleError with the file and line on bad input."""
    if b"\x00" in data:
        raise ArticleError(path, "binary file (contains NUL bytes), expected a UTF-8 text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not text.strip():
        raise ArticleError(
            path, "empty file, expected a header line ' date YYYY-MM-DD Written by NAME'", 1
        )
    header = lines[0]
    m = HEADER_RE.match(header)
    if not m:
        shown = header if len(header) <= 60 else header[:57] + "..."
        raise ArticleError(
            path,
            f"garbled header {shown!r}: expected ' date YYYY-MM-DD Written by NAME[, NAME] [and NAME]'",
            1,
        )
    raw_date = m.group("date")
    if not DATE_RE.match(raw_date):
        raise ArticleError(path, f"date {raw_date!r} is not in the form YYYY-MM-DD", 1)
    try:
        date = dt.date.fromisoformat(raw_date)
    except ValueError as exc:
        raise ArticleError(path, f"impossible date {raw_date!r}: {exc}", 1) from None
    authors = split_authors(m.group("authors"))
    if not authors:
        raise ArticleError(path, "no author after 'Written by'", 1)

    rest = lines[1:]
    if rest and rest[0].strip():
        raise ArticleError(path, "expected a blank line after the header", 2)
    # Strip the optional publisher line (the last non-blank line).
    publisher = None
    last = len(rest) - 1
    while last >= 0 and not rest[last].strip():
        last -= 1
    if last >= 0:
        pm = PUBLISHER_RE.match(rest[last].strip())
        if pm:
            publisher = pm.group("publisher").strip()
            rest = rest[:last]
    body_text = "\n".join(rest)
    # Drop the blank lines between header and body, and trailing whitespace; keep the inside exactly.
    leading = len(body_text) - len(body_text.lstrip("\n"))
    body = body_text[leading:].rstrip()
    if not body.strip():
        raise ArticleError(path, "empty body: the header is followed by no paragraphs", 2)
    return Article(
        path=str(path),
        date=date,
        authors=authors,
        body=body,
        publisher=publisher,
        headline=derive_headline(body),
        paragraphs=paragraph_spans(body),
    )


def read_article(path: str | Path) -> Article:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ArticleError(p, f"cannot read file: {exc.strerror}") from None
    return parse_article(data, p)
