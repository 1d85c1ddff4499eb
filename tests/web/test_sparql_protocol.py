"""One test per case of the W3C SPARQL 1.1 Protocol test suite (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl).

Adapted to a shared server: the suite's `DROP ALL` / `CLEAR ALL` become drops of the suite's own graphs,
so the published samples survive; every other request is the suite's, on both backends.
"""

from __future__ import annotations

import pytest

D = "http://kasei.us/2009/09/sparql/data/"
DATA1, DATA2, DATA3 = D + "data1.rdf", D + "data2.rdf", D + "data3.rdf"
FOAF = "http://xmlns.com/foaf/0.1/"
RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
RDF_TYPES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")
SEED = f"""PREFIX foaf: <{FOAF}>
DROP SILENT GRAPH <{DATA1}> ; DROP SILENT GRAPH <{DATA2}> ; DROP SILENT GRAPH <{DATA3}> ;
INSERT DATA {{
  GRAPH <{DATA1}> {{ <{DATA1}> a foaf:Document }}
  GRAPH <{DATA2}> {{ <{DATA2}> a foaf:Document }}
  GRAPH <{DATA3}> {{ <{DATA3}> a foaf:Document }}
}}"""
TEST_GRAPHS = [
    "http://example.org/protocol-update-dataset-test/",
    "http://example.org/protocol-update-dataset-graphs-test/",
    "http://example.org/protocol-update-dataset-named-graphs-test/",
    "http://example.org/protocol-update-dataset-full-test/",
    "http://example.org/protocol-base-test/",
]


def update(server, text: str, params=None, **kw):
    headers = {
        "Content-Type": "application/sparql-update",
        "Authorization": f"Bearer {server.token}",
    }
    return server.post("/sparql", params=params, data=text.encode("utf-8"), headers=headers, **kw)


