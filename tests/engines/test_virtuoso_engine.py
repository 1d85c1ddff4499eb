"""What Virtuoso 7.2.5 really does, pinned on the real engine (docs/virtuoso-notes.md says the same).

These tests talk to Virtuoso directly, not through kg: they are the facts kg's Virtuoso profile rests on,
and they fail when an upgraded engine behaves differently. Each test writes only graphs of its own under
http://kg.test/<test>/, so the session's shared engine stays usable by the kg suites.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

XSD = "http://www.w3.org/2001/XMLSchema#"
JSON = {"Accept": "application/sparql-results+json"}
SYSTEM_GRAPHS = {
    "http://localuriqaserver/sparql": 14,
    "http://www.openlinksw.com/schemas/virtrdf#": 2479,
    "http://www.w3.org/ns/ldp#": 3,
}
LONG = "é" * 100_000 + "\n" + "x" * 100_000


def update(engine, text: str, **kw) -> requests.Response:
    return requests.post(engine.sparql_url, data={"update": text}, timeout=30, **kw)


def select(engine, query: str, accept: str = JSON["Accept"]) -> requests.Response:
    r = requests.get(
        engine.sparql_url, params={"query": query}, headers={"Accept": accept}, timeout=30
    )
    assert r.status_code == 200, r.text
    return r


def rows(engine, query: str) -> list[dict]:
    return select(engine, query).json()["results"]["bindings"]


def count(engine, graph: str) -> int:
    q = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(rows(engine, q)[0]["n"]["value"])


@pytest.fixture(scope="module")
def literals(virtuoso_engine):
    """One subject with the literals kg publishes: newline and tab, quotes, non-ASCII, a language tag
    with a region, two xsd:dateTime forms, an integer, a 200,001-character literal."""
    g = "http://kg.test/literals"
    text = 'tab\\there\\nnewline \\"q\\" é 日本'
    body = (
        f'"{text}", "hi"@en-GB, "2024-05-01T10:00:00Z"^^<{XSD}dateTime>, '
        f'"2024-05-01T10:00:00.123+02:00"^^<{XSD}dateTime>, 42, "{LONG.replace(chr(10), chr(92) + "n")}"'
    )
    r = update(
        virtuoso_engine,
        f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ <http://kg.test/a> <http://kg.test/p> {body} }} }}",
    )
    assert r.status_code == 200, r.text
    return g


# -- who answers ---------------------------------------------------------------------------------


def test_server_header_names_virtuoso_and_its_version(virtuoso_engine):
    r = requests.get(virtuoso_engine.sparql_url, params={"query": "ASK {}"}, timeout=10)
    assert r.headers["Server"].startswith("Virtuoso/07.20.3229 ")
    assert "07.20.3229" in virtuoso_engine.isql("SELECT sys_stat('st_dbms_ver');")


# -- how a query must be sent --------------------------------------------------------------------


def test_query_by_get_and_by_form_post(virtuoso_engine):
    q = {"query": "ASK { }"}
    assert requests.get(virtuoso_engine.sparql_url, params=q, headers=JSON, timeout=10).json() == {
        "head": {"link": []},
        "boolean": True,
    }
    r = requests.post(virtuoso_engine.sparql_url, data=q, headers=JSON, timeout=10)
    assert r.json()["boolean"] is True


def test_query_as_sparql_query_body_is_never_answered(virtuoso_engine):
    """The issue's claim: a POST with an application/sparql-query body gets no answer at all (Virtuoso
    spins on it while the connection is open). The engine still answers other requests afterwards."""
    with pytest.raises(requests.ReadTimeout):
        requests.post(
            virtuoso_engine.sparql_url,
            data=b"ASK {}",
            headers={"Content-Type": "application/sparql-query", **JSON},
            timeout=(2, 1.5),
        )
    r = requests.get(virtuoso_engine.sparql_url, params={"query": "ASK {}"}, timeout=10)
    assert r.status_code == 200


def test_update_as_form_or_as_sparql_update_body(virtuoso_engine):
    g = "http://kg.test/update-forms"
    assert update(virtuoso_engine, f"DROP SILENT GRAPH <{g}>").status_code == 200
    ins = f"INSERT DATA {{ GRAPH <{g}> {{ <http://kg.test/s> <http://kg.test/p> 1 }} }}"
    assert update(virtuoso_engine, ins).status_code == 200
    # the update body is answered (unlike a query body); `query=` carries updates as well
    r = requests.post(
        virtuoso_engine.sparql_url,
        data=ins.replace(" 1 ", " 2 ").encode(),
        headers={"Content-Type": "application/sparql-update"},
        timeout=10,
    )
    assert r.status_code == 200
    r = requests.post(
        virtuoso_engine.sparql_url, data={"query": ins.replace(" 1 ", " 3 ")}, timeout=10
    )
    assert r.status_code == 200
    # the answer to an update is a result set of one message, not an empty body
    assert "Insert into &lt;http://kg.test/update-forms&gt;, 1 (or less) triples -- done" in r.text
    assert count(virtuoso_engine, g) == 3


# -- SELECT result formats -----------------------------------------------------------------------


def test_json_keeps_every_term_but_lowercases_language_tags(virtuoso_engine, literals):
    got = {
        b["o"]["value"]: b["o"]
        for b in rows(virtuoso_engine, f"SELECT ?o {{ GRAPH <{literals}> {{ ?s ?p ?o }} }}")
    }
    assert got['tab\there\nnewline "q" é 日本'] == {
        "type": "literal",
        "value": 'tab\there\nnewline "q" é 日本',
    }
    assert got["hi"] == {"type": "literal", "xml:lang": "en-gb", "value": "hi"}  # not en-GB
    # SPARQL 1.0's "typed-literal", not 1.1's "literal" with a datatype; lexical forms kept as written
    for stamp in ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.123+02:00"):
        assert got[stamp] == {"type": "typed-literal", "datatype": XSD + "dateTime", "value": stamp}
    assert got["42"]["datatype"] == XSD + "integer"
    assert LONG in got
    raw = select(virtuoso_engine, f"SELECT ?o {{ GRAPH <{literals}> {{ ?s ?p ?o }} }}").content
    assert b"\\u00E9" in raw  # non-ASCII is escaped: the body is pure ASCII
    assert raw.isascii()


def test_tsv_is_not_sparql_1_1_tsv(virtuoso_engine, literals):
    q = f"SELECT ?s ?o {{ GRAPH <{literals}> {{ ?s ?p ?o }} FILTER(!isNumeric(?o) && STRLEN(STR(?o)) < 100) }}"
    r = select(virtuoso_engine, q, "text/tab-separated-values")
    assert r.headers["Content-Type"] == "text/tab-separated-values; charset=UTF-8"
    text = r.text
    assert text.startswith('"s"\t"o"\n')  # SPARQL 1.1: ?s\t?o
    assert '"http://kg.test/a"\t"hi"\n' in text  # 1.1: <http://kg.test/a>\t"hi"@en-GB
    # raw tab and newline inside a literal, quotes doubled (CSV style): a line is not a row
    assert '"http://kg.test/a"\t"tab\there\nnewline ""q"" é 日本"\n' in text
    # dateTimes unquoted and untyped: indistinguishable from a plain number or string
    assert '"http://kg.test/a"\t2024-05-01T10:00:00Z\n' in text
    assert len(text.splitlines()) == 1 + 4 + 1  # header, 4 rows, one of them broken in two


def test_csv_loses_term_types(virtuoso_engine, literals):
    q = f"SELECT ?s ?o {{ GRAPH <{literals}> {{ ?s ?p ?o }} FILTER(isNumeric(?o)) }}"
    assert select(virtuoso_engine, q, "text/csv").text == '"s","o"\n"http://kg.test/a",42\n'


def test_xml_results_are_answered_by_default(virtuoso_engine, literals):
    r = requests.get(
        virtuoso_engine.sparql_url,
        params={
            "query": f"SELECT ?o {{ GRAPH <{literals}> {{ ?s ?p ?o }} FILTER(lang(?o) != '') }}"
        },
        timeout=10,
    )
    assert r.headers["Content-Type"] == "application/sparql-results+xml; charset=UTF-8"
    assert '<literal xml:lang="en-gb">hi</literal>' in r.text


def test_results_are_sent_whole_with_a_content_length(virtuoso_engine):
    """No chunked streaming: Virtuoso builds the whole answer first (here ~700 KB of JSON)."""
    g = "http://www.openlinksw.com/schemas/virtrdf#"
    r = select(virtuoso_engine, f"SELECT * {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    assert "Transfer-Encoding" not in r.headers
    assert int(r.headers["Content-Length"]) == len(r.content) > 500_000


# -- ASK and CONSTRUCT ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept, content_type, body",
    [
        ("application/sparql-results+json", "application/sparql-results+json", '"boolean": true'),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<boolean>true</boolean>",
        ),
        ("text/csv", "text/csv", '"bool"\n1\n'),
        ("*/*", "text/html", "true"),
    ],
)
def test_ask_formats(virtuoso_engine, literals, accept, content_type, body):
    r = select(virtuoso_engine, f"ASK {{ GRAPH <{literals}> {{ ?s ?p ?o }} }}", accept)
    assert r.headers["Content-Type"].split(";")[0] == content_type
    assert body in r.text


def test_construct_formats(virtuoso_engine, literals):
    q = f"CONSTRUCT {{ ?s ?p ?o }} {{ GRAPH <{literals}> {{ ?s ?p ?o }} FILTER(lang(?o) != '') }}"
    nt = select(virtuoso_engine, q, "application/n-triples")
    assert nt.headers["Content-Type"] == "application/n-triples; charset=UTF-8"
    assert nt.text == '<http://kg.test/a>\t<http://kg.test/p>\t"hi"@en-gb .\n'  # tabs, not spaces
    ttl = select(virtuoso_engine, q, "text/turtle").text
    assert (
        ttl == '@prefix ns0:\t<http://kg.test/> .\nns0:a\tns0:p\t"hi"@en-gb .'
    )  # no final newline
    assert select(virtuoso_engine, q, "*/*").headers["Content-Type"].startswith("text/turtle")
    q_all = f"CONSTRUCT {{ ?s ?p ?o }} {{ GRAPH <{literals}> {{ ?s ?p ?o }} FILTER(STRLEN(STR(?o)) < 100) }}"
    nt_all = select(virtuoso_engine, q_all, "application/n-triples").text
    assert '"tab\\there\\nnewline \\"q\\" \\u00E9 \\u65E5\\u672C"' in nt_all  # ASCII N-Triples
    r = requests.get(
        virtuoso_engine.sparql_url,
        params={"query": q},
        headers={"Accept": "application/n-quads"},
        timeout=10,
    )
    assert r.status_code == 406  # no N-Quads from /sparql


# -- authentication ------------------------------------------------------------------------------


def test_auth_endpoint_speaks_digest_only(virtuoso_engine):
    e = virtuoso_engine
    ask = {"query": "ASK {}"}
    r = requests.get(e.auth_url, params=ask, timeout=10)
    assert r.status_code == 401
    challenge = r.headers["WWW-Authenticate"]
    assert challenge.startswith('Digest realm="SPARQL", domain="/sparql-auth"')
    assert 'qop="auth", algorithm="MD5"' in challenge
    basic = requests.get(e.auth_url, params=ask, auth=HTTPBasicAuth(e.user, e.password), timeout=10)
    assert basic.status_code == 401 and basic.content == b""
    assert requests.get(e.auth_url, params=ask, auth=e.digest(), timeout=10).text == "true"
    wrong = requests.get(e.auth_url, params=ask, auth=HTTPDigestAuth(e.user, "wrong"), timeout=10)
    assert wrong.status_code == 401
    g = "http://kg.test/digest"
    r = requests.post(
        e.auth_url,
        data={
            "update": f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ <urn:s> <urn:p> 1 }} }}"
        },
        auth=e.digest(),
        timeout=10,
    )
    assert r.status_code == 200 and count(e, g) == 1


# -- updates -------------------------------------------------------------------------------------


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


# -- graphs --------------------------------------------------------------------------------------


def test_system_graphs_are_in_the_default_graph_which_is_the_union(virtuoso_engine):
    per_graph = {
        b["g"]["value"]: int(b["n"]["value"])
        for b in rows(
            virtuoso_engine, "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
    }
    for g, n in SYSTEM_GRAPHS.items():
        assert per_graph[g] == n
    total = int(rows(virtuoso_engine, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"]["value"])
    assert total == sum(per_graph.values())
    # restricting to one's own graphs by IRI prefix leaves the system graphs out
    own = rows(
        virtuoso_engine,
        'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "http://kg.test/")) }',
    )
    assert int(own[0]["n"]["value"]) == sum(
        n for g, n in per_graph.items() if g.startswith("http://kg.test/")
    )


def test_unknown_graph_is_empty_not_an_error(virtuoso_engine):
    q = "SELECT * FROM <http://kg.test/none> { ?s ?p ?o }"
    assert select(virtuoso_engine, q).json()["results"]["bindings"] == []


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


# -- errors --------------------------------------------------------------------------------------


def test_syntax_error_is_a_400_in_plain_text(virtuoso_engine):
    r = requests.get(
        virtuoso_engine.sparql_url, params={"query": "SELEC * {"}, headers=JSON, timeout=10
    )
    assert r.status_code == 400 and r.headers["Content-Type"] == "text/plain"
    assert r.text.startswith(
        "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error at 'SELEC'"
    )


# -- the process ---------------------------------------------------------------------------------


def test_kill_and_restart_keeps_ports_and_committed_data(virtuoso_engine):
    e = virtuoso_engine
    g = "http://kg.test/restart"
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


def test_a_type_error_in_a_filter_fails_the_query(virtuoso_engine, literals):
    """SPARQL 1.1 makes STRLEN(typed literal) an error that only drops the row; Virtuoso fails the query."""
    q = f"SELECT ?o {{ GRAPH <{literals}> {{ ?s ?p ?o }} FILTER(STRLEN(?o) < 100) }}"
    r = requests.get(virtuoso_engine.sparql_url, params={"query": q}, headers=JSON, timeout=10)
    assert (
        r.status_code == 500 and "SL001: The SPARQL 1.1 function strlen() needs a string" in r.text
    )


def test_digest_costs_one_challenge_per_session(virtuoso_engine):
    """requests' HTTPDigestAuth reuses the nonce: only a session's first request gets a 401 first."""
    with requests.Session() as s:
        s.auth = virtuoso_engine.digest()
        hist = [
            [
                h.status_code
                for h in s.get(virtuoso_engine.auth_url, params={"query": "ASK {}"}).history
            ]
            for _ in range(3)
        ]
    assert hist == [[401], [], []]


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


# -- limits --------------------------------------------------------------------------------------


def _triples(n: int, start: int = 0) -> str:
    return "\n".join(
        f'<http://kg.test/s{i}> <http://kg.test/p> "value {i}" .' for i in range(start, start + n)
    )


def test_one_insert_data_holds_at_most_about_1400_triples(virtuoso_engine):
    """INSERT DATA is compiled to SQL: ~1,400 such triples per operation at most; beyond, a 400 (SP031
    "generated SQL text has exceeded 10000 lines") and nothing of the request is done. (Compiling is
    also slow, growing faster than the triple count: see docs/virtuoso-notes.md.)"""
    g = "http://kg.test/limits"
    ins = "INSERT DATA {{ GRAPH <{g}> {{ {t} }} }}"
    assert update(
        virtuoso_engine, f"DROP SILENT GRAPH <{g}> ; " + ins.format(g=g, t=_triples(300))
    ).ok
    assert count(virtuoso_engine, g) == 300
    r = update(virtuoso_engine, f"DROP SILENT GRAPH <{g}> ; " + ins.format(g=g, t=_triples(2000)))
    assert r.status_code == 400
    assert (
        "SP031: SPARQL: Internal error: The length of generated SQL text has exceeded 10000 lines"
        in r.text
    )
    assert count(virtuoso_engine, g) == 300  # the DROP before it did not happen either


@pytest.fixture(scope="module")
def big_graph(virtuoso_engine):
    """12,000 triples in one graph, put through the Graph Store (which has no such size limit)."""
    g = "http://kg.test/big"
    r = requests.put(
        virtuoso_engine.graph_store_url,
        params={"graph": g},
        data=_triples(12_000).encode(),
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


# -- what readers see while a graph is replaced ---------------------------------------------------


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
    text = f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ {_triples(300)} }} }}"
    seen = _replace_while_reading(virtuoso_engine, g, lambda: update(virtuoso_engine, text), 1.5)
    assert seen == {300}


def test_graph_store_put_shows_readers_an_empty_graph(virtuoso_engine):
    """PUT empties the graph, commits, then loads: a reader in between sees the graph empty."""
    e = virtuoso_engine
    g = "http://kg.test/put-window"
    body = _triples(300).encode()

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


# -- more of CONSTRUCT, DESCRIBE and the default graph -------------------------------------------


def test_default_graph_uri_restricts_the_default_graph(virtuoso_engine, literals):
    e = virtuoso_engine
    q = {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": literals}
    r = requests.post(e.sparql_url, data=q, headers=JSON, timeout=10)
    assert r.json()["results"]["bindings"][0]["n"]["value"] == str(count(e, literals))


def test_empty_construct_is_a_comment_and_describe_ignores_the_union(virtuoso_engine, literals):
    e = virtuoso_engine
    empty = "CONSTRUCT { ?s ?p ?o } { GRAPH <http://kg.test/none> { ?s ?p ?o } }"
    assert select(e, empty, "application/n-triples").text == "# Empty NT\n"
    assert select(e, empty, "text/turtle").text == "# Empty TURTLE\n"
    # DESCRIBE finds nothing in the (union) default graph; with FROM it does
    assert select(e, "DESCRIBE <http://kg.test/a>", "application/n-triples").text == "# Empty NT\n"
    described = select(e, f"DESCRIBE <http://kg.test/a> FROM <{literals}>", "application/n-triples")
    assert described.text.count(" .\n") == count(e, literals)


def test_construct_as_json_is_a_result_set_with_unquoted_numbers(virtuoso_engine, literals):
    q = f"CONSTRUCT {{ ?s ?p ?o }} {{ GRAPH <{literals}> {{ ?s ?p ?o }} FILTER(isNumeric(?o)) }}"
    r = select(virtuoso_engine, q)
    assert r.headers["Content-Type"] == "application/sparql-results+json"
    assert '"value" : 42 ,' in r.text  # a JSON number where SPARQL JSON has strings


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
