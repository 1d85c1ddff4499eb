"""What an entity page says first, for readers: a summary (first and last mention, number of articles),
roles merged across articles, the entities most often mentioned with it, and the dates its timeline needs.

Why apart from the describer: the describer gives the triples of one page of the description (what the
data documents hold); a reader wants the same roles said by twenty articles as one line "according to 20
articles". One round trip of bounded parts, through a `select` callable like the describer's. The
co-mentions are counted over CO_WINDOW of the entity's articles, so an entity in 10,000 articles costs what
one in CO_WINDOW does (the page says so when the window is full); past TICK_LIMIT articles the timeline draws
no tick per article (the list of its articles is a link away).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .describe import iri_ok

Select = Callable[[str], list[dict]]
S = "http://schema.org/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
KG = "https://w3id.org/kg-news/ontology#"
ROLE_LIMIT = 2000
CO_WINDOW = 500
CO_LIMIT = 12
PAIR_WINDOW = 200  # the second hop, among the co-mentioned, is counted over fewer articles
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


def _window(e: str, size: int = CO_WINDOW) -> str:
    """CO_WINDOW articles that mention e, in the engine's index order: no ORDER BY, which would sort every
    article of an entity in 10,000 of them (a quarter of a second) to count its neighbours."""
    return f"{{ SELECT ?a WHERE {{ ?a <{S}mentions> {e} }} LIMIT {size} }}"


def load(
    select: Select, iri: str, kind: str, known: tuple[int, str | None, str | None] | None = None
) -> Profile:
    """`known`: (articles, first, last) when the caller has them (the search index does); else counted here."""
    e = f"<{iri}>"
    parts = [
        f"{{ SELECT ('co' AS ?sec) ?x (COUNT(?a) AS ?n) WHERE {{ {_window(e)} ?a <{S}mentions> ?x "
        f"FILTER(?x != {e}) }} GROUP BY ?x ORDER BY DESC(?n) LIMIT {CO_LIMIT} }}",
        f"{{ SELECT ('pair' AS ?sec) ?a ?x WHERE {{ {_window(e, PAIR_WINDOW)} ?a <{S}mentions> ?x }} }}",
        f"{{ SELECT ('holds' AS ?sec) ?r ?a WHERE {{ {e} <{S}memberOf> ?r . ?r a <{S}OrganizationRole> ; "
        f"<{PROV}> ?a }} LIMIT {ROLE_LIMIT + 1} }}",
    ]
    if known is None:
        parts.append(
            f"{{ SELECT ('sum' AS ?sec) (COUNT(?a) AS ?n) (MIN(?d) AS ?first) (MAX(?d) AS ?last) "
            f"WHERE {{ ?a <{S}mentions> {e} ; <{S}datePublished> ?d }} }}"
        )
    if known is None or known[0] <= TICK_LIMIT:
        parts.append(
            f"{{ SELECT ('tick' AS ?sec) ?a ?d WHERE {{ ?a <{S}mentions> {e} ; <{S}datePublished> ?d }} "
            f"LIMIT {TICK_LIMIT + 1} }}"
        )
    if kind == "organization":
        parts.append(
            f"{{ SELECT ('in' AS ?sec) ?r ?a ?x WHERE {{ ?r <{S}memberOf> {e} ; a <{S}OrganizationRole> ; "
            f"<{PROV}> ?a . ?x <{S}memberOf> ?r }} LIMIT {ROLE_LIMIT + 1} }}"
        )
    p = Profile()
    if known is not None:
        p.articles, p.first, p.last = known
    instances: list[tuple[str, str, str, str | None]] = []  # side, role node, article, holder
    window: list[tuple[str, str]] = []  # (article, entity) in PAIR_WINDOW of e's articles
    for r in select("SELECT * WHERE { " + " UNION ".join(parts) + " }"):
        sec = r["sec"]["value"]
        if sec == "sum":
            p.articles, p.first, p.last = int(r["n"]["value"]), _v(r, "first"), _v(r, "last")
        elif sec == "co":
            p.co.append(CoMention(r["x"]["value"], int(r["n"]["value"])))  # ties: ordered below
        elif sec == "tick":
            p.ticks.append((r["d"]["value"], r["a"]["value"]))
        elif sec == "pair":
            window.append((r["a"]["value"], r["x"]["value"]))
        else:
            instances.append((sec, r["r"]["value"], r["a"]["value"], _v(r, "x")))
    p.ticks = sorted(p.ticks, reverse=True) if len(p.ticks) <= TICK_LIMIT else []
    p.co.sort(key=lambda c: (-c.n, c.iri))  # the engine sorts IRIs slowly: ties are broken here
    p.roles_capped = sum(1 for i in instances if i[0] == "holds") > ROLE_LIMIT or (
        sum(1 for i in instances if i[0] == "in") > ROLE_LIMIT
    )
    p.co_window_full = p.articles > CO_WINDOW
    if instances:
        _merge_roles(select, p, instances)
    p.pairs = _pairs(window, {c.iri for c in p.co})
    return p


def _merge_roles(
    select: Select, p: Profile, instances: list[tuple[str, str, str, str | None]]
) -> None:
    """Phase two, by VALUES (index lookups; an OPTIONAL here made the engine join every annotation in the
    store): each role node's name, organization and 'former', its evidence, and its article's date."""
    roles = sorted({r for _, r, _, _ in instances})
    arts = sorted({a for _, _, a, _ in instances})
    rv = "VALUES ?r { " + " ".join(f"<{r}>" for r in roles) + " }"
    av = "VALUES ?a { " + " ".join(f"<{a}>" for a in arts) + " }"
    parts = [
        f"{{ {rv} ?r ?p ?o FILTER(?p IN (<{S}roleName>, <{S}memberOf>, <{KG}former>)) BIND('rp' AS ?sec) }}",
        f"{{ {rv} ?ann <{OA}hasBody> ?r ; <{OA}hasTarget> ?t . ?t <{OA}hasSelector> ?sel . "
        f"?sel <{OA}exact> ?exact ; <{OA}start> ?st ; <{OA}end> ?en BIND('ev' AS ?sec) }}",
        f"{{ {av} ?a <{S}datePublished> ?d BIND('date' AS ?sec) }}",
    ]
    props: dict[str, dict[str, str]] = {}
    evidence: dict[str, tuple[str, int, int]] = {}
    dates: dict[str, str] = {}
    for r in select("SELECT * WHERE { " + " UNION ".join(parts) + " }"):
        sec = r["sec"]["value"]
        if sec == "rp":
            props.setdefault(r["r"]["value"], {})[r["p"]["value"]] = r["o"]["value"]
        elif sec == "ev":
            evidence[r["r"]["value"]] = (
                r["exact"]["value"],
                int(r["st"]["value"]),
                int(r["en"]["value"]),
            )
        else:
            dates[r["a"]["value"]] = r["d"]["value"]
    lines: dict[tuple, RoleLine] = {}
    for side, role, art, holder in instances:
        pr = props.get(role, {})
        other = pr.get(S + "memberOf") if side == "holds" else holder
        former = pr.get(KG + "former") in ("true", "1")
        key = (side, (pr.get(S + "roleName") or "member").strip(), other, former)
        line = lines.get(key)
        if line is None:
            line = lines[key] = RoleLine(key[1], other, former)
            (p.roles if side == "holds" else p.members).append(line)
        ev = evidence.get(role)
        if all(s.article != art or s.start != (ev[1] if ev else None) for s in line.sources):
            line.sources.append(Source(art, dates.get(art), *(ev if ev else (None, None, None))))
    for line in p.roles + p.members:
        line.sources.sort(key=lambda s: (s.date or "", s.article), reverse=True)
    order = lambda line: (-line.articles, line.name, line.other or "")  # noqa: E731
    p.roles.sort(key=order)
    p.members.sort(key=order)


def _pairs(window: list[tuple[str, str]], shown: set[str]) -> list[tuple[str, str, int]]:
    """The second hop: how often two of the co-mentioned appear together, in PAIR_WINDOW of e's articles.
    Counted here from (article, entity) rows: VALUES over the co-mentioned made the engine walk every
    article of each (thousands for a country), and pairing in SPARQL was slower still."""
    by_article: dict[str, set[str]] = {}
    for a, x in window:
        if x in shown:
            by_article.setdefault(a, set()).add(x)
    counts: dict[tuple[str, str], int] = {}
    for xs in by_article.values():
        ordered = sorted(xs)
        for i, x in enumerate(ordered):
            for y in ordered[i + 1 :]:
                counts[(x, y)] = counts.get((x, y), 0) + 1
    return [(x, y, n) for (x, y), n in sorted(counts.items())]


def names(select: Select, iris: set[str]) -> dict[str, tuple[str, str | None]]:
    """(name or headline, date published) of each IRI that has one: VALUES lookups, as the describer's."""
    iris = {i for i in iris if iri_ok(i)}
    out: dict[str, tuple[str, str | None]] = {}
    todo = sorted(iris)
    for i in range(0, len(todo), 1000):
        values = " ".join(f"<{x}>" for x in todo[i : i + 1000])
        rows = select(
            f"SELECT ?x ?lp ?l WHERE {{ VALUES ?x {{ {values} }} ?x ?lp ?l "
            f"FILTER(?lp IN (<{S}name>, <{S}headline>, <{S}datePublished>)) }}"
        )
        found: dict[str, dict[str, str]] = {}
        for r in rows:
            found.setdefault(r["x"]["value"], {}).setdefault(r["lp"]["value"], r["l"]["value"])
        for x, props in found.items():
            label = props.get(S + "name") or props.get(S + "headline")
            if label is not None:
                out[x] = (label, props.get(S + "datePublished"))
    return out
