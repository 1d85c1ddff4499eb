"""Facts document -> RDF, per CONTRACT.md §1.

The result is two graphs: the article's own named graph (the article, its facts, their evidence) and the
canonical descriptions of the entities it names, which go to the shared entity graph. The mapping is a
pure function of the document and the registry's answers: no counters, no clocks, no blank nodes, so
the same input always gives the same triples.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from .facts import Evidence, FactsDocument
from .iris import KG, OA, PROV, SCHEMA, Minter
from .ontology import event_classes

DATE_PATTERNS = [
    (re.compile(r"^-?\d{4}$"), XSD.gYear),
    (re.compile(r"^-?\d{4}-(0[1-9]|1[0-2])$"), XSD.gYearMonth),
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}$"), XSD.date),
    (
        re.compile(r"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$"),
        XSD.dateTime,
    ),
]
CLAIM_KIND_CLASS = {"denial": KG.Denial, "accusation": KG.Accusation, "rejection": KG.Rejection}


def content_digest(*graphs: Graph) -> str:
    """A digest of the triples themselves (order-free): a re-run skips articles whose graph is unchanged."""
    lines = sorted(line for g in graphs for line in g.serialize(format="nt").splitlines() if line)
    return "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


class MappingError(ValueError):
    """The facts document names something the ontology does not have."""


def date_literal(value: str) -> Literal:
    """Typed by its shape; anything else stays a plain string, which the shapes then reject with a message.

    A year-month is typed only with a real month: rdflib does not check gYearMonth values, so "2022-13"
    typed as one would pass pyshacl and fail the fast gate; as a plain string both reject it."""
    for pattern, datatype in DATE_PATTERNS:
        if pattern.match(value):
            return Literal(value, datatype=datatype)
    return Literal(value)


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in (("schema", SCHEMA), ("prov", PROV), ("oa", OA), ("kg", KG)):
        g.bind(prefix, ns, replace=True)
    return g


@dataclass
class MappedArticle:
    key: str
    iri: URIRef
    graph_iri: URIRef
    article_graph: Graph
    entity_graph: Graph
    where: dict[URIRef, str] = field(default_factory=dict)  # node -> place in the facts document

    def combined(self) -> Graph:
        """What the SHACL gate sees: the article with the descriptions of everything it names."""
        g = bind_prefixes(Graph())
        for t in self.article_graph:
            g.add(t)
        for t in self.entity_graph:
            g.add(t)
        return g


class Mapper:
    def __init__(self, minter: Minter, registry: RegistryLookup | None = None):
        self.m = minter
        self.registry = registry

    def map(self, doc: FactsDocument) -> MappedArticle:
        a = doc.article
        key = a.key or self.m.article_key(a.datePublished, a.headline)
        art = self.m.article(key)
        g = bind_prefixes(Graph())
        eg = bind_prefixes(Graph())
        where: dict[URIRef, str] = {art: "article"}

        g.add((art, RDF.type, SCHEMA.NewsArticle))
        g.add((art, SCHEMA.headline, Literal(a.headline)))
        g.add((art, SCHEMA.datePublished, date_literal(a.datePublished)))
        g.add((art, SCHEMA.articleBody, Literal(a.body)))
        g.add((art, SCHEMA.inLanguage, Literal(a.language)))
        self._source(g, art, a)
        for i, author in enumerate(a.authors):
            iri = self.m.entity(author.type, author.name)
            g.add((art, SCHEMA.author, iri))
            self._describe(eg, iri, author.type, [], author.name, [], [])
            where.setdefault(iri, f"article.authors[{i}]")
        if a.publisher:
            iri = self.m.entity(a.publisher.type, a.publisher.name)
            g.add((art, SCHEMA.publisher, iri))
            self._describe(eg, iri, a.publisher.type, [], a.publisher.name, [], [])
            where.setdefault(iri, "article.publisher")

        ents: dict[str, URIRef] = {}
        same_as = (
            self.registry.by_same_as([s for e in doc.entities for s in e.sameAs])
            if self.registry
            else {}
        )
        for i, e in enumerate(doc.entities):
            known = next((same_as[s] for s in e.sameAs if s in same_as), None)
            iri = (
                known.iri
                if known and known.base_type == e.type and not e.key
                else self.m.entity(e.type, e.name, e.key)
            )
            name, alternates = e.name, list(e.alternateNames)
            if known and iri == known.iri and known.name and known.name != e.name:
                name, alternates = known.name, [e.name, *alternates]
            ents[e.id] = iri
            where.setdefault(iri, f"entities[{i}] ({e.name})")
            self._describe(eg, iri, e.type, e.subtypes, name, alternates, e.sameAs)
            g.add((art, SCHEMA.mentions, iri))
            for j, mention in enumerate(e.mentions):
                ann = URIRef(f"{art}#mention-{mention.start}-{mention.end}")
                where[ann] = f"entities[{i}].mentions[{j}] ({e.name})"
                self._annotate(g, art, iri, ann, mention, True)
                if e.confidence is not None:
                    g.add((ann, KG.confidence, _confidence(e.confidence)))

        for e in doc.entities:
            if e.containedInPlace:  # "Pokhara" in "Nepal": from the gazetteer
                eg.add((ents[e.id], SCHEMA.containedInPlace, ents[e.containedInPlace]))

        for i, r in enumerate(doc.roles):
            node = self.m.fact(
                "role",
                key,
                "role",
                ents[r.person],
                r.roleName,
                r.organization and ents[r.organization],
                r.former,
            )
            where[node] = f"roles[{i}] ({r.id})"
            g.add((ents[r.person], SCHEMA.memberOf, node))
            g.add((node, RDF.type, SCHEMA.OrganizationRole))
            if r.roleName is not None:
                g.add((node, SCHEMA.roleName, Literal(r.roleName)))
            if r.organization:
                g.add((node, SCHEMA.memberOf, ents[r.organization]))
            if r.former:
                g.add((node, KG.former, Literal(True)))
            self._fact(g, art, node, r.evidence, r.confidence)

        claims: dict[str, URIRef] = {}
        for i, c in enumerate(doc.claims):
            ev = c.evidence
            node = self.m.fact(
                "claim", key, "claim", ents[c.speaker], c.text, ev and ev.start, ev and ev.end
            )
            claims[c.id] = node
            where[node] = f"claims[{i}] ({c.id})"
        for c in doc.claims:
            node = claims[c.id]
            g.add((node, RDF.type, SCHEMA.Claim))
            if c.kind in CLAIM_KIND_CLASS:
                g.add((node, RDF.type, CLAIM_KIND_CLASS[c.kind]))
            g.add((node, SCHEMA.author, ents[c.speaker]))
            if c.text is not None:
                g.add((node, SCHEMA.text, Literal(c.text)))
            g.add((node, SCHEMA.appearance, art))
            for ref in c.about:
                g.add((node, SCHEMA.about, ents[ref]))
            if c.verb:
                g.add((node, KG.reportingVerb, Literal(c.verb)))
            if c.direct:
                g.add((node, KG.isDirectQuote, Literal(True)))
            if c.denies:
                g.add((node, KG.denies, claims[c.denies]))
            self._fact(g, art, node, c.evidence, c.confidence)

        known_events = event_classes()
        for i, v in enumerate(doc.events):
            if v.type not in known_events:
                raise MappingError(
                    f"events[{i}].type: {v.type!r} is not an event class of the kg ontology "
                    f"(known: {', '.join(sorted(known_events))})"
                )
            ev = v.evidence
            node = self.m.fact(
                "event", key, "event", v.type, v.name, v.startDate, ev and ev.start, ev and ev.end
            )
            where[node] = f"events[{i}] ({v.id})"
            g.add((node, RDF.type, SCHEMA.Event))
            g.add((node, RDF.type, KG[v.type]))
            if v.name is not None:
                g.add((node, SCHEMA.name, Literal(v.name)))
            if v.startDate is not None:
                g.add((node, SCHEMA.startDate, date_literal(v.startDate)))
            if v.location:
                g.add((node, SCHEMA.location, ents[v.location]))
            for ref in v.participants:
                g.add((node, SCHEMA.about, ents[ref]))
            if v.status in ("scheduled", "expected"):
                g.add((node, SCHEMA.eventStatus, SCHEMA.EventScheduled))
            self._fact(g, art, node, v.evidence, v.confidence)

        g.add((art, KG.contentDigest, Literal(content_digest(g, eg))))
        graph_iri = self.m.article_graph(key)
        return MappedArticle(key, art, graph_iri, g, eg, where)

    # -- pieces ------------------------------------------------------------------------------
    @staticmethod
    def _source(g: Graph, art: URIRef, a) -> None:
        """What the source said about itself (kg/readers): its URL, modification date, summary..."""
        if a.url:
            g.add((art, SCHEMA.url, URIRef(a.url)))
        if a.dateModified:
            g.add((art, SCHEMA.dateModified, date_literal(a.dateModified)))
        if a.description:
            g.add((art, SCHEMA.description, Literal(a.description)))
        if a.image:
            g.add((art, SCHEMA.image, URIRef(a.image)))
        if a.section:
            g.add((art, SCHEMA.articleSection, Literal(a.section)))
        for word in a.keywords:
            g.add((art, SCHEMA.keywords, Literal(word)))

    @staticmethod
    def _describe(
        eg: Graph,
        iri: URIRef,
        base_type: str,
        subtypes: list[str],
        name: str,
        alternates: list[str],
        same_as: list[str],
    ) -> None:
        eg.add((iri, RDF.type, SCHEMA[base_type]))
        for sub in subtypes:
            eg.add((iri, RDF.type, SCHEMA[sub]))
        eg.add((iri, SCHEMA.name, Literal(name)))
        eg.add((iri, RDFS.label, Literal(name)))
        for alt in alternates:
            if alt != name:
                eg.add((iri, SCHEMA.alternateName, Literal(alt)))
        for s in same_as:
            eg.add((iri, SCHEMA.sameAs, URIRef(s)))

    def _fact(
        self,
        g: Graph,
        art: URIRef,
        node: URIRef,
        evidence: Evidence | None,
        confidence: float | None = None,
    ) -> None:
        g.add((node, PROV.wasDerivedFrom, art))
        if confidence is not None:
            g.add((node, KG.confidence, _confidence(confidence)))
        if evidence is not None:
            self._annotate(g, art, node, URIRef(f"{node}#evidence"), evidence, False)

    @staticmethod
    def _annotate(
        g: Graph, art: URIRef, body: URIRef, ann: URIRef, ev: Evidence, mention: bool
    ) -> None:
        target, selector = URIRef(f"{ann}-target"), URIRef(f"{ann}-selector")
        g.add((ann, RDF.type, OA.Annotation))
        g.add((ann, OA.hasBody, body))
        g.add((ann, OA.motivatedBy, OA.identifying if mention else OA.describing))
        g.add((ann, OA.hasTarget, target))
        g.add((target, OA.hasSource, art))
        g.add((target, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextQuoteSelector))
        g.add((selector, RDF.type, OA.TextPositionSelector))
        g.add((selector, OA.exact, Literal(ev.exact)))
        g.add((selector, OA.start, Literal(ev.start, datatype=XSD.integer)))
        g.add((selector, OA.end, Literal(ev.end, datatype=XSD.integer)))


def _confidence(value: float) -> Literal:
    """Two decimals: what a reviewer reads; xsd:decimal so that SHACL can bound it to [0, 1]."""
    return Literal(f"{value:.2f}", datatype=XSD.decimal)


class RegistryLookup:
    """What the mapping asks the entity registry (see registry.py); an interface so tests can use a real store."""

    def by_same_as(
        self, same_as: list[str]
    ) -> dict[str, KnownEntity]:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class KnownEntity:
    iri: URIRef
    base_type: str
    name: str | None
