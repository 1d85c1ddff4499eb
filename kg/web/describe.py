"""What a page or data document says about one resource: a bounded description built from a few SELECTs.

Why SELECTs and not DESCRIBE: the page needs labels of everything linked, incoming links grouped and
paged, and each fact with its evidence. Every query here is bounded (LIMIT, VALUES over one page of
facts), so an entity mentioned in 100,000 articles costs what one page of it shows. The HTML page and
the RDF documents are both rendered from the same `Description`, so they always hold the same triples.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from pyoxigraph import NamedNode

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
S = "http://schema.org/"
OA = "http://www.w3.org/ns/oa#"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
# What a linked thing is called, in order of preference (a claim is called by its text).
LABEL_PROPS = [RDFS_LABEL, S + "name", S + "headline", S + "roleName", S + "text"]
PAGE_SIZE = 50
OUT_LIMIT = 2000
COUNT_CAP = 100_000
FACT_KINDS = {"claim", "event", "role"}


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri_ok(iri: str) -> bool:
    """Only IRIs that can be written between <> in SPARQL reach a query: the guard against injection.

    The character check keeps SPARQL syntax out; the engine's own IRI parser (pyoxigraph's, the same
    code as the engine's) then refuses what is still no IRI, such as U+FFFD from undecodable escapes,
    which would otherwise come back from the engine as a syntax error instead of a 404."""
    if not iri or _BAD_IRI.search(iri):
        return False
    try:
        NamedNode(iri)
    except ValueError:
        return False
    return True


class Term(NamedTuple):
    type: str  # uri | literal | bnode
    value: str
    lang: str | None = None
    datatype: str | None = None

    @classmethod
    def of(cls, cell: dict) -> Term:
        t = cell["type"]
        return cls(
            "literal" if t == "typed-literal" else t,
            cell["value"],
            cell.get("xml:lang"),
            cell.get("datatype"),
        )

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)


Triple = tuple[Term, Term, Term]
_A = Term.iri(RDF_TYPE)
_OA_BODY, _OA_MOTIVATED, _OA_TARGET, _OA_SOURCE, _OA_SELECTOR, _OA_EXACT, _OA_START, _OA_END = (
    Term.iri(OA + n)
    for n in (
        "hasBody",
        "motivatedBy",
        "hasTarget",
        "hasSource",
        "hasSelector",
        "exact",
        "start",
        "end",
    )
)


@dataclass
class Evidence:
    exact: str
    start: int
    end: int
    source: str
    headline: str | None
    date: str | None
    annotation: str


@dataclass
class Fact:
    iri: str
    rel: str  # how it touches the described resource: holds, role-in, said, about, event, event-at, derived
    types: list[str] = field(default_factory=list)
    props: dict[str, list[Term]] = field(default_factory=dict)
    holders: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Description:
    iri: str
    page: int = 1
    triples: list[Triple] = field(default_factory=list)
    out: dict[str, list[Term]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    incoming_counts: dict[str, int] = field(default_factory=dict)
    incoming: list[dict] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    mentions: list[tuple[int, int, str, str]] = field(
        default_factory=list
    )  # start, end, entity, annotation
    more_incoming: bool = False
    more_facts: bool = False
    digest: bytes = b""

    @property
    def exists(self) -> bool:
        return bool(self.out) or bool(self.incoming)

    @property
    def has_next(self) -> bool:
        return self.more_incoming or self.more_facts

    def label(self, iri: str) -> str | None:
        return self.labels.get(iri)

    def types(self) -> list[str]:
        return [t.value for t in self.out.get(RDF_TYPE, [])]

    def first(self, prop: str) -> str | None:
        vals = self.out.get(prop)
        return vals[0].value if vals else None


LABEL_VALUES = ", ".join(f"<{p}>" for p in [*LABEL_PROPS, S + "datePublished"])


class Describer:
    """Three round trips per description, each a UNION of bounded parts: (1) the resource, its incoming
    links and its facts, one page of each; (2) those facts in full, with their evidence; (3) the labels of
    everything linked. Labels are looked up by VALUES (index lookups): an OPTIONAL per row would let the
    engine hash-join against every label in the store."""

    def __init__(
        self, select: Callable[[str], list[dict]], ask: Callable[[str], bool], base_iri: str
    ):
        self._select, self._ask = select, ask  # the engine's bindings of a SELECT, and of an ASK
        self.graph_prefix = base_iri + "graph/article/"
        self.article_prefix = base_iri + "id/article/"

    def exists(self, iri: str) -> bool:
        # an IRI named only as the alias of a merged entity (owl:sameAs) is not ours: it redirects
        return self._ask(
            f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> "
            f"FILTER(?p != <http://www.w3.org/2002/07/owl#sameAs>) }} }}"
        )

    def describe(self, iri: str, kind: str, page: int = 1) -> Description:
        d = Description(iri, page)
        want: set[str] = set()  # IRIs whose labels the page shows
        facts = self._phase1(d, kind, page, want)
        self._phase2(d, facts, want)
        self._labels(d, want)
        d.triples = list(dict.fromkeys(d.triples))
        d.facts.sort(
            key=lambda f: (min((e.date or "" for e in f.evidence), default=""), f.iri), reverse=True
        )
        d.digest = self.digest(d)
        return d

    @staticmethod
    def digest(d: Description) -> bytes:
        """What the description says, independent of the order the engine answered in (hash joins and
        GROUP BY do not promise one): the validators of pages and data documents are derived from it."""
        h = hashlib.sha256()
        for line in sorted(
            "\x1f".join(
                f"{t.type}\x1e{t.value}\x1e{t.lang or ''}\x1e{t.datatype or ''}" for t in triple
            )
            for triple in d.triples
        ):
            h.update(line.encode("utf-8", "surrogatepass") + b"\n")
        h.update(
            repr(
                (
                    sorted(d.incoming_counts.items()),
                    d.more_incoming,
                    d.more_facts,
                    d.page,
                    sorted(d.mentions),
                )
            ).encode()
        )
        return h.digest()

    # -- (1) the resource, one page of incoming links, one page of facts ---------------------------
    def _fact_pattern(self, e: str, kind: str) -> tuple[str, int, int]:
        if kind == "article":
            return f"{{ ?f <{PROV_DERIVED}> {e} . BIND('derived' AS ?rel) }}", 1000, 0
        if kind in FACT_KINDS:
            other = (
                f"?f <{S}memberOf> {e} . BIND('holds' AS ?rel)"
                if kind == "role"
                else f"?f <https://w3id.org/kg-news/ontology#denies> {e} . BIND('denies' AS ?rel)"
            )
            return f"{{ BIND({e} AS ?f) BIND('self' AS ?rel) }} UNION {{ {other} }}", PAGE_SIZE, 0
        role, claim, event = f"<{S}OrganizationRole>", f"<{S}Claim>", f"<{S}Event>"
        return (
            " UNION ".join(
                [
                    f"{{ {e} <{S}memberOf> ?f . ?f a {role} . BIND('holds' AS ?rel) }}",
                    f"{{ ?f <{S}memberOf> {e} ; a {role} . BIND('role-in' AS ?rel) }}",
                    f"{{ ?f <{S}author> {e} ; a {claim} . BIND('said' AS ?rel) }}",
                    f"{{ ?f <{S}about> {e} ; a {claim} . BIND('about' AS ?rel) }}",
                    f"{{ ?f <{S}about> {e} ; a {event} . BIND('event' AS ?rel) }}",
                    f"{{ ?f <{S}location> {e} ; a {event} . BIND('event-at' AS ?rel) }}",
                ]
            ),
            PAGE_SIZE,
            0,
        )

    def _phase1(self, d: Description, kind: str, page: int, want: set[str]) -> dict[str, Fact]:
        e = f"<{d.iri}>"
        fact_where, flimit, foffset = self._fact_pattern(e, kind)
        if kind not in ("article",) and kind not in FACT_KINDS:
            foffset = (page - 1) * PAGE_SIZE
        parts = [
            f"{{ SELECT ('out' AS ?sec) ?p ?o ?bp ?bo WHERE {{ {e} ?p ?o "
            "OPTIONAL { FILTER(isBlank(?o)) ?o ?bp ?bo } } "
            f"LIMIT {OUT_LIMIT} }}",
            f"{{ SELECT ('count' AS ?sec) ?p (COUNT(*) AS ?n) WHERE {{ "
            f"{{ SELECT ?s ?p WHERE {{ ?s ?p {e} }} LIMIT {COUNT_CAP + 1} }} }} GROUP BY ?p }}",
            f"{{ SELECT ('in' AS ?sec) ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {e} }} }} "
            f"LIMIT {PAGE_SIZE + 1} OFFSET {(page - 1) * PAGE_SIZE} }}",
            f"{{ SELECT ('fact' AS ?sec) ?f ?rel WHERE {{ {fact_where} }} LIMIT {flimit + 1} OFFSET {foffset} }}",
        ]
        if kind == "article":
            parts.append(
                f"{{ SELECT ('mention' AS ?sec) ?ann ?t ?sel ?at ?st ?body ?exact ?start ?end WHERE {{ "
                f"?t <{OA}hasSource> {e} . ?ann <{OA}hasTarget> ?t ; <{OA}motivatedBy> <{OA}identifying> ; "
                f"<{OA}hasBody> ?body ; a ?at . ?t <{OA}hasSelector> ?sel . ?sel a ?st ; <{OA}exact> ?exact ; "
                f"<{OA}start> ?start ; <{OA}end> ?end }} LIMIT 10000 }}"
            )
        rows = self._select("SELECT * WHERE { " + " UNION ".join(parts) + " }")
        me = Term.iri(d.iri)
        incoming, fact_rows, anns = [], [], set()
        for r in rows:
            sec = r["sec"]["value"]
            if sec == "out":
                p, o = Term.of(r["p"]), Term.of(r["o"])
                d.triples.append((me, p, o))
                vals = d.out.setdefault(p.value, [])
                if o not in vals:
                    vals.append(o)
                if o.type == "uri":
                    want.add(o.value)
                if "bp" in r:
                    d.triples.append((o, Term.of(r["bp"]), Term.of(r["bo"])))
            elif sec == "count":
                d.incoming_counts[r["p"]["value"]] = int(r["n"]["value"])
            elif sec == "in":
                incoming.append(r)
            elif sec == "fact":
                fact_rows.append(r)
            else:
                ann = r["ann"]["value"]
                if ann not in anns:
                    d.mentions.append(
                        (int(r["start"]["value"]), int(r["end"]["value"]), r["body"]["value"], ann)
                    )
                    anns.add(ann)
                    want.add(r["body"]["value"])
                self._annotation(d, r, Term.iri(OA + "identifying"))
        for prop in LABEL_PROPS:
            if prop in d.out and d.out[prop][0].type == "literal":
                d.labels.setdefault(d.iri, d.out[prop][0].value)
        d.incoming_counts = dict(sorted(d.incoming_counts.items()))
        d.more_incoming = len(incoming) > PAGE_SIZE
        for r in incoming[:PAGE_SIZE]:
            s, p, g = Term.of(r["s"]), Term.of(r["p"]), r["g"]["value"]
            d.triples.append((s, p, me))
            art = (
                self.article_prefix + g[len(self.graph_prefix) :]
                if g.startswith(self.graph_prefix)
                else None
            )
            want.update(x for x in (s.value, art) if x)
            d.incoming.append({"s": s.value, "p": p.value, "g": g, "article": art, "date": None})
        d.more_facts = kind != "article" and len(fact_rows) > flimit
        facts: dict[str, Fact] = {}
        for r in fact_rows[:flimit]:
            if r["f"]["type"] == "uri" and r["f"]["value"] not in facts:
                facts[r["f"]["value"]] = Fact(r["f"]["value"], r["rel"]["value"])
        d.facts = list(facts.values())
        return facts

    # -- (2) the facts in full, with their evidence -------------------------------------------------
    def _phase2(self, d: Description, facts: dict[str, Fact], want: set[str]) -> None:
        if not facts:
            return
        fv = "VALUES ?f { " + " ".join(f"<{f}>" for f in facts) + " }"
        parts = [
            f"{{ {fv} ?f ?p ?o BIND('prop' AS ?sec) }}",
            f"{{ {fv} ?h <{S}memberOf> ?f BIND('holder' AS ?sec) }}",
            f"{{ {fv} ?ann <{OA}hasBody> ?f ; <{OA}hasTarget> ?t ; a ?at ; <{OA}motivatedBy> ?mot . "
            f"?t <{OA}hasSource> ?src ; <{OA}hasSelector> ?sel . ?sel a ?st ; <{OA}exact> ?exact ; "
            f"<{OA}start> ?start ; <{OA}end> ?end BIND('ev' AS ?sec) }}",
        ]
        for r in self._select("SELECT * WHERE { " + " UNION ".join(parts) + " }"):
            sec = r["sec"]["value"]
            if sec == "prop":
                f, p, o = facts[r["f"]["value"]], Term.of(r["p"]), Term.of(r["o"])
                d.triples.append((Term.iri(f.iri), p, o))
                if p.value == RDF_TYPE:
                    f.types.append(o.value)
                elif o not in f.props.setdefault(p.value, []):
                    f.props[p.value].append(o)
                if o.type == "uri" and p.value != RDF_TYPE:
                    want.add(o.value)
            elif sec == "holder":
                facts[r["f"]["value"]].holders.append(r["h"]["value"])
                d.triples.append(
                    (Term.of(r["h"]), Term.iri(S + "memberOf"), Term.iri(r["f"]["value"]))
                )
                want.add(r["h"]["value"])
            else:

                def v(k: str, r: dict = r) -> str:
                    return r[k]["value"]

                f = facts[v("f")]
                if all(e.annotation != v("ann") for e in f.evidence):
                    f.evidence.append(
                        Evidence(
                            v("exact"),
                            int(v("start")),
                            int(v("end")),
                            v("src"),
                            None,
                            None,
                            v("ann"),
                        )
                    )
                want.add(v("src"))
                self._annotation(d, r, Term.of(r["mot"]), Term.of(r["f"]), Term.of(r["src"]))

    @staticmethod
    def _annotation(
        d: Description,
        r: dict,
        motivation: Term,
        body: Term | None = None,
        source: Term | None = None,
    ) -> None:
        """The triples of one annotation, its target and its selector, as the W3C model the mapping writes."""
        ann, t, sel = Term.of(r["ann"]), Term.of(r["t"]), Term.of(r["sel"])
        body = body or Term.of(r["body"])
        source = source or Term.iri(d.iri)
        d.triples += [
            (ann, _A, Term.of(r["at"])),
            (ann, _OA_BODY, body),
            (ann, _OA_MOTIVATED, motivation),
            (ann, _OA_TARGET, t),
            (t, _OA_SOURCE, source),
            (t, _OA_SELECTOR, sel),
            (sel, _A, Term.of(r["st"])),
            (sel, _OA_EXACT, Term.of(r["exact"])),
            (sel, _OA_START, Term.of(r["start"])),
            (sel, _OA_END, Term.of(r["end"])),
        ]

    # -- (3) what everything linked is called -------------------------------------------------------
    def _labels(self, d: Description, want: set[str]) -> None:
        want.discard(d.iri)
        iris = [i for i in want if iri_ok(i)][:5000]
        if not iris:
            return
        rows = self._select(
            f"SELECT ?x ?lp ?l WHERE {{ VALUES ?x {{ {' '.join(f'<{i}>' for i in iris)} }} "
            f"?x ?lp ?l FILTER(?lp IN ({LABEL_VALUES})) }}"
        )
        found: dict[str, dict[str, str]] = {}
        for r in rows:
            x, lp = r["x"]["value"], r["lp"]["value"]
            d.triples.append((Term.iri(x), Term.iri(lp), Term.of(r["l"])))
            found.setdefault(x, {}).setdefault(lp, r["l"]["value"])
        for x, props in found.items():
            label = next((props[p] for p in LABEL_PROPS if p in props), None)
            if label is not None:
                d.labels.setdefault(x, label)
        dates = {x: props.get(S + "datePublished") for x, props in found.items()}
        for row in d.incoming:
            row["date"] = dates.get(row["article"] or "") or dates.get(row["s"])
        for f in d.facts:
            for ev in f.evidence:
                ev.headline, ev.date = d.labels.get(ev.source), dates.get(ev.source)
