"""The `/sparql` fast path answers exactly as the Flask view does, and takes only the plain queries.

Both paths of one app run against a real `oxigraph serve`; every request is sent to each and the answers
(status, headers, body) must be the same. The whole protocol suite (test_sparql_protocol.py and
test_sparql_negotiation.py) also runs through the fast path on the live servers.
"""

from __future__ import annotations

import dataclasses
import json
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from werkzeug.test import Client

from kg.config import Settings
from kg.web import Endpoints, create_app
from kg.web.fastpath import QueryFastPath

from ..fuzz.http import fuzz_examples

ROW_LIMIT = 3
DATA = """PREFIX schema: <http://schema.org/>
INSERT DATA { GRAPH <http://example.org/g> {
  <http://example.org/p1> a schema:Person ; schema:name "Ada" .
  <http://example.org/p2> a schema:Person ; schema:name "Grace" .
  <http://example.org/p3> a schema:Person ; schema:name "Katherine" .
  <http://example.org/p4> a schema:Person ; schema:name "Margaret" .
} }"""
SELECT = "PREFIX schema: <http://schema.org/> SELECT ?p ?n WHERE { ?p schema:name ?n } ORDER BY ?n"
JSON = {"Accept": "application/sparql-results+json"}

# Plain queries: the fast path answers them itself, failures included (rendered by the app's handlers).
FAST = [
    (
        "GET",
        "/sparql?query=" + quote(SELECT),
        {"headers": JSON},
    ),  # capped at ROW_LIMIT: X-KG-Truncated
    ("GET", "/sparql?query=" + quote(SELECT + " LIMIT 2") + "&format=csv", {}),
    (
        "GET",
        "/sparql?query=" + quote(SELECT + " LIMIT 2"),
        {"headers": {"Accept": "application/sparql-results+xml;q=0.5, text/tab-separated-values"}},
    ),
    ("GET", "/sparql?query=" + quote("ASK { ?s ?p ?o }"), {"headers": {"Accept": "*/*"}}),
    (
        "GET",
        "/sparql?query=" + quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"),
        {"headers": {"Accept": "text/turtle"}},
    ),
    (
        "POST",
        "/sparql",
        {"data": SELECT.encode(), "headers": {"Content-Type": "application/sparql-query", **JSON}},
    ),
    (
        "POST",
        "/sparql?format=tsv",
        {
            "data": SELECT.encode(),
            "headers": {"Content-Type": "application/sparql-query; charset=UTF-8"},
        },
    ),
    (
        "GET",
        "/sparql?query=" + quote("SELECT * WHERE { ?s ?p }"),
        {"headers": JSON},
    ),  # 400 with the position
    (
        "GET",
        "/sparql?query=" + quote("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"),
        {},
    ),  # 403
    (
        "GET",
        "/sparql?query=" + quote(SELECT) + "&format=bogus",
        {"headers": {"Accept": "text/html"}},
    ),  # 406
    ("GET", "/sparql?query=" + quote(SELECT), {"headers": {"Accept": "image/png"}}),  # 406
    ("GET", "/sparql?query=" + quote(SELECT + " " * 300), {}),  # 413: over the length limit
    (
        "GET",
        "/sparql",
        {"query_string": 'query=SELECT ("é" AS ?x) {}&format=csv'},
    ),  # UTF-8 sent unescaped
]
# Everything else goes to the Flask view untouched.
FLASK = [
    ("GET", "/sparql", {"headers": {"Accept": "text/html"}}),  # the query page
    (
        "GET",
        "/sparql?query=" + quote(SELECT) + "&default-graph-uri=" + quote("http://example.org/g"),
        {"headers": JSON},
    ),
    ("GET", "/sparql?query=a&query=b", {}),  # 400: two queries
    ("GET", "/sparql?update=" + quote("CLEAR ALL"), {}),  # 405
    ("POST", "/sparql", {"data": {"query": SELECT}, "headers": JSON}),  # a form
    (
        "POST",
        "/sparql",
        {
            "data": SELECT.encode("latin-1"),
            "headers": {"Content-Type": "application/sparql-query; charset=latin-1"},
        },
    ),  # 415
    (
        "POST",
        "/sparql",
        {"data": b"SELECT \xff", "headers": {"Content-Type": "application/sparql-query"}},
    ),  # 415
    (
        "POST",
        "/sparql",
        {"data": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
    ),  # 403: read-only
]


@pytest.fixture
def app(external_engine, tmp_path):
    r = requests.post(
        f"{external_engine.url}/update",
        data=DATA.encode(),
        headers={"Content-Type": "application/sparql-update"},
        timeout=30,
    )
    r.raise_for_status()
    settings = dataclasses.replace(
        Settings.from_env(store=f"{external_engine.url}/query", base_iri="http://127.0.0.1:8080/"),
        row_limit=ROW_LIMIT,
        max_query_length=len(SELECT) + 100,
        cache_dir=str(tmp_path / "cache"),
    )
    url = external_engine.url
    return create_app(settings, Endpoints(f"{url}/query", f"{url}/update", f"{url}/store", 5))


class _Counting:
    """The Flask app's own WSGI callable, counting the requests that reach it."""

    def __init__(self, wsgi):
        self.wsgi, self.calls = wsgi, 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.wsgi(environ, start_response)


def _answer(wsgi, method: str, path: str, kw: dict):
    r = Client(wsgi).open(path, method=method, **kw)
    headers = sorted((k, v) for k, v in r.headers.items() if k != "Date")
    return r.status_code, headers, r.get_data()


@pytest.mark.parametrize("method,path,kw", FAST, ids=[f"fast-{i}" for i in range(len(FAST))])
def test_plain_queries_are_answered_by_the_fast_path_as_flask_would(app, method, path, kw):
    fast = app.wsgi_app
    assert isinstance(fast, QueryFastPath)
    flask = fast.flask = _Counting(fast.flask)
    through_fast = _answer(fast, method, path, kw)
    assert flask.calls == 0, "a plain query went to the Flask view"
    through_flask = _answer(flask, method, path, kw)
    assert through_fast == through_flask
    assert ("Access-Control-Allow-Origin", "*") in through_fast[1]


def test_the_fast_path_answers_say_what_was_asked(app):
    status, headers, body = _answer(app.wsgi_app, *FAST[0])
    assert status == 200 and dict(headers)["X-KG-Truncated"] == "true"
    assert [b["n"]["value"] for b in json.loads(body)["results"]["bindings"]] == [
        "Ada",
        "Grace",
        "Katherine",
    ]
    assert _answer(app.wsgi_app, *FAST[1])[2].decode().splitlines() == [
        "p,n",
        "http://example.org/p1,Ada",
        "http://example.org/p2,Grace",
    ]
    status, _headers, body = _answer(app.wsgi_app, *FAST[7])
    assert status == 400 and b"SPARQL syntax error" in body
    assert [_answer(app.wsgi_app, *case)[0] for case in FAST[8:12]] == [403, 406, 406, 413]
    assert _answer(app.wsgi_app, *FAST[12])[2].decode("utf-8").splitlines() == ["x", "é"]


@pytest.mark.parametrize("method,path,kw", FLASK, ids=[f"flask-{i}" for i in range(len(FLASK))])
def test_everything_else_goes_to_the_flask_view(app, method, path, kw):
    fast = app.wsgi_app
    flask = fast.flask = _Counting(fast.flask)
    through_fast = _answer(fast, method, path, kw)
    assert flask.calls == 1
    assert through_fast == _answer(flask, method, path, kw)
    assert through_fast[0] in (200, 400, 403, 405, 415)


PIECES = st.sampled_from(
    [
        SELECT,
        "ASK { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1",
        "DESCRIBE <http://example.org/p1>",
        "SELECT * WHERE { ?s ?p }",
        "SERVICE",
        "LOAD <http://example.org/>",
        "CLEAR ALL",
        "#",
        "\\u0053ERVICE",
        "<relative>",
        "PREFIX : <x:> SELECT * { :a ?p ?o }",
        "é",
        "\x00",
        "%",
        "%ZZ",
        "%C3%A9",
        "+",
        "&",
        "=",
        ";",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=4).map(" ".join)
KEYS = st.sampled_from(
    ["query", "format", "default-graph-uri", "named-graph-uri", "update", "x", "Query"]
)
FORMATS = st.sampled_from(
    ["json", "xml", "csv", "tsv", "ttl", "jsonld", "nt", "rdf", "bogus", "", "JSON", "text/csv"]
)
ACCEPTS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "*/*",
            "text/html",
            "application/json",
            "text/turtle;q=0.9, application/sparql-results+xml;q=0.8",
            "image/png",
            "text/csv;q=0",
            "application/*",
            ",,;q=",
            "text/plain",
        ]
    ),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20),
)  # what a header can carry
CONTENT_TYPES = st.sampled_from(
    [
        "application/sparql-query",
        "application/sparql-query; charset=utf-8",
        "application/sparql-query; charset=latin-1",
        "application/sparql-query;charset=UTF8",
        "application/x-www-form-urlencoded",
        "text/plain",
        "",
    ]
)


