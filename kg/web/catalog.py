"""What the front door and the paged lists show: counts, the latest articles, the most mentioned entities,
the publication timeline, and one sorted page of a kind.

Why from the search index: it already holds, per entity and article, the name, the number of articles and
(since schema 3) the first and last mention, kept fresh by one worker per instance. A page of a sorted
list is then an indexed SQLite read, never a GROUP BY over every mention in the store; the home page at
10,000 articles costs a few milliseconds. The little the index lacks (authors and main entities of the
latest articles, the most mentioned of the last weeks) comes from SPARQL through a `select` callable, and
is kept per worker until the index changes.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

Select = Callable[[str], list[dict]]
S = "http://schema.org/"
OA = "http://www.w3.org/ns/oa#"
KIND_CLASS = {"person": S + "Person", "organization": S + "Organization", "place": S + "Place"}
LIST_KINDS = {
    "articles": "article",
    "people": "person",
    "organizations": "organization",
    "places": "place",
}
SORTS = {  # sort name -> SQL ORDER BY (each column is indexed with the kind)
    "mentions": "mentions DESC, name",
    "name": "name COLLATE NOCASE, iri",
    "latest": "last DESC, name",
}
ARTICLE_SORTS = {
    "latest": "last DESC, name",
    "name": "name COLLATE NOCASE, iri",
    "mentions": "last DESC, name",
}
RECENT_DAYS = 30


@dataclass
class Row:
    iri: str
    kind: str
    name: str
    mentions: int
    first: str | None
    last: str | None


@dataclass
class Card:
    """One latest article as the home page shows it."""

    iri: str
    headline: str
    date: str | None
    authors: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)


_COLS = "iri, kind, name, mentions, first, COALESCE(last, date)"


def _row(r: tuple) -> Row:
    return Row(r[0], r[1], r[2], int(r[3] or 0), r[4], r[5])


def page_of(
    rows: Callable, kind: str, sort: str, page: int, per_page: int
) -> tuple[list[Row], int]:
    """One sorted page of a kind, and how many there are in all. `rows(sql, args)` reads the index."""
    order = (ARTICLE_SORTS if kind == "article" else SORTS)[sort]
    total = rows("SELECT COUNT(*) FROM doc WHERE kind = ?", (kind,))[0][0]
    got = rows(
        f"SELECT {_COLS} FROM doc WHERE kind = ? ORDER BY {order} LIMIT ? OFFSET ?",
        (kind, per_page, (page - 1) * per_page),
    )
    return [_row(r) for r in got], int(total)


def counts(rows: Callable) -> dict[str, int]:
    found = dict(rows("SELECT kind, COUNT(*) FROM doc GROUP BY kind"))
    return {k: int(found.get(k, 0)) for k in ("article", "person", "organization", "place")}


def timeline(rows: Callable) -> list[tuple[str, int]]:
    """Articles per month, every month from the first to the last (empty months as 0)."""
    found = dict(
        rows(
            "SELECT substr(date, 1, 7), COUNT(*) FROM doc WHERE kind = 'article' AND date IS NOT NULL "
            "GROUP BY 1 ORDER BY 1"
        )
    )
    if not found:
        return []
    months = sorted(found)
    out, (y, m) = [], map(int, months[0].split("-"))
    last = tuple(map(int, months[-1].split("-")))
    while (y, m) <= last:
        key = f"{y:04d}-{m:02d}"
        out.append((key, int(found.get(key, 0))))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def top(rows: Callable, kind: str, limit: int) -> list[Row]:
    got = rows(
        f"SELECT {_COLS} FROM doc WHERE kind = ? AND mentions > 0 ORDER BY mentions DESC, name LIMIT ?",
        (kind, limit),
    )
    return [_row(r) for r in got]


def by_iri(rows: Callable, iris: list[str]) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for i in range(0, len(iris), 500):
        chunk = iris[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for r in rows(f"SELECT {_COLS} FROM doc WHERE iri IN ({marks})", tuple(chunk)):
            out[r[0]] = _row(r)
    return out


def latest_cards(rows: Callable, select: Select, limit: int = 10) -> list[Card]:
    """The newest articles with their authors and main entities (the most often marked in the text)."""
    arts = rows(
        "SELECT iri, name, date FROM doc WHERE kind = 'article' ORDER BY last DESC, name LIMIT ?",
        (limit,),
    )
    cards = {a[0]: Card(a[0], a[1], a[2]) for a in arts}
    if not cards:
        return []
    fv = "VALUES ?a { " + " ".join(f"<{a}>" for a in cards) + " }"
    # VALUES in each branch, no OPTIONAL: the engine then looks up these ten articles by index instead of
    # joining against every annotation in the store (seconds at 10,000 articles)
    found = select(
        f"SELECT ?a ?rel ?x WHERE {{ {{ {fv} ?a <{S}author> ?x BIND('author' AS ?rel) }} UNION "
        f"{{ {fv} ?a <{S}mentions> ?x BIND('mention' AS ?rel) }} UNION "
        f"{{ {fv} ?t <{OA}hasSource> ?a . ?ann <{OA}hasTarget> ?t ; <{OA}hasBody> ?x ; "
        f"<{OA}motivatedBy> <{OA}identifying> BIND('mark' AS ?rel) }} }}"
    )
    marks: dict[tuple[str, str], int] = {}
    for r in found:
        if r["rel"]["value"] == "mark":
            key = (r["a"]["value"], r["x"]["value"])
            marks[key] = marks.get(key, 0) + 1
    rank: dict[str, list[tuple[int, str, str]]] = {}
    for r in found:
        a, rel, x = r["a"]["value"], r["rel"]["value"], r["x"]["value"]
        if rel != "mark":
            rank.setdefault(a, []).append((-marks.get((a, x), 0), rel, x))
    names = by_iri(rows, sorted({x for v in rank.values() for _, _, x in v}))
    for a, items in rank.items():
        card = cards[a]
        for _n, rel, x in sorted(items):
            if x in names:
                (card.authors if rel == "author" else card.entities).append(names[x])
        card.entities = [e for e in card.entities if e not in card.authors][:5]
    return list(cards.values())


def recent_top(
    rows: Callable, select: Select, latest: str | None, limit: int = 8
) -> dict[str, list[Row]]:
    """The most mentioned of each kind in the RECENT_DAYS before the newest article."""
    if not latest:
        return {}
    try:
        cutoff = (dt.date.fromisoformat(latest[:10]) - dt.timedelta(days=RECENT_DAYS)).isoformat()
    except ValueError:
        return {}
    # the kind of each entity comes from the index: no type join in the engine
    found = select(
        f"SELECT ?e (COUNT(?a) AS ?n) WHERE {{ ?a <{S}datePublished> ?d FILTER(STR(?d) >= '{cutoff}') "
        f"?a <{S}mentions> ?e }} GROUP BY ?e ORDER BY DESC(?n) LIMIT {limit * 40}"
    )
    counted = {r["e"]["value"]: int(r["n"]["value"]) for r in found}
    out: dict[str, list[Row]] = {}
    for iri, row in by_iri(rows, list(counted)).items():
        if row.kind in KIND_CLASS:
            out.setdefault(row.kind, []).append(
                Row(row.iri, row.kind, row.name, counted[iri], row.first, row.last)
            )
    return {k: sorted(v, key=lambda r: (-r.mentions, r.name))[:limit] for k, v in out.items()}


@dataclass
class Front:
    counts: dict[str, int]
    latest: list[Card]
    top: dict[str, list[Row]]
    recent: dict[str, list[Row]]
    timeline: list[tuple[str, int]]
    cutoff_days: int = RECENT_DAYS


_front: dict[str, Front] = {}
_front_lock = threading.Lock()


def front(rows: Callable, select: Select) -> Front:
    """Everything the home page shows, recomputed when the index was rebuilt (its fingerprint and build
    time are the key), so the home page follows the index's freshness and costs a lookup in between."""
    key = "|".join(str(v) for (v,) in rows("SELECT value FROM meta ORDER BY key"))
    hit = _front.get(key)
    if hit is not None:
        return hit
    with _front_lock:
        hit = _front.get(key)
        if hit is not None:
            return hit
        latest = latest_cards(rows, select)
        f = Front(
            counts=counts(rows),
            latest=latest,
            top={k: top(rows, k, 8) for k in KIND_CLASS},
            recent=recent_top(rows, select, latest[0].date if latest else None),
            timeline=timeline(rows),
        )
        _front.clear()
        _front[key] = f
        return f


def mentioning(select: Select, iris: list[str], page: int, per_page: int) -> tuple[list[Row], int]:
    """The articles that mention all of `iris` (checked IRIs), newest first: the links behind a co-mention."""
    where = " ".join(f"?a <{S}mentions> <{i}> ." for i in iris)
    rows = select(
        f"SELECT ?a ?h ?d ?n WHERE {{ {{ SELECT (COUNT(*) AS ?n) WHERE {{ {where} }} }} "
        f"OPTIONAL {{ SELECT ?a ?h ?d WHERE {{ {where} ?a <{S}headline> ?h ; <{S}datePublished> ?d }} "
        f"ORDER BY DESC(?d) ?a LIMIT {per_page} OFFSET {(page - 1) * per_page} }} }}"
    )
    total = int(rows[0]["n"]["value"]) if rows else 0
    out = [
        Row(r["a"]["value"], "article", r["h"]["value"], 0, None, r["d"]["value"])
        for r in rows
        if "a" in r
    ]
    return out, total
