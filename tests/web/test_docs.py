"""/ontology and /shapes: documentation pages for people, Turtle for machines."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, Namespace
from rdflib.compare import isomorphic

from kg.ontology import ontology_graph, shapes_graph

KG = "https://w3id.org/kg-news/ontology#"
SH = Namespace("http://www.w3.org/ns/shacl#")


def test_ontology_page_documents_every_term(live_server):
    r = live_server.get("/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    g = ontology_graph()
    terms = {
        s
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, t)
        if str(s).startswith(KG)
    }
    assert terms
    for t in terms:
        local = str(t)[len(KG) :]
        section = r.text[r.text.index(f'id="{local}"') :]
        section = section[: section.index("</section>")]
        label, comment = g.value(t, RDFS.label), g.value(t, RDFS.comment)
        assert (
            str(label) in section
            and str(comment).replace("'", "&#39;").replace('"', "&#34;") in section
        )
        for d in g.objects(t, RDFS.domain):
            assert str(d).rsplit("/", 1)[-1].rsplit("#", 1)[-1] in section
    assert 'href="/shapes#' in r.text  # terms link to the shapes that use them


def test_ontology_and_shapes_as_turtle(live_server):
    for path, graph in (("/ontology", ontology_graph()), ("/shapes", shapes_graph())):
        r = live_server.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
        assert isomorphic(Graph().parse(data=r.content, format="turtle"), graph)
        assert "Accept" in r.headers["Vary"]
        assert live_server.get(path + ".ttl").status_code == 200
        assert (
            live_server.get(path + ".jsonld")
            .headers["Content-Type"]
            .startswith("application/ld+json")
        )


def test_shapes_page_documents_every_shape(live_server):
    html = live_server.get("/shapes", headers={"Accept": "text/html"}).text
    g = shapes_graph()
    for shape in g.subjects(RDF.type, SH.NodeShape):
        assert f'id="{str(shape).rsplit("#", 1)[-1]}"' in html
    assert "schema:headline" in html and "minCount" in html
