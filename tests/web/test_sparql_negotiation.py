"""Results by Accept and by `format`, 406, Vary, CORS, the query page and the service description."""

from __future__ import annotations

import re

import pytest

SELECT = "SELECT ?n { VALUES ?n { 1 2 } }"
CONSTRUCT = "CONSTRUCT { <urn:s> <urn:p> ?n } WHERE { VALUES ?n { 1 2 } }"


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0.9, text/tab-separated-values;q=0.3", "text/csv"),
        ("text/*", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        ("text/html, */*;q=0.1", "application/sparql-results+json"),
    ],
)
def test_select_by_accept(live_server, accept, expected):
    r = live_server.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == expected
    assert "Accept" in r.headers["Vary"]


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/n-quads", "application/n-quads"),
        ("*/*", "text/turtle"),
        ("application/rdf+xml;q=0.2, application/n-triples;q=0.8", "application/n-triples"),
    ],
)
def test_construct_by_accept(live_server, accept, expected):
    r = live_server.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == expected
    assert "urn:s" in r.text


@pytest.mark.parametrize(
    "fmt,expected",
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_format_overrides_accept_select(live_server, fmt, expected):
    r = live_server.get(
        "/sparql",
        params={"query": SELECT, "format": fmt},
        headers={"Accept": "application/rdf+xml"},
    )
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == expected


@pytest.mark.parametrize(
    "fmt,expected",
    [
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
    ],
)
def test_format_overrides_accept_construct(live_server, fmt, expected):
    r = live_server.post(
        "/sparql", data={"query": CONSTRUCT, "format": fmt}, headers={"Accept": "text/csv"}
    )
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == expected


def test_406_lists_what_is_available(live_server):
    r = live_server.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    for media in ("application/sparql-results+json", "text/csv", "text/tab-separated-values"):
        assert media in r.text
    r = live_server.get("/sparql", params={"query": SELECT, "format": "ttl"})
    assert r.status_code == 406 and "format=json" in r.text
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_results_are_the_engines_bytes(live_server):
    """The passthrough path: the same bytes as the engine writes them (no re-serialization)."""
    r = live_server.get("/sparql", params={"query": SELECT, "format": "json"})
    assert r.text.startswith('{"head":{"vars":["n"]}')  # Oxigraph's compact writer, untouched


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/sparql?query=ASK%7B%7D"),
        ("GET", "/sparql?query=ASK%20%7B"),
        ("POST", "/sparql"),
        ("GET", "/api/openapi.json"),
        ("GET", "/api/nope"),
        ("GET", "/store?graph=http://example.org/none"),
    ],
)
def test_cors_on_every_response(live_server, method, path):
    r = live_server.request(method, path, headers={"Origin": "https://example.org"})
    assert r.headers["Access-Control-Allow-Origin"] == "*", (r.status_code, path)


def test_cors_preflight(live_server):
    r = live_server.request(
        "OPTIONS",
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert r.status_code in (200, 204)
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "authorization" in r.headers["Access-Control-Allow-Headers"].lower()
    assert "X-KG-Truncated" in r.headers["Access-Control-Expose-Headers"]


def test_service_description_for_turtle(live_server):
    r = live_server.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    from rdflib import Graph, Namespace, URIRef

    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
    g = Graph().parse(data=r.text, format="turtle")
    endpoint = URIRef(live_server.env["KG_BASE_IRI"] + "sparql")
    assert (None, SD.endpoint, endpoint) in g
    assert (None, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) in g  # the shared server has a token
    assert (None, SD.feature, SD.UnionDefaultGraph) in g
    assert (None, SD.feature, SD.BasicFederatedQuery) not in g


def test_query_page_works_offline(live_server):
    r = live_server.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    import html as html_lib

    html = html_lib.unescape(r.text)
    # nothing loaded from another host: every src/href of a script or stylesheet is local
    for ref in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
        assert ref.startswith("/"), ref
    assert (
        "PREFIX schema: <http://schema.org/>" in html
        and "PREFIX kg: <https://w3id.org/kg-news/ontology#>" in html
    )
    for title in (
        "Who said what about an entity",
        "The roles of a person over time",
        "Entities without a Wikidata link",
    ):
        assert title in html
    assert 'data-format="csv"' in html and 'data-format="ttl"' in html
    js = live_server.get("/static/sparql.js")
    assert js.status_code == 200 and 'fetch("/sparql"' in js.text
    assert not re.search(
        r"(src|href)\s*=\s*[\"']https?://", js.text
    )  # loads nothing from elsewhere
    assert (
        "href" in js.text and "config.base" in js.text
    )  # IRIs of the dataset link to their /id/ pages
