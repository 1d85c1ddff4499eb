"""What Virtuoso 7.2.5 does with writes, pinned on the real engine (docs/virtuoso-notes.md says the
same): SPARQL Update, its limits, the Graph Store Protocol, what readers see meanwhile, the 10,000-row
cut, and the process killed and restarted. Graphs of their own under http://kg.test/ only.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from .calls import JSON, XSD, count, rows, select, triples, update

# -- updates ---------------------------------------------------------------------------------------


def test_drop_then_insert_in_one_request_replaces_the_graph(virtuoso_engine):
    g = "http://kg.test/replace"
    ins = 'INSERT DATA {{ GRAPH <{g}> {{ <http://kg.test/s> <http://kg.test/p> "{v}" }} }}'
    assert update(virtuoso_engine, f"DROP SILENT GRAPH <{g}> ; " + ins.format(g=g, v="old")).ok
    assert update(virtuoso_engine, ins.format(g=g, v="old2")).ok
    assert count(virtuoso_engine, g) == 2
    assert update(virtuoso_engine, f"DROP SILENT GRAPH <{g}> ; " + ins.format(g=g, v="new")).ok
    assert [
        b["o"]["value"]
        for b in rows(virtuoso_engine, f"SELECT ?o {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    ] == ["new"]


def test_a_request_of_several_operations_is_not_atomic(virtuoso_engine):
    """A compile error rejects the whole request; a run-time failure of a later operation leaves the
    earlier ones done (here: the DROP happened, the LOAD failed with a 500)."""
    g = "http://kg.test/atomic"
    keep = f'INSERT DATA {{ GRAPH <{g}> {{ <http://kg.test/s> <http://kg.test/p> "kept" }} }}'
    assert update(virtuoso_engine, f"DROP SILENT GRAPH <{g}> ; {keep}").ok
    bad_int = f'INSERT DATA {{ GRAPH <{g}> {{ <http://kg.test/s> <http://kg.test/p> "x"^^<{XSD}integer> }} }}'
    r = update(virtuoso_engine, f"DROP SILENT GRAPH <{g}> ; {bad_int}")
    assert r.status_code == 400 and "Invalid integer value converting 'x'" in r.text
    assert count(virtuoso_engine, g) == 1
    r = update(
        virtuoso_engine,
        f"DROP SILENT GRAPH <{g}> ; LOAD <file:///nonexistent.ttl> INTO GRAPH <{g}>",
    )
    assert r.status_code == 500 and "Error FA003: Access to '/nonexistent.ttl' is denied" in r.text
    assert count(virtuoso_engine, g) == 0


def test_blank_nodes_are_refused_in_insert_data(virtuoso_engine):
    g = "http://kg.test/bnodes"
    r = update(
        virtuoso_engine,
        f"INSERT DATA {{ GRAPH <{g}> {{ <http://kg.test/s> <http://kg.test/p> _:b }} }}",
    )
    assert r.status_code == 400
    assert "SP031: SPARQL compiler: Blank node '_:b' is not allowed in a constant clause" in r.text
    # INSERT ... WHERE {} takes them; they come back as nodeID:// IRIs-looking labels
    r = update(
        virtuoso_engine,
        f"DROP SILENT GRAPH <{g}> ; "
        f"INSERT {{ GRAPH <{g}> {{ <http://kg.test/s> <http://kg.test/p> _:b }} }} WHERE {{}}",
    )
    assert r.ok
    (b,) = rows(virtuoso_engine, f"SELECT ?o {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    assert b["o"]["type"] == "bnode" and b["o"]["value"].startswith("nodeID://b")
    tsv = select(
        virtuoso_engine, f"SELECT ?o {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", "text/tab-separated-values"
    )
    assert re.fullmatch(r'"o"\n"nodeID://b\d+"\n', tsv.text)  # a quoted string, like a literal


def test_one_insert_data_holds_at_most_about_1400triples(virtuoso_engine):
    """INSERT DATA is compiled to SQL: ~1,400 such triples per operation at most; beyond, a 400 (SP031
    "generated SQL text has exceeded 10000 lines") and nothing of the request is done. (Compiling is
    also slow, growing faster than the triple count: see docs/virtuoso-notes.md.)"""
    g = "http://kg.test/limits"
    ins = "INSERT DATA {{ GRAPH <{g}> {{ {t} }} }}"
    assert update(
        virtuoso_engine, f"DROP SILENT GRAPH <{g}> ; " + ins.format(g=g, t=triples(300))
    ).ok
    assert count(virtuoso_engine, g) == 300
    r = update(virtuoso_engine, f"DROP SILENT GRAPH <{g}> ; " + ins.format(g=g, t=triples(2000)))
    assert r.status_code == 400
    assert (
        "SP031: SPARQL: Internal error: The length of generated SQL text has exceeded 10000 lines"
        in r.text
    )
    assert count(virtuoso_engine, g) == 300  # the DROP before it did not happen either


def test_a_write_without_permission_is_a_500_on_sparql_and_a_403_on_the_graph_store(
    virtuoso_engine,
):
    """What kg's probe sees from a user who may read but not write (SPARQL_SELECT only)."""
    e = virtuoso_engine
    e.isql("DB.DBA.USER_CREATE('kgreader', 'readonly'); GRANT SPARQL_SELECT TO \"kgreader\";")
    reader = HTTPDigestAuth("kgreader", "readonly")
    r = requests.post(e.auth_url, data={"query": "ASK {}"}, auth=reader, timeout=10)
    assert r.text == "true"
    g = "http://kg.test/read-only"
    ins = f"INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> 1 }} }}"
    r = requests.post(e.auth_url, data={"update": ins}, auth=reader, timeout=10)
    assert r.status_code == 500
    assert (
        "SR186:SECURITY: No permission to execute procedure DB.DBA.SPARQL_INSERT_DICT_CONTENT"
        in r.text
    )
    r = requests.put(
        e.graph_store_url,
        params={"graph": g},
        data=b"<urn:a> <urn:b> 1 .",
        headers={"Content-Type": "text/turtle"},
        auth=reader,
        timeout=10,
    )
    assert r.status_code == 403
    assert count(e, g) == 0


