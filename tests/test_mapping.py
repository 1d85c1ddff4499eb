"""The RDF mapping covers every construct of CONTRACT.md §1, with stable IRIs."""

from __future__ import annotations

import random

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.compare import isomorphic

from kg.facts import load_facts
from kg.iris import KG, OA, PROV, SCHEMA, Minter
from kg.mapping import Mapper, date_literal

from .conftest import DATA

BASE = "http://example.org/"
KHAN = DATA / "khan.facts.json"


def mapped(doc=None):
    return Mapper(Minter(BASE)).map(doc or load_facts(KHAN))


def test_article_carries_contract_metadata():
    m = mapped()
    g, art = m.article_graph, m.iri
    assert str(art).startswith(BASE + "id/article/2022-04-03-")
    assert (art, RDF.type, SCHEMA.NewsArticle) in g
    assert len(list(g.objects(art, SCHEMA.headline))) == 1
    assert g.value(art, SCHEMA.datePublished) == Literal("2022-04-03", datatype=XSD.date)
    assert g.value(art, SCHEMA.inLanguage) == Literal("en")
    assert str(g.value(art, SCHEMA.articleBody)) == load_facts(KHAN).article.body
    authors = set(g.objects(art, SCHEMA.author))
    assert {str(a) for a in authors} == {
        BASE + "id/person/christina-goldbaum",
        BASE + "id/person/salman-masood",
    }
    for a in authors:
        assert (a, RDF.type, SCHEMA.Person) in m.entity_graph
        assert m.entity_graph.value(a, SCHEMA.name) is not None
    assert len(set(g.objects(art, SCHEMA.mentions))) == 7


def test_entities_have_base_type_name_label_alternates_and_sameas():
    eg = mapped().entity_graph
    pk = URIRef(BASE + "id/place/pakistan")
    assert {(pk, RDF.type, SCHEMA.Place), (pk, RDF.type, SCHEMA.Country)} <= set(eg)
    assert eg.value(pk, SCHEMA.sameAs) == URIRef("http://www.wikidata.org/entity/Q843")
    parl = URIRef(BASE + "id/organization/parliament-of-pakistan")
    assert eg.value(parl, SCHEMA.name) == Literal("Parliament of Pakistan")
    assert eg.value(parl, RDFS.label) == Literal("Parliament of Pakistan")
    assert eg.value(parl, SCHEMA.alternateName) == Literal("Parliament")


def test_role_claim_event_nodes_with_provenance_and_evidence():
    m = mapped()
    g, art, body = m.article_graph, m.iri, load_facts(KHAN).article.body
    khan = URIRef(BASE + "id/person/imran-khan")
    roles = list(g.objects(khan, SCHEMA.memberOf))
    assert {str(g.value(r, SCHEMA.roleName)) for r in roles} == {
        "prime minister",
        "international cricket star",
    }
    former = [r for r in roles if g.value(r, KG.former) == Literal(True)]
    assert len(former) == 1
    pm = next(r for r in roles if str(g.value(r, SCHEMA.roleName)) == "prime minister")
    assert (pm, RDF.type, SCHEMA.OrganizationRole) in g
    assert g.value(pm, SCHEMA.memberOf) == URIRef(BASE + "id/place/pakistan")

    claims = set(g.subjects(RDF.type, SCHEMA.Claim))
    assert len(claims) == 3
    rejection = next(iter(g.subjects(RDF.type, KG.Rejection)))
    accusation = next(iter(g.subjects(RDF.type, KG.Accusation)))
    assert g.value(rejection, KG.denies) == accusation
    assert g.value(accusation, SCHEMA.author) == khan
    assert g.value(accusation, SCHEMA.appearance) == art

    vote = next(iter(g.subjects(RDF.type, KG.Vote)))
    assert (vote, RDF.type, SCHEMA.Event) in g
    assert g.value(vote, SCHEMA.startDate) == Literal("2022-04-03", datatype=XSD.date)
    assert g.value(vote, SCHEMA.location) == URIRef(BASE + "id/place/pakistan")
    assert g.value(vote, SCHEMA.eventStatus) == SCHEMA.EventScheduled
    election = next(iter(g.subjects(RDF.type, KG.Election)))
    assert g.value(election, SCHEMA.startDate) == Literal("2023", datatype=XSD.gYear)

    for fact in [*roles, *claims, vote, election]:
        assert g.value(fact, PROV.wasDerivedFrom) == art
        ann = g.value(None, OA.hasBody, fact)
        assert (ann, RDF.type, OA.Annotation) in g
        target = g.value(ann, OA.hasTarget)
        assert g.value(target, OA.hasSource) == art
        sel = g.value(target, OA.hasSelector)
        assert {OA.TextQuoteSelector, OA.TextPositionSelector} <= set(g.objects(sel, RDF.type))
        start, end = int(g.value(sel, OA.start)), int(g.value(sel, OA.end))
        assert body[start:end] == str(g.value(sel, OA.exact))


def test_no_blank_nodes_anywhere():
    m = mapped()
    for graph in (m.article_graph, m.entity_graph):
        for triple in graph:
            assert all(isinstance(t, (URIRef, Literal)) for t in triple)


def test_same_input_in_any_order_gives_same_triples():
    first = mapped()
    doc = load_facts(KHAN)
    rng = random.Random(7)
    for section in (doc.entities, doc.roles, doc.claims, doc.events):
        rng.shuffle(section)
    # Local ids are the editor's handles, not identity: renaming them changes nothing.
    renamed = {c.id: f"x-{c.id}" for c in doc.claims}
    for c in doc.claims:
        c.id = renamed[c.id]
        c.denies = renamed.get(c.denies) if c.denies else None
    second = mapped(doc)
    assert set(first.article_graph) == set(second.article_graph)
    assert set(first.entity_graph) == set(second.entity_graph)
    assert isomorphic(first.article_graph, second.article_graph)


def test_date_literals_are_typed_by_shape():
    assert date_literal("2023").datatype == XSD.gYear
    assert date_literal("2023-05").datatype == XSD.gYearMonth
    assert date_literal("2023-05-01").datatype == XSD.date
    assert date_literal("2023-05-01T10:00:00Z").datatype == XSD.dateTime
    assert date_literal("last Tuesday").datatype is None