def ask(server, text: str, params=None) -> bool:
    r = server.post(
        "/sparql",
        params=params,
        data=text.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


@pytest.fixture
def dataset(live_server):
    assert update(live_server, SEED).status_code == 204
    yield live_server
    cleanup = " ; ".join(f"DROP SILENT GRAPH <{g}>" for g in [DATA1, DATA2, DATA3, *TEST_GRAPHS])
    assert update(live_server, cleanup).status_code == 204


def test_query_post_form(live_server):
    r = live_server.post(
        "/sparql",
        params={"default-graph-uri": D + "data0.rdf"},
        data={"query": "ASK {}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_query_dataset_default_graphs_get(dataset):
    r = dataset.get(
        "/sparql",
        params=[
            ("query", f"ASK {{ <{DATA1}> a ?type . <{DATA2}> a ?type . }}"),
            ("default-graph-uri", DATA1),
            ("default-graph-uri", DATA2),
        ],
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_query_dataset_default_graphs_post(dataset):
    assert ask(
        dataset,
        f"ASK {{ <{DATA1}> a ?type . <{DATA2}> a ?type . }}",
        [("default-graph-uri", DATA1), ("default-graph-uri", DATA2)],
    )


def test_query_dataset_named_graphs_post(dataset):
    assert ask(
        dataset,
        f"ASK {{ GRAPH ?g1 {{ <{DATA1}> a ?type }} GRAPH ?g2 {{ <{DATA2}> a ?type }} }}",
        [("named-graph-uri", DATA1), ("named-graph-uri", DATA2)],
    )


def test_query_dataset_named_graphs_get(dataset):
    q = f"ASK {{ GRAPH ?g1 {{ <{DATA1}> a ?type }} GRAPH ?g2 {{ <{DATA2}> a ?type }} }}"
    r = dataset.get(
        "/sparql",
        params=[("query", q), ("named-graph-uri", DATA1), ("named-graph-uri", DATA2)],
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert r.status_code == 200 and "<boolean>true</boolean>" in r.text


def test_query_dataset_full(dataset):
    q = f"""ASK {{ <{DATA3}> a ?type
      GRAPH ?g1 {{ <{DATA1}> a ?type }}
      GRAPH ?g2 {{ <{DATA2}> a ?type }} }}"""
    assert ask(
        dataset,
        q,
        [("default-graph-uri", DATA3), ("named-graph-uri", DATA1), ("named-graph-uri", DATA2)],
    )
    # and the dataset really is restricted: data3 is not a named graph of it
    assert not ask(
        dataset,
        f"ASK {{ GRAPH ?g {{ <{DATA3}> a ?type }} }}",
        [("default-graph-uri", DATA3), ("named-graph-uri", DATA1)],
    )


def test_query_multiple_dataset(dataset):
    """The protocol's dataset overrides FROM in the query."""
    assert ask(
        dataset, f"ASK FROM <{DATA3}> {{ <{DATA1}> a ?type }}", [("default-graph-uri", DATA1)]
    )


def test_query_get(live_server):
    r = live_server.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200 and r.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("accept", RESULT_TYPES[:2])
def test_query_content_type_select(live_server, accept):
    r = live_server.get(
        "/sparql", params={"query": "SELECT (1 AS ?value) {}"}, headers={"Accept": accept}
    )
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] in RESULT_TYPES


def test_query_content_type_ask(live_server):
    r = live_server.get(
        "/sparql",
        params={"query": "ASK {}"},
        headers={"Accept": "application/sparql-results+xml, application/sparql-results+json"},
    )
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] in RESULT_TYPES[:2]


def test_query_content_type_describe(live_server):
    r = live_server.get(
        "/sparql",
        params={"query": "DESCRIBE <http://example.org/nothing>"},
        headers={"Accept": "application/rdf+xml, text/turtle"},
    )
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] in RDF_TYPES


def test_query_content_type_construct(live_server):
    r = live_server.get(
        "/sparql",
        params={"query": "CONSTRUCT { <urn:s> <urn:p> 1 } WHERE {}"},
        headers={"Accept": "application/rdf+xml, text/turtle"},
    )
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] in RDF_TYPES
    assert "urn:s" in r.text


def test_update_dataset_default_graph(dataset):
    g = TEST_GRAPHS[0]
    r = update(
        dataset,
        f"""PREFIX dc: <http://purl.org/dc/terms/> PREFIX foaf: <{FOAF}>
        INSERT {{ GRAPH <{g}> {{ ?s a dc:BibliographicResource }} }} WHERE {{ ?s a foaf:Document }}""",
        [("using-graph-uri", DATA1)],
    )
    assert r.status_code == 204, r.text
    assert ask(
        dataset,
        f"""ASK {{ GRAPH <{g}> {{ <{DATA1}> a <http://purl.org/dc/terms/BibliographicResource> }}
        FILTER NOT EXISTS {{ GRAPH <{g}> {{ <{DATA2}> a <http://purl.org/dc/terms/BibliographicResource> }} }} }}""",
    )


def test_update_dataset_default_graphs(dataset):
    g = TEST_GRAPHS[1]
    r = update(
        dataset,
        f"""PREFIX dc: <http://purl.org/dc/terms/> PREFIX foaf: <{FOAF}>
        INSERT {{ GRAPH <{g}> {{ ?s a dc:BibliographicResource }} }} WHERE {{ ?s a foaf:Document }}""",
        [("using-graph-uri", DATA1), ("using-graph-uri", DATA2)],
    )
    assert r.status_code == 204, r.text
    assert ask(
        dataset,
        f"""ASK {{ GRAPH <{g}> {{ <{DATA1}> a <http://purl.org/dc/terms/BibliographicResource> .
        <{DATA2}> a <http://purl.org/dc/terms/BibliographicResource> }}
        FILTER NOT EXISTS {{ GRAPH <{g}> {{ <{DATA3}> a <http://purl.org/dc/terms/BibliographicResource> }} }} }}""",
    )


def test_update_dataset_named_graphs(dataset):
    g = TEST_GRAPHS[2]
    r = update(
        dataset,
        f"""PREFIX dc: <http://purl.org/dc/terms/> PREFIX foaf: <{FOAF}>
        INSERT {{ GRAPH <{g}> {{ ?s a dc:BibliographicResource }} }} WHERE {{ GRAPH ?g {{ ?s a foaf:Document }} }}""",
        [("using-named-graph-uri", DATA1), ("using-named-graph-uri", DATA2)],
    )
    assert r.status_code == 204, r.text
    assert ask(
        dataset,
        f"""ASK {{ GRAPH <{g}> {{ <{DATA1}> a <http://purl.org/dc/terms/BibliographicResource> .
        <{DATA2}> a <http://purl.org/dc/terms/BibliographicResource> }}
        FILTER NOT EXISTS {{ GRAPH <{g}> {{ <{DATA3}> a <http://purl.org/dc/terms/BibliographicResource> }} }} }}""",
    )


def test_update_dataset_full(dataset):
    g = TEST_GRAPHS[3]
    r = update(
        dataset,
        f"""PREFIX foaf: <{FOAF}>
        INSERT {{ GRAPH <{g}> {{ ?s <http://example.org/in> ?in }} }}
        WHERE {{ {{ GRAPH ?g {{ ?s a foaf:Document }} BIND(?g AS ?in) }}
                 UNION {{ ?s a foaf:Document . BIND("default" AS ?in) }} }}""",
        [("using-graph-uri", DATA1), ("using-named-graph-uri", DATA2)],
    )
    assert r.status_code == 204, r.text
    assert ask(
        dataset,
        f"""ASK {{ GRAPH <{g}> {{ <{DATA1}> <http://example.org/in> "default" .
        <{DATA2}> <http://example.org/in> <{DATA2}> . }}
        FILTER NOT EXISTS {{ GRAPH <{g}> {{ <{DATA3}> ?p ?o }} }} }}""",
    )


def test_update_post_form(dataset):
    r = dataset.post(
        "/sparql",
        data={"update": f"CLEAR GRAPH <{DATA3}>"},
        headers={"Authorization": f"Bearer {dataset.token}"},
    )
    assert r.status_code == 204, r.text
    assert not ask(dataset, f"ASK {{ GRAPH <{DATA3}> {{ ?s ?p ?o }} }}")


def test_update_post_direct(dataset):
    assert update(dataset, f"CLEAR GRAPH <{DATA2}>").status_code == 204
    assert not ask(dataset, f"ASK {{ GRAPH <{DATA2}> {{ ?s ?p ?o }} }}")


def test_update_base_uri(dataset):
    g = TEST_GRAPHS[4]
    r = update(
        dataset,
        f"CLEAR SILENT GRAPH <{g}> ;\n"
        f"INSERT DATA {{ GRAPH <{g}> {{ <http://example.org/s> <http://example.org/p> <test> }} }}",
    )
    assert r.status_code == 204, r.text
    r = dataset.post(
        "/sparql",
        data={
            "query": f"SELECT ?o WHERE {{ GRAPH <{g}> {{ <http://example.org/s> <http://example.org/p> ?o }} }}"
        },
        headers={"Accept": "application/sparql-results+json"},
    )
    (row,) = r.json()["results"]["bindings"]
    assert row["o"]["type"] == "uri" and row["o"]["value"] != "test"
    assert (
        row["o"]["value"] == dataset.env["KG_BASE_IRI"] + "test"
    )  # resolved against our endpoint, not the engine's


def test_query_post_direct(live_server):
    assert ask(live_server, "ASK {}")


def test_bad_query_method(live_server):
    r = live_server.request(
        "PUT",
        "/sparql",
        params={"query": "ASK {}", "default-graph-uri": D + "data0.rdf"},
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 405 and "POST" in r.headers["Allow"]


def test_bad_multiple_queries(live_server):
    r = live_server.get("/sparql", params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert r.status_code == 400


def test_bad_query_wrong_media_type(live_server):
    r = live_server.post("/sparql", data=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_bad_query_missing_form_type(live_server):
    r = live_server.post("/sparql", data=b"query=ASK%20%7B%7D", headers={"Content-Type": ""})
    assert r.status_code == 415


def test_bad_query_missing_direct_type(live_server):
    r = live_server.post("/sparql", data=b"ASK {}", headers={"Content-Type": ""})
    assert r.status_code == 415


def test_bad_query_non_utf8(live_server):
    r = live_server.post(
        "/sparql",
        data="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert r.status_code == 415


def test_bad_query_syntax(live_server):
    r = live_server.get("/sparql", params={"query": "ASK {"})
    assert r.status_code == 400
    assert "1:6" in r.text  # the parser's message with its position


def test_bad_update_get(live_server):
    r = live_server.get("/sparql", params={"update": "CLEAR ALL"})
    assert r.status_code == 405


def test_bad_multiple_updates(live_server):
    r = live_server.post(
        "/sparql",
        data=[("update", "CLEAR NAMED"), ("update", "CLEAR DEFAULT")],
        headers={"Authorization": f"Bearer {live_server.token}"},
    )
    assert r.status_code == 400


def test_bad_update_wrong_media_type(live_server):
    r = live_server.post(
        "/sparql",
        data=b"CLEAR NAMED",
        headers={"Content-Type": "text/plain", "Authorization": f"Bearer {live_server.token}"},
    )
    assert r.status_code == 415


def test_bad_update_missing_form_type(live_server):
    r = live_server.post(
        "/sparql",
        data=b"update=CLEAR%20NAMED",
        headers={"Content-Type": "", "Authorization": f"Bearer {live_server.token}"},
    )
    assert r.status_code == 415


def test_bad_update_non_utf8(live_server):
    r = live_server.post(
        "/sparql",
        data="CLEAR NAMED".encode("utf-16"),
        headers={
            "Content-Type": "application/sparql-update; charset=UTF-16",
            "Authorization": f"Bearer {live_server.token}",
        },
    )
    assert r.status_code == 415


def test_bad_update_syntax(live_server):
    r = update(live_server, "INSERT DATA { GRAPH <http://example.org/g> { <a> <b> }")
    assert r.status_code == 400 and "error at" in r.text


def test_bad_update_dataset_conflict(live_server):
    r = update(
        live_server,
        f"""PREFIX foaf: <{FOAF}>
        INSERT {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{ ?s a foaf:Document }} }}
        USING <{DATA1}> WHERE {{ ?s a foaf:Document }}""",
        [("using-named-graph-uri", DATA1)],
    )
    assert r.status_code == 400
