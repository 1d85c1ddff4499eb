"""Fuzzing the HTTP layer of a real `kg serve` (both store kinds): every route's path, query string and
headers, the SPARQL protocol's bodies and media types, and the write endpoints with and without the token.

Properties, for every example:
- never a 500 (a 5xx only as the 503 + Retry-After the limits promise), never a traceback or an internal
  path, the engine's private address or the write token in an answer (tests/fuzz/http.py: check_answer);
- an HTML answer never carries the injected markup unescaped (element, attribute or URL context);
- a rejected input (any 4xx) leaves the store exactly as it was: the fingerprint (every named graph with
  its triple count and kg:contentDigest, plus the size of the union) is the same before and after.

The fast runs are part of `make test`; `pytest -m soak tests/fuzz` runs each target with 20x the examples.
Figures (examples per target): `pytest tests/fuzz/test_fuzz_http.py --hypothesis-show-statistics`.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.iris import KINDS

from ..conftest import DATA
from .http import check_answer, check_requests, fingerprint, fuzz_examples, raw_request

SOAK = 20  # the soak runs: this many times the examples of the fast runs


def fuzz(n: int):
    """Two tests from one property: a fast one (n examples) and a `soak` one (SOAK * n)."""

    def make(strategy_kw: dict):
        def decorate(fn):
            common = dict(
                deadline=None,
                suppress_health_check=[
                    HealthCheck.too_slow,
                    HealthCheck.filter_too_much,
                    HealthCheck.data_too_large,
                ],
            )
            fast = settings(max_examples=fuzz_examples(n), **common)(given(**strategy_kw)(fn))
            long = pytest.mark.soak(
                settings(max_examples=fuzz_examples(n * SOAK), **common)(given(**strategy_kw)(fn))
            )
            return fast, long

        return decorate

    return make


# -- strategies ---------------------------------------------------------------------------------
XSS = [
    "<kgx>",
    '"kgx="1',
    "'kgx='1",
    "javascript:kgx()",
    "</script><kgx>",
    "<!--",
    "{{7*7}}",
    "${kgx}",
    "&amp;kgx",
]
TRAVERSAL = [
    "..",
    "../..",
    "%2e%2e",
    "%2E%2E%2F",
    "..%2f",
    "..%5c",
    "%252e%252e%252f",
    "....//",
    "%c0%ae%c0%ae",
    "..\\..\\",
    "/etc/passwd",
    "%00",
    "%",
    "%zz",
    "%ff%fe",
    "%C3%BC",
    "%2F",
    "?",
    "#",
    ";",
    "//",
    "~",
]
ODD = [
    "zürich&co+(1);x=y,z@w:v!$*",
    "\u202e",
    "\ufeff",
    "\u0000",
    "\ud7ff",
    "𝕏",
    "ß",
    "İ",
    " ",
    "\t",
    "a b",
    "imran-khan",
    "pakistan",
    "%20",
    "+",
    "=",
    "&",
    "'",
    '"',
    "`",
    "|",
    "^",
    "{",
    "}",
    "[",
    "]",
    "\\",
]
SEG_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
SEGMENT = st.one_of(st.sampled_from(TRAVERSAL + ODD + XSS), SEG_TEXT)


def _encode(raw: str, how: str) -> str:
    if how == "raw":
        return raw
    if how == "iri":  # as browsers send it
        return quote(raw, safe="/:@!$&'()*+,;=-._~%")
    if how == "all":
        return quote(raw, safe="")
    return quote(quote(raw, safe=""), safe="")  # double


KEY = st.builds(
    lambda parts, how: _encode("".join(parts), how),
    st.lists(SEGMENT, min_size=0, max_size=4),
    st.sampled_from(["raw", "iri", "all", "double"]),
)
KIND = st.one_of(
    st.sampled_from(KINDS),
    st.sampled_from(["", "..", "%2e%2e", "static", "Person"]),
    SEG_TEXT.map(quote),
)
EXT = st.sampled_from(
    ["", ".ttl", ".jsonld", ".nt", ".rdf", ".nq", ".xml", ".gz", ".ttl.gz", ".exe", "."]
)
PATH = st.one_of(
    st.builds(
        lambda v, k, key, ext: f"/{v}/{k}/{key}{ext}",
        st.sampled_from(["id", "page", "data"]),
        KIND,
        KEY,
        EXT,
    ),
    st.builds(lambda key: f"/static/{key}", KEY),
    st.builds(lambda key: f"/api/{key}", KEY),
    st.builds(lambda ext: f"/dump{ext}", st.one_of(EXT, KEY)),
    st.builds(lambda key: f"/sitemap-{key}.xml", st.one_of(st.integers(-5, 10**20).map(str), KEY)),
    st.builds(
        lambda name, ext: f"/{name}{ext}",
        st.sampled_from(
            [
                "ontology",
                "shapes",
                "void",
                ".well-known/void",
                "robots.txt",
                "sitemap.xml",
                "health",
                "search",
                "search/suggest",
                "sparql",
                "store",
                "articles",
                "api/",
                "api/openapi.json",
                "",
            ]
        ),
        EXT,
    ),
    st.builds(lambda key: "/" + key, KEY),
)
VALUE = st.one_of(
    st.sampled_from(
        TRAVERSAL
        + ODD
        + XSS
        + [
            "",
            "0",
            "-1",
            "1e9",
            "99999999999999999999",
            "json",
            "csv",
            "html",
            "opensearch",
            "person",
            "true",
            "ASK {}",
            "SELECT * { ?s ?p ?o } LIMIT 1",
        ]
    ),
    SEG_TEXT,
)
PARAM = st.sampled_from(
    [
        "q",
        "type",
        "page",
        "format",
        "query",
        "graph",
        "default",
        "name",
        "dry-run",
        "entity",
        "limit",
        "person",
        "article",
        "from",
        "to",
        "month",
        "default-graph-uri",
        "named-graph-uri",
        "update",
        "x",
    ]
)
QUERY_STRING = st.lists(st.tuples(PARAM, VALUE), max_size=4).map(
    lambda kv: "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in kv)
)
MEDIA = st.sampled_from(
    [
        "text/html",
        "application/json",
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
        "text/csv",
        "text/plain",
        "*/*",
        "text/*",
        "application/*",
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "image/png",
        "application/xhtml+xml",
        "text/n3",
        "application/n-quads",
        "application/trig",
        "",
        ";;",
        "text/html;q=abc",
        "*/*;q=0",
        "text/html; charset=ebcdic",
        "a/b/c",
        "\u00e9/\u00e9",
    ]
)
ACCEPT = st.lists(
    st.tuples(MEDIA, st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=2", ";q=-1", ";level=1"])),
    max_size=4,
).map(lambda ms: ", ".join(m + q for m, q in ms))
HEADER = st.one_of(
    st.tuples(st.just("Accept"), ACCEPT),
    st.tuples(st.just("Content-Type"), MEDIA),
    st.tuples(st.just("If-None-Match"), st.sampled_from(['W/"x"', "*", '"', "W/", ""]) | SEG_TEXT),
    st.tuples(
        st.just("If-Modified-Since"),
        st.sampled_from(
            [
                "Thu, 01 Jan 1970 00:00:00 GMT",
                "yesterday",
                "",
                "Sun, 31 Dec 9999 23:59:59 GMT",
                "-1",
            ]
        ),
    ),
    st.tuples(
        st.just("Accept-Encoding"), st.sampled_from(["gzip", "br", "*", "identity;q=0", "x"])
    ),
    st.tuples(st.just("Range"), st.sampled_from(["bytes=0-10", "bytes=-1", "bytes=x", "lines=1"])),
    st.tuples(
        st.sampled_from(
            ["X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded"]
        ),
        VALUE,
    ),
    st.tuples(
        st.just("Authorization"),
        st.sampled_from(["Bearer", "Bearer ", "Basic x", "bearer wrong", "Digest x"]),
    ),
    st.tuples(st.just("Origin"), st.sampled_from(["http://evil.example", "null"])),
)
# latin-1 is what HTTP headers carry; anything else is sent as its UTF-8 bytes read as latin-1
HEADERS = st.lists(HEADER, max_size=4).map(
    lambda hs: [
        (k.encode(), v.encode("utf-8").replace(b"\r", b"").replace(b"\n", b"")) for k, v in hs
    ]
)


def _sent(*parts) -> str:
    from urllib.parse import unquote

    text = " ".join(p.decode("latin-1") if isinstance(p, bytes) else str(p) for p in parts)
    return (
        text
        + " "
        + unquote(text)
        + " "
        + unquote(unquote(text, encoding="latin-1"), encoding="latin-1")
    )


def _check_html_escaping(resp_headers, body: bytes) -> None:
    """Our markers never reach an HTML page unescaped: as an element, as an attribute, as a URL."""
    if not resp_headers.get("Content-Type", "").startswith("text/html"):
        return
    text = body.decode("utf-8", "replace")
    assert "<kgx" not in text, "an injected element reached the page"
    assert not any(s in text for s in ('"kgx=', "'kgx=")), "an injected attribute reached the page"
    assert 'href="javascript:' not in text.lower() and 'src="javascript:' not in text.lower()


# -- targets ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def before(live_server):
    """The store as it was before this module's requests: reads must never change it."""
    fp = fingerprint(live_server)
    yield fp
    assert fingerprint(live_server) == fp, "a read request changed the store"