# -- Graph Store Protocol --------------------------------------------------------------------------


def test_graph_store_protocol_with_digest(virtuoso_engine):
    e = virtuoso_engine
    g = {"graph": "http://kg.test/gsp"}
    ttl = {"Content-Type": "text/turtle"}

    def put(body: bytes) -> requests.Response:
        return requests.put(
            e.graph_store_url, params=g, data=body, headers=ttl, auth=e.digest(), timeout=10
        )

    requests.delete(e.graph_store_url, params=g, auth=e.digest(), timeout=10)
    assert put(b'<http://kg.test/s> <http://kg.test/p> "one" .').status_code == 201
    assert put('<http://kg.test/s> <http://kg.test/p> "two", "é"@fr .'.encode()).status_code == 200
    r = requests.get(
        e.graph_store_url,
        params=g,
        auth=e.digest(),
        headers={"Accept": "application/n-triples"},
        timeout=10,
    )
    assert (
        r.status_code == 200 and r.headers["Content-Type"] == "application/n-triples; charset=UTF-8"
    )
    assert sorted(r.text.splitlines()) == [
        '<http://kg.test/s>\t<http://kg.test/p>\t"\\u00E9"@fr .',
        '<http://kg.test/s>\t<http://kg.test/p>\t"two" .',
    ]
    # a malformed body: 500 (not 400), a misleading message, the graph unchanged
    bad = put(b'<http://kg.test/s> <http://kg.test/p> "unterminated')
    assert bad.status_code == 500 and "SPARQL Graph Protocol request failed" in bad.text
    assert count(e, g["graph"]) == 2
    assert (
        requests.get(
            e.graph_store_url, params=g, auth=HTTPBasicAuth(e.user, e.password), timeout=10
        ).status_code
        == 401
    )
    assert (
        requests.delete(e.graph_store_url, params=g, auth=e.digest(), timeout=10).status_code == 200
    )
    assert requests.get(e.graph_store_url, params=g, auth=e.digest(), timeout=10).status_code == 404
    assert (
        requests.delete(e.graph_store_url, params=g, auth=e.digest(), timeout=10).status_code == 404
    )
    r = requests.get(e.graph_store_url, params={"default": ""}, auth=e.digest(), timeout=10)
    assert r.status_code == 500 and "not configured to have default graph" in r.text


def test_anonymous_graph_store_writes_once_granted(virtuoso_engine):
    e = virtuoso_engine
    g = {"graph": "http://kg.test/open-gsp"}
    r = requests.put(
        e.open_graph_store_url,
        params=g,
        data=b"<urn:a> <urn:b> 2 .",
        headers={"Content-Type": "text/turtle"},
        timeout=10,
    )
    assert r.status_code in (200, 201)
    assert count(e, g["graph"]) == 1


# -- the 10,000-row cut ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_graph(virtuoso_engine):
    """12,000 triples in one graph, put through the Graph Store (which has no such size limit)."""
    g = "http://kg.test/big"
    r = requests.put(
        virtuoso_engine.graph_store_url,
        params={"graph": g},
        data=triples(12_000).encode(),
        headers={"Content-Type": "application/n-triples"},
        auth=virtuoso_engine.digest(),
        timeout=60,
    )
    assert r.status_code in (200, 201), r.text
    return g


