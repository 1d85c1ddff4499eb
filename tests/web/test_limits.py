"""Limits that hold (issue 4, point 4) and federation refused (point 5), on a real server."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

# A four-way cross product: hours of work on any data. kg gives up at KG_QUERY_TIMEOUT and, on the embedded
# store, its watchdog restarts the engine still busy with it (Oxigraph's own --timeout-s, on a remote engine,
# does not stop it either: it checks its limit only at some steps of the evaluation).
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# The same with a filter that never passes: no solution ever comes out; kg serve's watchdog kills and
# restarts the engine it owns.
UNSTOPPABLE = (
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
    "FILTER (STRLEN(STR(?c)) + STRLEN(STR(?f)) + STRLEN(STR(?i)) + STRLEN(STR(?l)) < 0) }"
)


_V = " ".join(map(str, range(90)))
# For the remote engine, which is not ours to kill: about 12 s of work whatever the data, so it ends
# by itself soon after the 5 s limit (Oxigraph does not stop it at its deadline either).
BOUNDED = (
    f"SELECT (COUNT(*) AS ?n) {{ VALUES ?a {{ {_V} }} VALUES ?b {{ {_V} }} VALUES ?c {{ {_V} }} "
    f"VALUES ?d {{ {_V} }} FILTER (?a + ?b + ?c + ?d < 0) }}"
)


def runaway_for(server) -> str:
    return RUNAWAY if server.kind == "embedded" else BOUNDED


def engine_pid(server) -> int:
    if server.kind == "embedded":
        return int(json.loads((Path(server.store) / "engine.json").read_text())["pid"])
    port = server.store.split(":")[2].split("/")[0]
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(b"oxigraph" in c for c in cmd[:1]) and f"127.0.0.1:{port}".encode() in cmd:
                return int(d.name)
    raise AssertionError("engine process not found")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0  # gone: killed by the watchdog, idle by definition
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.parametrize(
    "query", [RUNAWAY, UNSTOPPABLE], ids=["engine-stops-it", "watchdog-kills-it"]
)
def test_timeout_is_a_503_and_frees_the_engine(live_server, query, settles):
    wait_ready(live_server)
    if live_server.kind == "remote":
        if query == UNSTOPPABLE:
            pytest.skip(
                "a remote engine is not ours to kill: Oxigraph would burn a core on this for minutes"
            )
        query = BOUNDED
    started = time.monotonic()
    r = live_server.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    elapsed = time.monotonic() - started
    assert r.status_code == 503, r.text[:300]
    assert "KG_QUERY_TIMEOUT" in r.text and r.headers.get("Retry-After")
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert (
        elapsed < 5 + 3
    )  # the limit is 5 s on the shared server; ours gives up 2 s after the engine's
    if live_server.kind == "remote":
        pytest.xfail(
            "Oxigraph's --timeout-s does not free the CPU of a filtered or aggregate query; "
            "kg serve kills an engine it owns, never a remote one (docs/sparql.md)"
        )
    time.sleep(
        1.0
    )  # "the engine's CPU is idle again within a second" (killed and restarted if need be)
    pid = engine_pid(live_server)
    before = cpu_seconds(pid)
    time.sleep(1.0)
    assert cpu_seconds(pid) - before < 0.3


def test_timeout_never_gives_a_truncated_200_in_any_format(live_server, settles):
    for fmt in ("csv", "xml"):  # Oxigraph starts its 200 (the header row) before the count is done
        r = live_server.post("/sparql", data={"query": runaway_for(live_server), "format": fmt})
        assert r.status_code == 503, (fmt, r.status_code, r.text[-200:])


def wait_ready(server) -> None:
    deadline = time.monotonic() + 10
    while server.get("/sparql", params={"query": "ASK {}"}).status_code != 200:
        assert time.monotonic() < deadline
        time.sleep(0.2)


@pytest.fixture
def settles(live_server):
    """After a runaway the watchdog may restart the embedded engine: let that finish before the next test."""
    yield
    time.sleep(1.5)
    wait_ready(live_server)


def test_other_requests_are_answered_while_a_runaway_is_stopped(live_server, settles):
    wait_ready(live_server)  # an earlier test may have had the engine restarted
    answers: list[int] = []
    slow = threading.Thread(
        target=lambda: answers.append(
            live_server.post("/sparql", data={"query": runaway_for(live_server)}).status_code
        )
    )
    slow.start()
    try:
        time.sleep(0.5)
        while slow.is_alive():  # all the while it runs, and while it is being stopped
            started = time.monotonic()
            r = live_server.get(
                "/sparql",
                params={"query": "ASK { ?s ?p ?o }"},
                headers={"Accept": "application/sparql-results+json"},
            )
            assert r.status_code == 200, r.text
            assert time.monotonic() - started < 0.5
            time.sleep(0.2)
    finally:
        slow.join()
    assert answers == [503]


def test_row_cap_is_told_to_the_client(tight_server):
    q = "SELECT ?n { VALUES ?n { 1 2 3 4 5 6 7 8 } }"
    for fmt, count in (
        ("json", lambda r: len(r.json()["results"]["bindings"])),
        ("xml", lambda r: r.text.count("<result>")),
        ("csv", lambda r: len(r.text.strip().splitlines()) - 1),
        ("tsv", lambda r: len(r.text.strip().splitlines()) - 1),
    ):
        r = tight_server.get("/sparql", params={"query": q, "format": fmt})
        assert r.status_code == 200
        assert r.headers["X-KG-Row-Limit"] == "5" and r.headers["X-KG-Truncated"] == "true", fmt
        assert count(r) == 5, fmt


@pytest.mark.parametrize(
    "query,truncated",
    [
        ("SELECT ?n { VALUES ?n { 1 2 3 4 5 } }", "false"),  # exactly the cap: not truncated
        (
            "SELECT ?n { VALUES ?n { 1 2 3 4 5 6 } } LIMIT 3",
            "false",
        ),  # the client's own LIMIT is below the cap
        ("SELECT ?n { VALUES ?n { 1 2 3 4 5 6 } } LIMIT 50", "true"),  # above the cap: lowered
        (
            "SELECT ?n { { SELECT ?n { VALUES ?n { 1 2 3 4 5 6 7 } } LIMIT 6 } }",
            "true",
        ),  # a sub-select's LIMIT is not the query's
        (
            "SELECT ?n { VALUES ?n { 1 2 3 4 5 6 } } # LIMIT 2",
            "true",
        ),  # a LIMIT in a comment is no LIMIT
    ],
)
def test_row_cap_cases(tight_server, query, truncated):
    r = tight_server.get("/sparql", params={"query": query, "format": "json"})
    assert r.status_code == 200, r.text
    assert r.headers["X-KG-Truncated"] == truncated
    assert len(r.json()["results"]["bindings"]) <= 5


def test_row_cap_keeps_the_order(tight_server):
    r = tight_server.get(
        "/sparql",
        params={
            "query": "SELECT ?n { VALUES ?n { 9 8 7 6 5 4 3 2 1 } } ORDER BY ?n",
            "format": "csv",
        },
    )
    assert r.text.split() == ["n", "1", "2", "3", "4", "5"]


def test_max_query_length(tight_server):
    r = tight_server.post("/sparql", data={"query": "ASK {}" + " " * 400})
    assert r.status_code == 413 and "300" in r.text


def test_concurrency_cap_answers_503_with_retry_after(tight_server):
    heavy = (
        "SELECT (COUNT(*) AS ?n) { VALUES ?a {1 2 3 4 5 6 7 8 9 0} VALUES ?b {1 2 3 4 5 6 7 8 9 0} "
        "VALUES ?c {1 2 3 4 5 6 7 8 9 0} VALUES ?d {1 2 3 4 5 6 7 8 9 0} VALUES ?e {1 2 3 4 5 6 7 8 9 0} "
        "VALUES ?f {1 2 3 4 5 6 7 8 9 0} VALUES ?g {1 2 3 4 5 6 7 8 9 0} FILTER(?a+?b+?c+?d+?e+?f+?g < 0) }"
    )
    assert len(heavy) <= 300
    results: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(
                tight_server.post("/sparql", data={"query": heavy}).status_code
            )
        )
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    time.sleep(0.7)
    r = tight_server.get("/sparql", params={"query": "ASK {}"})
    void = tight_server.get(
        "/.well-known/void"
    )  # counting the whole store shares the cap (and the 503)
    api = tight_server.get("/api/entities-without-wikidata")
    for t in threads:
        t.join()
    assert r.status_code == 503, (r.status_code, results)
    assert r.headers["Retry-After"] == "1" and "queries are already running" in r.text
    assert void.status_code == 503 and void.headers["Retry-After"] == "1", void.status_code
    assert api.status_code == 503 and api.headers["Retry-After"] == "1", api.status_code
    assert len(results) == 2
    assert tight_server.get("/.well-known/void").status_code == 200
    assert (
        tight_server.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    )  # slots are free again


TRICKY_SERVICE = [
    "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * { { SELECT ?s { SERVICE <http://example.org/> { ?s ?p ?o } } } }",
    "PREFIX ex: <http://example.org/>\nSELECT * {\n  # a comment }\n  SERVICE ex:endpoint { ?s ?p ?o } }",
    'SELECT * { ?s ?p "}" . SeRvIcE <http://example.org/> { ?s ?p ?o } }',
    r"SELECT * { \u0053ERVICE <http://example.org/> { ?s ?p ?o } }",
]
NOT_SERVICE = [
    'SELECT * { ?s ?p "SERVICE <http://example.org/> { }" }',
    "SELECT * { ?s <http://example.org/SERVICE> ?o } # SERVICE <http://example.org/>",
    "PREFIX service: <http://example.org/> SELECT ?service { ?service service:SERVICE service:x }",
    "SELECT * { ?s ?p '''it's a SERVICE''' }",
]


@pytest.mark.parametrize("query", TRICKY_SERVICE)
def test_service_is_refused(live_server, query):
    r = live_server.post("/sparql", data={"query": query})
    assert r.status_code == 403 and "SERVICE" in r.text


@pytest.mark.parametrize("query", NOT_SERVICE)
def test_service_lookalikes_are_not_refused(live_server, query):
    r = live_server.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "load silent <http://example.org/x.ttl> INTO GRAPH <http://example.org/g>",
        "INSERT DATA { GRAPH <http://example.org/g> { <a:b> <a:c> 1 } } ;\n# then\nLOAD <http://example.org/x.ttl>",
        "INSERT { GRAPH <http://example.org/g> { ?s ?p ?o } } "
        "WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_load_and_service_in_updates_are_refused(live_server, update):
    r = live_server.post(
        "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {live_server.token}"}
    )
    assert r.status_code == 403 and ("LOAD" in r.text or "SERVICE" in r.text)


def test_load_lookalike_in_a_literal_is_not_refused(live_server):
    g = "http://example.org/test-load-literal"
    r = live_server.post(
        "/sparql",
        data={"update": f'INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> "LOAD <http://x>" }} }}'},
        headers={"Authorization": f"Bearer {live_server.token}"},
    )
    assert r.status_code == 204
    live_server.post(
        "/sparql",
        data={"update": f"DROP GRAPH <{g}>"},
        headers={"Authorization": f"Bearer {live_server.token}"},
    )


def test_service_and_load_pass_when_enabled(tight_server):
    """Enabled by configuration: the engine federates (here, to itself through our own endpoint)."""
    q = f"SELECT ?x {{ SERVICE <{tight_server.url}/sparql> {{ VALUES ?x {{ 42 }} }} }}"
    r = tight_server.post("/sparql", data={"query": q, "format": "json"})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "42"
    r = tight_server.post(
        "/sparql",
        data={"update": "LOAD SILENT <http://127.0.0.1:9/none.ttl>"},
        headers={"Authorization": "Bearer tight-token"},
    )
    assert r.status_code == 204, r.text


def test_writes_need_the_token(live_server):
    body = {
        "update": "INSERT DATA { GRAPH <http://example.org/test-auth> { <urn:a> <urn:b> <urn:c> } }"
    }
    assert live_server.post("/sparql", data=body).status_code == 401
    r = live_server.post("/sparql", data=body, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = live_server.post(
        "/sparql", data=body, headers={"Authorization": f"Bearer {live_server.token}x"}
    )
    assert r.status_code == 403
    r = live_server.post(
        "/sparql", data=body, headers={"Authorization": f"Basic {live_server.token}"}
    )
    assert r.status_code == 401 and "Bearer" in r.headers["WWW-Authenticate"]
    r = live_server.post(
        "/sparql",
        data={"update": "DROP SILENT GRAPH <http://example.org/test-auth>"},
        headers={"Authorization": f"Bearer {live_server.token}"},
    )
    assert r.status_code == 204


def test_read_only_without_a_token(readonly_server):
    body = {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}
    for headers in ({}, {"Authorization": "Bearer anything"}):
        r = readonly_server.post("/sparql", data=body, headers=headers)
        assert r.status_code == 403 and "read-only" in r.text
    r = readonly_server.request(
        "PUT",
        "/store?graph=http://example.org/g",
        data=b"<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "application/n-triples", "Authorization": "Bearer x"},
    )
    assert r.status_code == 403
    assert readonly_server.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    sd = readonly_server.get("/sparql", headers={"Accept": "text/turtle"}).text
    assert "SPARQL11Query" in sd and "SPARQL11Update" not in sd