@fuzz(150)(
    dict(
        method=st.sampled_from(["GET", "HEAD", "OPTIONS", "GET", "GET"]),
        path=PATH,
        qs=QUERY_STRING,
        headers=HEADERS,
    )
)
def _paths(live_server, before, method, path, qs, headers):
    target = (path + ("?" + qs if qs else "")).encode("utf-8")
    r = raw_request(live_server.url, method, target, headers)
    check_answer(
        live_server, r.status, r.headers, r.body, sent=_sent(target, *[v for _, v in headers])
    )
    _check_html_escaping(r.headers, r.body)
    if (
        path.startswith("/static/") and r.status == 200
    ):  # nothing outside kg/web/static is ever served
        assert not any(
            s in r.body for s in (b"root:x:0:0", b"[project]", b"import ", b"KG_WRITE_TOKEN")
        )


test_paths, test_paths_long = _paths


ENDPOINTS = [
    "/",
    "/search",
    "/search/suggest",
    "/sparql",
    "/api/",
    "/api/entity-search",
    "/api/claims-about",
    "/api/events-between",
    "/api/top-entities-by-month",
    "/page/person/imran-khan",
    "/id/person/imran-khan",
    "/data/person/imran-khan",
    "/data/place/pakistan.ttl",
    "/.well-known/void",
    "/ontology",
    "/shapes",
    "/sitemap.xml",
    "/robots.txt",
    "/health",
    "/store",
    "/dump.nt",
]