def test_answers_are_cut_at_result_set_max_rows(virtuoso_engine, big_graph):
    """ResultSetMaxRows (10,000 in the shipped virtuoso.ini) silently cuts SELECT, CONSTRUCT and even a
    Graph Store GET: still a 200; only SELECT says so, in an X-SPARQL-MaxRows header."""
    e = virtuoso_engine
    assert count(e, big_graph) == 12_000
    r = select(e, f"SELECT ?s {{ GRAPH <{big_graph}> {{ ?s ?p ?o }} }}", "text/csv")
    assert len(r.text.splitlines()) == 1 + 10_000 and r.headers["X-SPARQL-MaxRows"] == "10000"
    q = f"CONSTRUCT {{ ?s ?p ?o }} {{ GRAPH <{big_graph}> {{ ?s ?p ?o }} }}"
    r = select(e, q, "application/n-triples")
    assert r.text.count(" .\n") == 10_001 and "X-SPARQL-MaxRows" not in r.headers
    r = requests.get(
        e.graph_store_url,
        params={"graph": big_graph},
        headers={"Accept": "application/n-triples"},
        auth=e.digest(),
        timeout=60,
    )
    assert r.status_code == 200 and r.text.count(" .\n") == 10_001


def test_paging_past_the_row_limit_works_only_without_order_by(virtuoso_engine, big_graph):
    e = virtuoso_engine
    q = f"SELECT ?s {{ GRAPH <{big_graph}> {{ ?s ?p ?o }} }}"
    # the last of three pages of 5,000 (in the engine's order: fine for a dump, not for a listing)
    r = select(e, f"{q} OFFSET 10000 LIMIT 5000", "text/csv")
    assert len(r.text.splitlines()) == 1 + 2000 and "X-SPARQL-MaxRows" not in r.headers
    r = requests.get(
        e.sparql_url, params={"query": f"{q} ORDER BY ?s OFFSET 9000 LIMIT 2000"}, timeout=30
    )
    assert r.status_code == 500
    assert "SR353: Sorted TOP clause specifies more then 11000 rows to sort. Only 10000" in r.text


# -- what readers see while a graph is replaced ----------------------------------------------------


def _replace_while_reading(engine, graph: str, replace, seconds: float, stop_on=None) -> set[int]:
    """Replace `graph` (300 triples) again and again while two readers count it; the counts seen."""
    seen: set[int] = set()
    done = threading.Event()
    q = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"

    def read() -> None:
        with requests.Session() as s:
            while not done.is_set():
                r = s.get(engine.sparql_url, params={"query": q}, headers=JSON, timeout=30)
                n = int(r.json()["results"]["bindings"][0]["n"]["value"])
                seen.add(n)
                if n == stop_on:
                    done.set()

    replace()
    readers = [threading.Thread(target=read) for _ in range(2)]
    for t in readers:
        t.start()
    deadline = time.monotonic() + seconds
    try:
        while not done.is_set() and time.monotonic() < deadline:
            replace()
    finally:
        done.set()
        for t in readers:
            t.join(30)
    return seen


def test_drop_and_insert_in_one_request_is_isolated_from_readers(virtuoso_engine):
    g = "http://kg.test/isolated"
    text = f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ {triples(300)} }} }}"
    seen = _replace_while_reading(virtuoso_engine, g, lambda: update(virtuoso_engine, text), 1.5)
    assert seen == {300}


def test_graph_store_put_shows_readers_an_empty_graph(virtuoso_engine):
    """PUT empties the graph, commits, then loads: a reader in between sees the graph empty."""
    e = virtuoso_engine
    g = "http://kg.test/put-window"
    body = triples(300).encode()

    def put() -> None:
        r = requests.put(
            e.graph_store_url,
            params={"graph": g},
            data=body,
            headers={"Content-Type": "application/n-triples"},
            auth=e.digest(),
            timeout=30,
        )
        assert r.status_code in (200, 201)

    assert 0 in _replace_while_reading(e, g, put, 20, stop_on=0)


def test_drop_graphs_drops_only_the_graphs_under_a_prefix(virtuoso_engine):
    e = virtuoso_engine
    for g in ("http://kg.test/drop/1", "http://kg.test/drop/2", "http://kg.test/keep"):
        assert update(e, f"INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> 1 }} }}").ok
    assert e.drop_graphs("http://kg.test/drop/") == 2
    assert (count(e, "http://kg.test/drop/1"), count(e, "http://kg.test/keep")) == (0, 1)


# -- the process (last: it kills the shared engine) ------------------------------------------------


def test_kill_and_restart_keeps_ports_and_committed_data(virtuoso_engine):
    e = virtuoso_engine
    g = "http://kg.test/restart"
    e.isql("checkpoint;")  # the restart then replays only the write below from the transaction log
    assert update(
        e, f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ <urn:s> <urn:p> 1 }} }}"
    ).ok
    port = e.http_port
    e.kill()
    with pytest.raises(requests.ConnectionError):
        requests.get(e.sparql_url, params={"query": "ASK {}"}, timeout=5)
    e.restart()
    assert e.http_port == port and e.running
    assert count(e, g) == 1