VALID = st.sampled_from(
    [
        SELECT,
        SELECT + " LIMIT 1",
        "ASK { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
        "DESCRIBE <http://example.org/p1>",
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
        'SELECT ("é ☃" AS ?x) {}',
        "SELECT * { <relative> ?p ?o }",
    ]
)
QUERIES = st.one_of(VALID, VALID.map(quote), TEXT)


@st.composite
def requests_(draw):
    """Plain queries (what the fast path takes) as often as anything else."""
    kind = draw(st.sampled_from(["plain GET", "plain POST", "anything"]))
    params = (
        []
        if kind != "anything"
        else draw(st.lists(st.tuples(KEYS, st.one_of(TEXT, FORMATS)), max_size=4))
    )
    if kind == "plain GET" or draw(st.booleans()) and kind == "anything":
        params.insert(0, ("query", draw(QUERIES)))
    if kind != "anything" and draw(st.booleans()):
        params.append(("format", draw(FORMATS)))
    raw = "&".join(
        f"{quote(k)}={quote(v, safe='') if draw(st.booleans()) else v}" for k, v in params
    )
    kw: dict = {"query_string": raw, "headers": {}}
    accept = draw(ACCEPTS)
    if accept is not None:
        kw["headers"]["Accept"] = accept
    if kind == "plain GET" or kind == "anything" and draw(st.booleans()):
        return "GET", kw
    kw["headers"]["Content-Type"] = draw(CONTENT_TYPES)
    kw["data"] = draw(st.one_of(QUERIES.map(lambda t: t.encode("utf-8")), st.binary(max_size=40)))
    return "POST", kw


@given(request=requests_())
@settings(
    max_examples=fuzz_examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_request_gets_the_same_answer_on_both_paths(app, request):
    """Whatever arrives (odd encodings, repeated or unknown parameters, any Accept, any body), the fast path
    either hands it to Flask or answers exactly what Flask would."""
    method, kw = request
    fast = app.wsgi_app
    if not isinstance(fast.flask, _Counting):
        fast.flask = _Counting(fast.flask)
    calls = fast.flask.calls
    through_fast = _answer(fast, method, "/sparql", kw)
    event(
        "answered by Flask"
        if fast.flask.calls > calls
        else f"answered by the fast path: {through_fast[0]}"
    )
    assert through_fast == _answer(fast.flask, method, "/sparql", kw)