@fuzz(150)(dict(endpoint=st.sampled_from(ENDPOINTS), qs=QUERY_STRING, headers=HEADERS))
def _query_strings_and_headers(live_server, before, endpoint, qs, headers):
    if endpoint in ("/dump.nt", "/store") and not qs:
        qs = "graph=x"  # the whole dataset is not what this test is about; keep it fast
    target = (endpoint + ("?" + qs if qs else "")).encode()
    r = raw_request(live_server.url, "GET", target, headers)
    check_answer(
        live_server, r.status, r.headers, r.body, sent=_sent(target, *[v for _, v in headers])
    )
    _check_html_escaping(r.headers, r.body)


test_query_strings_and_headers, test_query_strings_and_headers_long = _query_strings_and_headers


SPARQL_TEXT = st.one_of(
    st.sampled_from(
        [
            "ASK {}",
            "SELECT * { ?s ?p ?o } LIMIT 2",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
            "DESCRIBE <http://x/>",
            "SELECT * {",
            "INSERT DATA { <urn:fuzz:a> <urn:fuzz:b> 1 }",
            "CLEAR ALL",
            "DROP ALL",
            "DELETE WHERE { ?s ?p ?o }",
            "LOAD <http://127.0.0.1:9/x>",
            "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "SELECT (1/0 AS ?x) {}",
            'SELECT * { ?s ?p ?o FILTER(REGEX(?o, "(")) } LIMIT 1',
            "BASE <%> SELECT * {}",
            "SELECT * { <x> <y> ?o }",
            "PREFIX : <http://x/> SELECT * { :a :b ?c }",
            "SELECT ?x { } GROUP BY ?x HAVING (?x)",
            "\\u0053ELECT * {}",
        ]
    ),
    SEG_TEXT,
)
SPARQL_CTYPE = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/sparql-query",
        "application/sparql-update",
        "application/sparql-query; charset=latin-1",
        "application/x-www-form-urlencoded; charset=utf-16",
        "multipart/form-data",
        "multipart/form-data; boundary=x",
        "text/plain",
        "",
        "application/json",
        "application/sparql-update; charset=UTF-8",
    ]
)


