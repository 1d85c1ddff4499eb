"""Counting the rows of an engine's SELECT result without parsing it, and cutting the one extra row.

The endpoint asks the engine for cap + 1 rows (see sparqltext.with_row_cap). Most answers are far
below the cap, and a byte count proves it: each format has a marker that occurs at least once per row
(the JSON row separator `},{`, a line end, `<result>`), so when the markers are fewer than cap + 1 the
answer is passed on untouched. Only an answer that may really hold cap + 1 rows is counted exactly,
and only a truncated one is rewritten (one row dropped): the rare, capped case pays, not every query.
"""

from __future__ import annotations

import csv
import io
import json


def truncate(body: bytes, media_type: str, cap: int) -> tuple[bytes, bool]:
    """(body with at most `cap` rows, whether a row was dropped)."""
    if media_type == "application/sparql-results+json":
        return _json(body, cap)
    if media_type == "application/sparql-results+xml":
        return _xml(body, cap)
    if media_type == "text/tab-separated-values":
        return _lines(body, cap, b"\n")
    if media_type == "text/csv":
        return _csv(body, cap)
    return body, False


def _json(body: bytes, cap: int) -> tuple[bytes, bool]:
    if (
        body.count(b"},{") + 1 <= cap
    ):  # an upper bound on the rows: separators (and look-alikes in literals)
        return body, False
    doc = json.loads(body)
    rows = doc.get("results", {}).get("bindings", [])
    if len(rows) <= cap:
        return body, False
    del rows[cap:]
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), True


def _xml(body: bytes, cap: int) -> tuple[bytes, bool]:
    # `<result>` cannot occur inside a literal (its `<` would be escaped), so the count is exact
    starts = body.count(b"<result>") + body.count(b"<result/>")
    if starts <= cap:
        return body, False
    pos = -1
    for _ in range(cap + 1):
        a, b = body.find(b"<result>", pos + 1), body.find(b"<result/>", pos + 1)
        pos = min(x for x in (a, b) if x != -1)
    end = body.rfind(b"</results>")
    return body[:pos] + body[end:], True


def _lines(body: bytes, cap: int, sep: bytes) -> tuple[bytes, bool]:
    # TSV escapes line breaks inside literals, so one line is one row (plus the header line)
    if body.count(sep) - 1 <= cap:
        return body, False
    pos = -1
    for _ in range(cap + 1):
        pos = body.find(sep, pos + 1)
    return body[: pos + 1], True


def _csv(body: bytes, cap: int) -> tuple[bytes, bool]:
    if body.count(b"\n") - 1 <= cap:  # quoted line breaks only add lines: an upper bound
        return body, False
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    if len(rows) - 1 <= cap:
        return body, False
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows[: cap + 1])
    return out.getvalue().encode("utf-8"), True
