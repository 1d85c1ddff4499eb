"""Policing a query before the engine sees it: its form, federation and LOAD, and the row cap.

Built on the tokenizer of kg/sparql_tokens.py (why a tokenizer and not a regex is said there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..sparql_tokens import Token, tokens

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Analysis:
    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE (None for updates or garbage)
    uses_service: bool
    uses_load: bool
    toks: tuple[Token, ...]


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def analyze(text: str) -> Analysis:
    toks = tokens(text)
    form = next((t.keyword for t in toks if t.keyword in FORMS), None)
    keywords = {t.keyword for t in toks if t.kind == "word"}
    if "\\u" in text or "\\U" in text:
        # SPARQL decodes \u escapes before parsing, so `\u0053ERVICE` is SERVICE to a faithful engine
        decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
        keywords |= {t.keyword for t in tokens(decoded) if t.kind == "word"}
    return Analysis(form, "SERVICE" in keywords, "LOAD" in keywords, tuple(toks))


def with_row_cap(text: str, analysis: Analysis, cap: int) -> tuple[str, bool]:
    """The query with its outermost LIMIT at most cap + 1, and whether the cap can bite.

    Asking the engine for one row more than the cap is how the endpoint learns, without a second
    query, that a result was cut: cap + 1 rows back means "truncated", and the extra row is dropped.
    """
    depth = 0
    limit_tok: Token | None = None
    values_at: int | None = None
    toks = analysis.toks
    for i, t in enumerate(toks):
        if t.text == "{" and t.kind == "punct":
            depth += 1
        elif t.text == "}" and t.kind == "punct":
            depth -= 1
        elif (
            depth == 0
            and t.keyword == "LIMIT"
            and i + 1 < len(toks)
            and toks[i + 1].kind == "number"
        ):
            limit_tok = toks[i + 1]
        elif (
            depth == 0
            and t.keyword == "VALUES"
            and values_at is None
            and any(x.text == "}" for x in toks[:i])
        ):
            values_at = t.start
    if depth != 0:
        return text, False  # unbalanced: the engine will say where
    if limit_tok is not None:
        try:
            n = int(limit_tok.text)
        except ValueError:
            return text, False
        if n <= cap:
            return text, False
        return text[: limit_tok.start] + str(cap + 1) + text[limit_tok.end :], True
    clause = f"\nLIMIT {cap + 1}\n"
    if values_at is not None:
        return text[:values_at] + clause + text[values_at:], True
    return text + clause, True
