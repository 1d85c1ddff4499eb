"""What an entity page says first, for readers: a summary (first and last mention, number of articles),
roles merged across articles, the entities most often mentioned with it, and the dates its timeline needs.

Why apart from the describer: the describer gives the triples of one page of the description (what the
data documents hold); a reader wants the same roles said by twenty articles as one line "according to 20
articles". One round trip of bounded parts, through a `select` callable like the describer's. The
co-mentions are counted over the entity's latest CO_WINDOW articles, so an entity in 10,000 articles
costs what one in CO_WINDOW does (the page says so when the window is full).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Select = Callable[[str], list[dict]]
S = "http://schema.org/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
KG = "https://w3id.org/kg-news/ontology#"
ROLE_LIMIT = 2000
CO_WINDOW = 1000
CO_LIMIT = 12
TICK_LIMIT = 300


@dataclass
class Source:
    article: str
    date: str | None
    exact: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class RoleLine:
    """One role as all the articles that state it say it: 'prime minister, Pakistan' from 2022 to 2024."""

    name: str
    other: str | None  # the organization (on a person's page) or the holder (on an organization's)
    former: bool
    sources: list[Source] = field(default_factory=list)

    @property
    def first(self) -> str | None:
        return min((s.date for s in self.sources if s.date), default=None)

    @property
    def last(self) -> str | None:
        return max((s.date for s in self.sources if s.date), default=None)

    @property
    def articles(self) -> int:
        return len({s.article for s in self.sources})


@dataclass
class CoMention:
    iri: str
    n: int


@dataclass
class Profile:
    articles: int = 0
    first: str | None = None
    last: str | None = None
    roles: list[RoleLine] = field(default_factory=list)  # roles the entity holds
    members: list[RoleLine] = field(default_factory=list)  # roles held in it (organizations)
    roles_capped: bool = False
    co: list[CoMention] = field(default_factory=list)
    co_window_full: bool = False
    ticks: list[tuple[str, str]] = field(default_factory=list)  # (date, article), newest first
    pairs: list[tuple[str, str, int]] = field(
        default_factory=list
    )  # co-mentions among the co-mentioned

    def iris(self) -> set[str]:
        """Everything the page names, for the label lookup."""
        out = {c.iri for c in self.co} | {a for _, a in self.ticks}
        for line in self.roles + self.members:
            out.update(s.article for s in line.sources)
            if line.other:
                out.add(line.other)
        return out


def _v(r: dict, k: str) -> str | None:
    return r[k]["value"] if k in r else None


def _latest(e: str) -> str:
    return (
        f"{{ SELECT ?a WHERE {{ ?a <{S}mentions> {e} ; <{S}datePublished> ?ad }} "
        f"ORDER BY DESC(?ad) LIMIT {CO_WINDOW} }}"
    )


def _role_part(e: str, side: str) -> str:
    """Role instances with their article, date and evidence; `side` holds (e is the holder) or in (e the
    organization)."""
    who = (
        f"{e} <{S}memberOf> ?r . ?r a <{S}OrganizationRole> OPTIONAL {{ ?r <{S}memberOf> ?x }}"
        if side == "holds"
        else f"?r <{S}memberOf> {e} ; a <{S}OrganizationRole> . ?x <{S}memberOf> ?r"
    )
    return (
        f"{{ SELECT ('{side}' AS ?sec) ?r ?x ?rn ?former ?a ?d ?exact ?st ?en WHERE {{ {who} "
        f". ?r <{PROV}> ?a . OPTIONAL {{ ?a <{S}datePublished> ?d }} OPTIONAL {{ ?r <{S}roleName> ?rn }} "
        f"OPTIONAL {{ ?r <{KG}former> ?former }} OPTIONAL {{ ?ann <{OA}hasBody> ?r ; <{OA}hasTarget> ?t . "
        f"?t <{OA}hasSelector> ?sel . ?sel <{OA}exact> ?exact ; <{OA}start> ?st ; <{OA}end> ?en }} }} "
        f"LIMIT {ROLE_LIMIT + 1} }}"
    )


def load(select: Select, iri: str, kind: str) -> Profile:
    e = f"<{iri}>"
    parts = [
        f"{{ SELECT ('sum' AS ?sec) (COUNT(?a) AS ?n) (MIN(?d) AS ?first) (MAX(?d) AS ?last) "
        f"WHERE {{ ?a <{S}mentions> {e} ; <{S}datePublished> ?d }} }}",
        f"{{ SELECT ('co' AS ?sec) ?x (COUNT(?a) AS ?n) WHERE {{ {_latest(e)} ?a <{S}mentions> ?x "
        f"FILTER(?x != {e}) }} GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT {CO_LIMIT} }}",
        f"{{ SELECT ('tick' AS ?sec) ?a ?d WHERE {{ ?a <{S}mentions> {e} ; <{S}datePublished> ?d }} "
        f"ORDER BY DESC(?d) LIMIT {TICK_LIMIT} }}",
        _role_part(e, "holds"),
    ]
    if kind == "organization":
        parts.append(_role_part(e, "in"))
    p = Profile()
    lines: dict[tuple, RoleLine] = {}
    seen: set[tuple] = set()
    n_roles = {"holds": 0, "in": 0}
    for r in select("SELECT * WHERE { " + " UNION ".join(parts) + " }"):
        sec = r["sec"]["value"]
        if sec == "sum":
            p.articles, p.first, p.last = int(r["n"]["value"]), _v(r, "first"), _v(r, "last")
        elif sec == "co":
            p.co.append(CoMention(r["x"]["value"], int(r["n"]["value"])))
        elif sec == "tick":
            p.ticks.append((r["d"]["value"], r["a"]["value"]))
        else:
            n_roles[sec] += 1
            former = _v(r, "former") in ("true", "1")
            key = (sec, (_v(r, "rn") or "member").strip(), _v(r, "x"), former)
            line = lines.get(key)
            if line is None:
                line = lines[key] = RoleLine(key[1], key[2], former)
                (p.roles if sec == "holds" else p.members).append(line)
            src = (r["r"]["value"], r["a"]["value"], _v(r, "st"))
            if src not in seen:
                seen.add(src)
                st, en = _v(r, "st"), _v(r, "en")
                line.sources.append(
                    Source(
                        r["a"]["value"],
                        _v(r, "d"),
                        _v(r, "exact"),
                        int(st) if st else None,
                        int(en) if en else None,
                    )
                )
    p.roles_capped = max(n_roles.values()) > ROLE_LIMIT
    p.co_window_full = p.articles > CO_WINDOW
    for line in p.roles + p.members:
        line.sources.sort(key=lambda s: (s.date or "", s.article), reverse=True)
    order = lambda line: (-line.articles, line.name, line.other or "")  # noqa: E731
    p.roles.sort(key=order)
    p.members.sort(key=order)
    if p.co:
        p.pairs = _pairs(select, e, [c.iri for c in p.co])
    return p


def _pairs(select: Select, e: str, others: list[str]) -> list[tuple[str, str, int]]:
    """The second hop: how often two of the co-mentioned appear together, in the same window of articles."""
    values = " ".join(f"<{o}>" for o in others)
    rows = select(
        f"SELECT ?x ?y (COUNT(?a) AS ?n) WHERE {{ {_latest(e)} VALUES ?x {{ {values} }} "
        f"VALUES ?y {{ {values} }} ?a <{S}mentions> ?x, ?y FILTER(STR(?x) < STR(?y)) }} GROUP BY ?x ?y"
    )
    return [(r["x"]["value"], r["y"]["value"], int(r["n"]["value"])) for r in rows]


def names(select: Select, iris: set[str]) -> dict[str, tuple[str, str | None]]:
    """(name or headline, date published) of each IRI that has one: VALUES lookups, as the describer's."""
    iris = {i for i in iris if i.startswith(("http://", "https://")) and ">" not in i}
    out: dict[str, tuple[str, str | None]] = {}
    todo = sorted(iris)
    for i in range(0, len(todo), 1000):
        values = " ".join(f"<{x}>" for x in todo[i : i + 1000])
        rows = select(
            f"SELECT ?x ?l ?d WHERE {{ VALUES ?x {{ {values} }} "
            f"{{ ?x <{S}name> ?l }} UNION {{ ?x <{S}headline> ?l OPTIONAL {{ ?x <{S}datePublished> ?d }} }} }}"
        )
        for r in rows:
            x = r["x"]["value"]
            if x not in out or (out[x][0] > r["l"]["value"]):
                out[x] = (r["l"]["value"], _v(r, "d"))
    return out
