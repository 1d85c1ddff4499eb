"""GET /sparql without a query: the query page for people, the service description for programs."""

from __future__ import annotations

from functools import lru_cache

from flask import Response, render_template, request

from ..queries import load_all
from . import settings
from .errors import CONTENT_SECURITY_POLICY, ProtocolError, wants_html
from .negotiation import GRAPH_TYPES, RESULT_TYPES

PREFIXES = {
    "schema": "http://schema.org/",
    "kg": "https://w3id.org/kg-news/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SD_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
FORMAT_URIS = {  # W3C's format registry (https://www.w3.org/ns/formats/)
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "ttl": "Turtle",
    "jsonld": "JSON-LD",
    "nt": "N-Triples",
    "rdf": "RDF_XML",
    "nq": "N-Quads",
    "trig": "TriG",
}


def landing() -> Response:
    if wants_html():
        return page()
    media = (
        request.accept_mimetypes.best_match(list(SD_TYPES), default="text/turtle")
        if request.accept_mimetypes
        else "text/turtle"
    )
    if media is None:
        raise ProtocolError(
            406, "Not Acceptable", "the service description is available as " + ", ".join(SD_TYPES)
        )
    s = settings()
    body = service_description(s.base_iri, bool(s.write_token), s.allow_service, SD_TYPES[media])
    resp = Response(body, 200, content_type=f"{media}; charset=utf-8")
    resp.headers["Vary"] = "Accept"
    return resp


def page() -> Response:
    base = settings().base_iri
    examples = [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "query": q.example_query(base),
        }
        for q in load_all().values()
    ]
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    default = (
        prologue + "\nSELECT ?entity ?type ?name WHERE {\n  ?entity a ?type ; schema:name ?name .\n"
        "  VALUES ?type { schema:Person schema:Organization schema:Place }\n} LIMIT 50\n"
    )
    html = render_template(
        "sparql.html",
        examples=examples,
        default_query=default,
        base=base,
        formats={**RESULT_TYPES, **GRAPH_TYPES},
        prefixes=PREFIXES,
    )
    resp = Response(html, 200, mimetype="text/html")
    resp.headers["Vary"] = "Accept"
    # YASGUI's result table sizes its columns with a <style> element it writes: styles (never scripts) may
    # be inline on this page alone
    resp.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'"
    )
    return resp


@lru_cache(maxsize=16)
def service_description(base: str, writable: bool, federation: bool, rdflib_format: str) -> str:
    """SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/)."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
    FMT = Namespace("http://www.w3.org/ns/formats/")
    VOID = Namespace("http://rdfs.org/ns/void#")
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FMT)
    g.bind("void", VOID)
    endpoint = URIRef(base + "sparql")
    svc = URIRef(base + "sparql#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, endpoint))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    if writable:
        g.add((svc, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    if federation:
        g.add((svc, SD.feature, SD.BasicFederatedQuery))
    for name in FORMAT_URIS.values():
        g.add((svc, SD.resultFormat, FMT[name]))
    dataset = BNode("dataset")
    default_graph = BNode("defaultGraph")
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    g.add(
        (
            default_graph,
            URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
            Literal(
                "The default graph is the union of all named graphs: one per article, plus the shared entity graph."
            ),
        )
    )
    g.add(
        (
            dataset,
            URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
            URIRef(base + ".well-known/void"),
        )
    )
    return g.serialize(format=rdflib_format)
