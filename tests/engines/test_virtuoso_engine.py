"""What Virtuoso 7.2.5 answers to queries, pinned on the real engine (docs/virtuoso-notes.md says the
same; test_virtuoso_writes.py covers writes).

These tests talk to Virtuoso directly, not through kg: they are the facts kg's Virtuoso profile rests on,
and they fail when an upgraded engine behaves differently. They write only graphs of their own under
http://kg.test/, so the session's shared engine stays usable by the kg suites.
"""

from __future__ import annotations

import pytest
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from .calls import JSON, XSD, count, rows, select, update

SYSTEM_GRAPHS = {
    "http://localuriqaserver/sparql": 14,
    "http://www.openlinksw.com/schemas/virtrdf#": 2479,
    "http://www.w3.org/ns/ldp#": 3,
}
LONG = "é" * 100_000 + "\n" + "x" * 100_000


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


# -- who answers -----------------------------------------------------------------------------------


def test_server_header_names_virtuoso_and_its_version(virtuoso_engine):
    r = requests.get(virtuoso_engine.sparql_url, params={"query": "ASK {}"}, timeout=10)
    assert r.headers["Server"].startswith("Virtuoso/07.20.3229 ")
    assert "07.20.3229" in virtuoso_engine.isql("SELECT sys_stat('st_dbms_ver');")


# -- how a query must be sent ----------------------------------------------------------------------


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
            timeout=(2, 1.0),
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


# -- SELECT result formats -------------------------------------------------------------------------


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


def test_a_type_error_in_a_filter_fails_the_query(virtuoso_engine, literals):
    """SPARQL 1.1 makes STRLEN(typed literal) an error that only drops the row; Virtuoso fails the query."""
    q = f"SELECT ?o {{ GRAPH <{literals}> {{ ?s ?p ?o }} FILTER(STRLEN(?o) < 100) }}"
    r = requests.get(virtuoso_engine.sparql_url, params={"query": q}, headers=JSON, timeout=10)
    assert (
        r.status_code == 500 and "SL001: The SPARQL 1.1 function strlen() needs a string" in r.text
    )


def test_booleans_come_back_as_1_and_0(virtuoso_engine):
    """Stored xsd:boolean values come back in JSON as "1"/"0" (valid lexical forms, not the ones
    written); a computed boolean is even an xsd:integer. CONSTRUCT keeps "true"/"false"."""
    e = virtuoso_engine
    g = "http://kg.test/booleans"
    data = f'<http://kg.test/z> <http://kg.test/flag> true, "false"^^<{XSD}boolean>'
    assert update(e, f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ {data} }} }}").ok
    got = rows(e, f"SELECT ?o {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    assert sorted((b["o"]["value"], b["o"]["datatype"]) for b in got) == [
        ("0", XSD + "boolean"),
        ("1", XSD + "boolean"),
    ]
    (b,) = rows(e, "SELECT (1 < 2 AS ?c) {}")
    assert b["c"] == {"type": "typed-literal", "datatype": XSD + "integer", "value": "1"}
    nt = select(
        e, f"CONSTRUCT {{ ?s ?p ?o }} {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", "application/n-triples"
    )
    assert f'"true"^^<{XSD}boolean> .' in nt.text and f'"false"^^<{XSD}boolean> .' in nt.text


def test_numbers_are_normalised_dates_kept_durations_broken(virtuoso_engine):
    e = virtuoso_engine
    g = "http://kg.test/datatypes"
    sent = {
        '"3.140"^^xsd:decimal': ("3.14", "decimal"),
        "1.0e3": ("1000.0", "double"),
        '"0042"^^xsd:integer': ("42", "integer"),
        '"-5"^^xsd:nonNegativeInteger': ("-5", "nonNegativeInteger"),  # not refused
        '"2024-05-01+02:00"^^xsd:date': ("2024-05-01+02:00", "date"),
        '"2024"^^xsd:gYear': ("2024", "gYear"),
        '"2024-05"^^xsd:gYearMonth': ("2024-05", "gYearMonth"),
    }
    data = " ".join(f"<http://kg.test/s{i}> <http://kg.test/p> {v} ." for i, v in enumerate(sent))
    prefix = f"PREFIX xsd: <{XSD}> "
    assert update(
        e, f"{prefix}DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ {data} }} }}"
    ).ok
    got = {
        b["s"]["value"]: (b["o"]["value"], b["o"]["datatype"].removeprefix(XSD))
        for b in rows(e, f"SELECT ?s ?o {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    }
    assert [got[f"http://kg.test/s{i}"] for i in range(len(sent))] == list(sent.values())
    # xsd:duration: INSERT DATA fails with an SQL error; through the Graph Store it becomes seconds
    r = update(
        e, f'{prefix}INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> "P1D"^^xsd:duration }} }}'
    )
    assert r.status_code == 500 and "SQ200: No column P1DD." in r.text
    r = requests.put(
        e.open_graph_store_url,
        params={"graph": g + "/duration"},
        data=f'<urn:a> <urn:b> "P1D"^^<{XSD}duration> .'.encode(),
        headers={"Content-Type": "application/n-triples"},
        timeout=10,
    )
    assert r.status_code in (200, 201)
    (b,) = rows(e, f"SELECT ?o {{ GRAPH <{g}/duration> {{ ?s ?p ?o }} }}")
    assert (b["o"]["value"], b["o"]["datatype"]) == ("86400.0", XSD + "duration")


def test_non_ascii_in_a_form_query_matches(virtuoso_engine):
    e = virtuoso_engine
    g = "http://kg.test/non-ascii"
    data = '<http://kg.test/z> <http://kg.test/name> "Zürich 日本"@de'
    assert update(e, f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ {data} }} }}").ok
    q = f'SELECT ?s {{ GRAPH <{g}> {{ ?s ?p ?o FILTER(CONTAINS(LCASE(STR(?o)), "zürich")) }} }}'
    r = requests.post(e.sparql_url, data={"query": q}, headers=JSON, timeout=10)
    assert [b["s"]["value"] for b in r.json()["results"]["bindings"]] == ["http://kg.test/z"]


# -- ASK, CONSTRUCT, DESCRIBE ----------------------------------------------------------------------


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


# -- authentication --------------------------------------------------------------------------------


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
    assert "WWW-Authenticate" not in basic.headers  # no challenge: a client never learns "Digest"
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


# -- graphs ----------------------------------------------------------------------------------------


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


def test_default_graph_uri_restricts_the_default_graph(virtuoso_engine, literals):
    e = virtuoso_engine
    q = {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": literals}
    r = requests.post(e.sparql_url, data=q, headers=JSON, timeout=10)
    assert r.json()["results"]["bindings"][0]["n"]["value"] == str(count(e, literals))


# -- errors ----------------------------------------------------------------------------------------


def test_syntax_error_is_a_400_in_plain_text(virtuoso_engine):
    r = requests.get(
        virtuoso_engine.sparql_url, params={"query": "SELEC * {"}, headers=JSON, timeout=10
    )
    assert r.status_code == 400 and r.headers["Content-Type"] == "text/plain"
    assert r.text.startswith(
        "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error at 'SELEC'"
    )
