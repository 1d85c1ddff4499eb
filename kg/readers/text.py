"""kg's own text format (CONTRACT.md §4): the reader is kg/article.py; this names it among the others."""

from __future__ import annotations

from ..article import Article, parse_article


def read_text(data: bytes, name: str) -> Article:
    return parse_article(data, name)