@st.composite
def sparql_bodies(draw):
    ctype = draw(SPARQL_CTYPE)
    if ctype.startswith("application/x-www-form-urlencoded") or ctype.startswith("multipart"):
        fields = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(
                        [
                            "query",
                            "update",
                            "format",
                            "default-graph-uri",
                            "using-graph-uri",
                            "named-graph-uri",
                            "x",
                        ]
                    ),
                    st.one_of(SPARQL_TEXT, VALUE),
                ),
                max_size=3,
            )
        )
        body = "&".join(f"{quote(k)}={quote(v)}" for k, v in fields).encode()
        if draw(st.booleans()):
            body += draw(st.sampled_from([b"&query", b"%", b"%ff", b"&&=", b"=x", b"\xff\xfe"]))
    else:
        body = draw(SPARQL_TEXT).encode("utf-8")
        if draw(st.booleans()):
            body = draw(st.binary(max_size=40)) + body
    return ctype, body


@fuzz(80)(
    dict(
        method=st.sampled_from(["POST", "POST", "GET", "PUT", "DELETE"]),
        qs=QUERY_STRING,
        ctype_body=sparql_bodies(),
        headers=HEADERS,
        auth=st.sampled_from([None, "Bearer wrong", "Bearer ", "Basic dGVzdA=="]),
    )
)
def _sparql_protocol(live_server, method, qs, ctype_body, headers, auth):
    """Anything at /sparql without the token: answered, and the store is unchanged."""
    ctype, body = ctype_body
    hs = [(k, v) for k, v in headers if k.lower() not in (b"content-type", b"authorization")]
    if ctype:
        hs.append((b"Content-Type", ctype.encode()))
    if auth:
        hs.append((b"Authorization", auth.encode()))
    fp = fingerprint(live_server)
    target = ("/sparql" + ("?" + qs if qs else "")).encode()
    r = raw_request(live_server.url, method, target, hs, body if method != "GET" else None)
    check_answer(
        live_server, r.status, r.headers, r.body, sent=_sent(target, body, *[v for _, v in hs])
    )
    _check_html_escaping(r.headers, r.body)
    assert r.status != 204, "an update ran without the token"
    assert fingerprint(live_server) == fp, f"the store changed ({r.status} {r.text[:300]})"


test_sparql_protocol, test_sparql_protocol_long = _sparql_protocol


# -- writes with the token: what is refused leaves no trace ---------------------------------------
TEMPLATE = (DATA / "khan.facts.json").read_bytes()
RDF_CTYPE = st.sampled_from(
    [
        "text/turtle",
        "application/n-triples",
        "application/rdf+xml",
        "application/ld+json",
        "application/n-quads",
        "application/trig",
        "text/turtle; charset=latin-1",
        "text/html",
        "",
        "application/octet-stream",
    ]
)
BROKEN_RDF = st.sampled_from(
    [
        b"<urn:fuzz:a> <urn:fuzz:b> <urn:fuzz:c> .\n<urn:fuzz:a> <urn:fuzz:b> ",
        b"@prefix : <urn:fuzz:> . :a :b :c . :a :b",
        b'<urn:fuzz:a> <urn:fuzz:b> "unterminated .',
        b'{ "@id": "urn:fuzz:a", ',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description',
        b"<urn:fuzz:a> <urn:fuzz:b> <urn:fuzz:c> <urn:fuzz:g> .\n\xff\xfe",
        b"<urn:fuzz:a> <urn:fuzz:b> <not an iri> .",
        b"_:x <urn:fuzz:b> _:y .\n<urn:fuzz:a> <> .",
    ]
)
# a valid destructive operation followed by a syntax error: the whole request must be refused
BROKEN_UPDATE = st.builds(
    lambda good, bad: f"{good} ;\n{bad}",
    st.sampled_from(
        [
            "CLEAR ALL",
            "DROP ALL",
            "DELETE WHERE { ?s ?p ?o }",
            "INSERT DATA { GRAPH <urn:fuzz:g> { <urn:fuzz:a> <urn:fuzz:b> 1 } }",
            "DROP GRAPH <http://127.0.0.1/graph/entities>",
            "CLEAR DEFAULT",
        ]
    ),
    st.sampled_from(
        [
            "INSERT DATA {",
            "DELETE WHERE { ?s ?p }",
            "DROP GRAF <x>",
            "LOAD",
            'INSERT DATA { <a> <b> "x }',
            "SELECT * {}",
            "CLEAR ALL ; ;",
        ]
    ),
)


@st.composite
def rejected_writes(draw, graphs: list[str]):
    what = draw(st.sampled_from(["store", "update", "article-json", "article-text", "no-token"]))
    if what == "store":
        method = draw(st.sampled_from(["PUT", "POST"]))
        graph = draw(st.sampled_from(graphs + ["urn:fuzz:g", "%00", "not an iri", ""]))
        qs = draw(
            st.sampled_from(
                [
                    f"graph={quote(graph, safe='')}",
                    "default",
                    f"graph={quote(graph, safe='')}&default",
                ]
            )
        )
        return method, f"/store?{qs}", draw(RDF_CTYPE), draw(BROKEN_RDF), True
    if what == "update":
        ctype = draw(
            st.sampled_from(["application/sparql-update", "application/x-www-form-urlencoded"])
        )
        text = draw(BROKEN_UPDATE)
        body = (
            text.encode()
            if ctype == "application/sparql-update"
            else ("update=" + quote(text)).encode()
        )
        return "POST", "/sparql", ctype, body, True
    if what == "article-json":
        cut = draw(
            st.integers(0, len(TEMPLATE.rstrip()) - 1)
        )  # broken off before its last brace: never valid JSON
        body = draw(
            st.sampled_from(
                [
                    TEMPLATE[:cut],
                    b"[]",
                    b"null",
                    b'{"format": "kg-facts/0"}',
                    b"\xff" + TEMPLATE,
                    json.dumps({"format": "kg-facts/1", "article": draw(VALUE)}).encode(),
                ]
            )
        )
        ctype = draw(
            st.sampled_from(
                [
                    "application/json",
                    "application/vnd.kg-facts+json",
                    "application/json; charset=latin-1",
                ]
            )
        )
        return "POST", "/articles?name=" + quote(draw(VALUE), safe=""), ctype, body, True
    if what == "article-text":
        body = draw(
            st.one_of(
                st.binary(max_size=200),
                st.sampled_from(
                    [
                        b"",
                        b" date 2022-13-45 Written by X\n\nBody.",
                        b"no header at all\n\nbody",
                        b"\x00" * 50,
                    ]
                ),
            )
        )
        return (
            "POST",
            "/articles",
            draw(st.sampled_from(["text/plain", "text/x-article", "text/plain; charset=utf-16"])),
            body,
            True,
        )
    # the right write, the wrong credentials
    method, path = draw(
        st.sampled_from(
            [
                ("POST", "/sparql"),
                ("PUT", "/store?graph=urn:fuzz:g"),
                ("DELETE", f"/store?graph={quote(graphs[0], safe='')}"),
                ("DELETE", "/store?default"),
                ("POST", "/articles"),
            ]
        )
    )
    ctype = {"/sparql": "application/sparql-update", "/articles": "application/json"}.get(
        path, "text/turtle"
    )
    body = {"/sparql": b"CLEAR ALL", "/articles": TEMPLATE}.get(
        path, b"<urn:fuzz:a> <urn:fuzz:b> <urn:fuzz:c> ."
    )
    return method, path, ctype, body, False


@pytest.fixture(scope="module")
def graphs(live_server) -> list[str]:
    import requests

    from .http import engine_query_url

    r = requests.post(
        engine_query_url(live_server),
        data={"query": "SELECT DISTINCT ?g { GRAPH ?g {} } LIMIT 5"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    return [b["g"]["value"] for b in r.json()["results"]["bindings"]]


@fuzz(80)(
    dict(
        data=st.data(),
        wrong=st.sampled_from([None, "Bearer nope", "Bearer", "Basic x", "bearer  "]),
    )
)
def _rejected_writes(live_server, graphs, data, wrong):
    method, path, ctype, body, with_token = data.draw(rejected_writes(graphs))
    headers = [(b"Content-Type", ctype.encode())] if ctype else []
    if with_token:
        headers.append((b"Authorization", f"Bearer {live_server.token}".encode()))
    elif wrong:
        headers.append((b"Authorization", wrong.encode()))
    fp = fingerprint(live_server)
    r = raw_request(live_server.url, method, path.encode(), headers, body)
    check_answer(live_server, r.status, r.headers, r.body, sent=_sent(path, body))
    assert r.status >= 400, f"{method} {path} was accepted ({r.status}): {r.text[:300]}"
    if not with_token:
        assert r.status in (401, 403), r.status
    assert fingerprint(live_server) == fp, (
        f"a refused write ({r.status} {r.text[:300]}) changed the store"
    )


test_rejected_writes, test_rejected_writes_long = _rejected_writes


TYPED = {
    "iri": st.one_of(
        st.sampled_from(
            [
                "id/person/imran-khan",
                "/id/place/pakistan",
                "http://x/a b",
                "http://x/>",
                "urn:x",
                "id/person/" + ODD[0],
                "http://[::1",
                "mailto:",
                "id/person/%00",
            ]
        ),
        KEY.map(lambda k: "id/person/" + k),
    ),
    "date": st.one_of(
        st.dates().map(str), st.sampled_from(["2022-02-30", "2022-1-1", "20220101", '2022-01-01"'])
    ),
    "integer": st.one_of(
        st.integers(-10, 200_000).map(str), st.sampled_from(["1e3", "0x10", " 5 ", "5.0", "\u0663"])
    ),
    "string": st.one_of(
        SEG_TEXT, st.sampled_from(XSS + ['" } ; DROP ALL ; #', "\\", "'''", "\\n", "\n"])
    ),
}


def _api_values(q):
    typed = {p.name: st.one_of(TYPED[p.type], VALUE) for p in q.params}
    typed["format"] = st.one_of(st.sampled_from(["json", "csv", "JSON"]), VALUE)
    typed["x"] = VALUE
    return st.fixed_dictionaries({}, optional=typed)


@fuzz(120)(dict(data=st.data(), accept=ACCEPT))
def _named_query_parameters(live_server, before, data, accept):
    from kg.queries import load_all

    q = data.draw(st.sampled_from(sorted(load_all().values(), key=lambda q: q.name)))
    params = data.draw(_api_values(q))
    r = live_server.get(
        f"/api/{q.name}",
        params=params,
        headers={"Accept": accept.encode("utf-8").decode("latin-1")},
    )
    check_requests(
        live_server, r, sent=_sent(json.dumps(params, ensure_ascii=False), *params.values())
    )
    assert r.status_code in (200, 400, 406, 503), (r.status_code, r.text[:300])
    if r.status_code != 200 or params.get("format") != "csv":
        if r.status_code != 200 or r.headers["Content-Type"].startswith("application/json"):
            doc = r.json()  # errors are JSON too, as the OpenAPI document says
            assert (
                ("rows" in doc)
                if r.status_code == 200
                else (doc["status"] == r.status_code and doc["message"])
            )


test_named_query_parameters, test_named_query_parameters_long = _named_query_parameters
