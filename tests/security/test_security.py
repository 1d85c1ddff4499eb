"""The security review of SECURITY.md, one test (or more) per point. Real servers where it matters."""

from __future__ import annotations

import base64
import json
import re
import socket
from unittest import mock
from urllib.parse import quote

import pytest

from kg.config import Settings
from kg.web import Endpoints, create_app
from kg.web.errors import CONTENT_SECURITY_POLICY

from ..conftest import _start_live
from ..fuzz.http import LEAK, check_requests, engine_address, fingerprint, raw_request

AUTH = "Authorization"


# -- 1. writes only with the token; constant-time comparison; no token in logs ----------------------
def _app(**kw):
    settings = Settings(store="http://127.0.0.1:9/query", base_iri="http://kg.test/", **kw)
    return create_app(
        settings, Endpoints("http://127.0.0.1:9/query", "http://127.0.0.1:9/update", None, 2.0)
    )


def test_token_is_compared_in_constant_time():
    app = _app(write_token="s3cret")
    with mock.patch(
        "kg.web.auth.hmac.compare_digest", wraps=__import__("hmac").compare_digest
    ) as cmp:
        with app.test_request_context("/sparql", method="POST", headers={AUTH: "Bearer s3creX"}):
            from kg.web.auth import write_refusal

            assert write_refusal().status_code == 403
        with app.test_request_context("/sparql", method="POST", headers={AUTH: "Bearer s3cret"}):
            assert write_refusal() is None
    assert (
        cmp.call_count == 2
    )  # every comparison of a presented token goes through hmac.compare_digest


@pytest.fixture(scope="module")
def logged_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("logged")
    log = tmp / "server.log"
    server, _ = _start_live("embedded", tmp, log=log)
    server.log = log
    yield server
    server.proc.terminate()
    server.proc.wait(timeout=30)


def test_no_token_in_access_or_error_logs(logged_server):
    s, token = logged_server, logged_server.token
    update = {"update": "INSERT DATA { GRAPH <urn:sec:log> { <urn:a> <urn:b> 1 } }"}
    assert s.post("/sparql", data=update, headers={AUTH: f"Bearer {token}"}).status_code == 204
    assert (
        s.post(
            "/sparql",
            data={"update": "DROP GRAPH <urn:sec:log>"},
            headers={AUTH: f"Bearer {token}"},
        ).status_code
        == 204
    )
    assert s.post("/sparql", data=update, headers={AUTH: f"Bearer {token}x"}).status_code == 403
    # the mistakes clients make: the token as HTTP basic credentials (gunicorn logs the decoded user by default)
    basic = base64.b64encode(f"{token}:".encode()).decode()
    assert s.post("/sparql", data=update, headers={AUTH: f"Basic {basic}"}).status_code == 401
    assert (
        s.post(
            "/sparql", data={"update": "INSERT DATA {"}, headers={AUTH: f"Bearer {token}"}
        ).status_code
        == 400
    )
    assert (
        s.post(
            "/articles",
            data=b"{",
            headers={AUTH: f"Bearer {token}", "Content-Type": "application/json"},
        ).status_code
        == 400
    )
    s.request(
        "PUT",
        "/store?graph=urn:sec:log",
        data=b"<a> <b> .",
        headers={AUTH: f"Bearer {token}", "Content-Type": "text/turtle"},
    )
    text = s.log.read_text(errors="replace")
    assert '"POST /sparql HTTP/1.1" 204' in text, "the access log is written (this test reads it)"
    assert token not in text and basic not in text


def test_writes_need_the_token_everywhere(live_server):
    """Every write endpoint: 401 without a token, 403 with a wrong one, and the store unchanged."""
    before = fingerprint(live_server)
    article = live_server.get("/changes.json").json()["entries"][0]["subject"]  # a published one
    writes = [
        ("POST", "/sparql", "application/sparql-update", b"CLEAR ALL"),
        ("POST", "/sparql", "application/x-www-form-urlencoded", b"update=CLEAR%20ALL"),
        ("PUT", "/store?default", "text/turtle", b""),
        ("DELETE", "/store?default", None, None),
        ("POST", "/store?graph=urn:sec:g", "text/turtle", b"<urn:a> <urn:b> <urn:c> ."),
        ("POST", "/articles", "text/plain", b" date 2024-01-01 Written by A B\n\nA text."),
        (
            "POST",
            "/retractions",
            "application/json",
            json.dumps({"article": article, "reason": "x"}).encode(),
        ),
    ]
    for method, path, ctype, body in writes:
        for auth, status in (
            (None, 401),
            (f"Bearer {live_server.token[:-1]}", 403),
            ("Bearer", 401),
            (f"Basic {live_server.token}", 401),
            (f"Bearer {live_server.token} x", 403),
        ):
            headers = {k: v for k, v in (("Content-Type", ctype), (AUTH, auth)) if v}
            r = live_server.request(method, path, data=body, headers=headers)
            assert r.status_code == status, (method, path, auth, r.status_code, r.text)
            check_requests(live_server, r)
    assert fingerprint(live_server) == before


# -- 2. SERVICE and LOAD off by default (refusals: tests/web/test_limits.py) --------------------------
def test_service_and_load_are_off_by_default(monkeypatch):
    for name in ("KG_SPARQL_SERVICE", "KG_SPARQL_LOAD"):
        monkeypatch.delenv(name, raising=False)
    s = Settings.from_env()
    assert s.allow_service is False and s.allow_load is False
    monkeypatch.setenv("KG_SPARQL_SERVICE", "0")
    monkeypatch.setenv("KG_SPARQL_LOAD", "no")
    s = Settings.from_env()
    assert s.allow_service is False and s.allow_load is False


# -- 3. escaping in HTML (element, attribute, script, URL); a Content-Security-Policy ------------------
PAGES = [
    "/",
    "/sparql",
    "/search?q=khan",
    "/page/person/imran-khan",
    "/ontology",
    "/shapes",
    "/void",
    "/page/person/nobody-here",
    "/no/such/page",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_a_content_security_policy(live_server, path):
    r = live_server.get(path, headers={"Accept": "text/html"})
    assert r.headers["Content-Type"].startswith("text/html"), path
    expected = CONTENT_SECURITY_POLICY
    if (
        path == "/sparql"
    ):  # YASGUI writes a <style> for its table's columns: inline styles, on that page alone
        expected = expected.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    assert r.headers["Content-Security-Policy"] == expected
    assert "script-src 'self';" in r.headers["Content-Security-Policy"]  # never inline scripts
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert (
        "script-src 'self'" in CONTENT_SECURITY_POLICY
        and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    )
    html = r.text
    # nothing inline that the policy would block: no inline script code, no style attributes, no handlers
    for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
        attrs, code = m.groups()
        assert "src=" in attrs or re.search(r'type="application/(ld\+)?json"', attrs), m.group(0)[
            :200
        ]
    assert not re.search(r"\son[a-z]+\s*=", html) and " style=" not in html and "<style" not in html


def test_data_iris_with_other_schemes_are_never_links(live_server):
    """sameAs, types and properties come from the data, and `javascript:` is a valid IRI: never an href."""
    base, token = live_server.env["KG_BASE_IRI"], live_server.token
    thing = f"{base}id/place/sec-js-test"
    graph = "urn:sec:js-graph"
    ttl = (
        f'<{thing}> a <http://schema.org/Place>, <javascript:alert(1)> ; <http://schema.org/name> "JS test" ;'
        f' <http://schema.org/sameAs> <javascript:alert(2)>, <data:text/html,x> ; <javascript:alert(3)> "v" .'
    )
    r = live_server.request(
        "PUT",
        f"/store?graph={quote(graph)}",
        data=ttl.encode(),
        headers={AUTH: f"Bearer {token}", "Content-Type": "text/turtle"},
    )
    assert r.status_code in (201, 204), r.text
    try:
        html = live_server.get("/page/place/sec-js-test").text
        assert "JS test" in html and "javascript:alert" in html  # shown as text,
        assert not re.search(
            r'(href|src|action)="\s*(javascript|data):', html, re.I
        )  # never as a link
    finally:
        live_server.request(
            "DELETE", f"/store?graph={quote(graph)}", headers={AUTH: f"Bearer {token}"}
        )


def test_reflected_input_is_escaped_in_every_context(live_server):
    payload = "\"><kgx onmouseover=alert(1)>'</script><script>alert(2)</script>"
    for path in (
        f"/search?q={quote(payload)}",
        f"/page/person/{quote(payload, safe='')}",
        f"/id/person/{quote(payload, safe='')}",
    ):
        r = live_server.get(path, headers={"Accept": "text/html"})
        assert "<kgx" not in r.text and "<script>alert" not in r.text, path
        check_requests(live_server, r, sent=payload)


# -- 4. no SPARQL injection through named-query parameters (property tests: tests/fuzz and below) -----
def test_named_query_values_cannot_add_sparql():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kg.queries import ParamError, load_all
    from kg.sparql_tokens import tokens

    base = "http://kg.test/"

    @settings(max_examples=400, deadline=None)
    @given(st.data())
    def check(data):
        q = data.draw(st.sampled_from(sorted(load_all().values(), key=lambda q: q.name)))
        p = data.draw(st.sampled_from(q.params)) if q.params else None
        if p is None:
            return
        raw = data.draw(
            st.one_of(
                st.text(max_size=40),
                st.sampled_from(
                    [
                        '" } ; DROP ALL ; #',
                        "> } ; CLEAR ALL ; <x",
                        "x\\u0022) } DROP ALL {",
                        '2020-01-01"^^<x> }',
                        "1 } UNION { ?s ?p ?o",
                        "'''",
                        "\\",
                        "$other",
                        "?x",
                    ]
                ),
            )
        )
        values = {x.name: (x.example or x.default or "1") for x in q.params}
        values[p.name] = raw
        try:
            text = q.bind(values, base)
        except ParamError:
            return
        # the bound value is one RDF term: the query has exactly the template's tokens, with the
        # parameter's token replaced by one term (a typed literal counts as literal ^^ IRI)
        template = [t for t in tokens(q.text)]
        bound = [t for t in tokens(text)]
        kinds = {"string", "iri", "number"}
        i = j = 0
        while i < len(template):
            t = template[i]
            if t.kind == "var" and t.text.startswith("$"):
                assert bound[j].kind in kinds | {"word"}, (
                    t.text,
                    bound[j],
                )  # word: true/false never; guard
                j += 1
                if j + 1 < len(bound) and bound[j].text == "^^":
                    assert bound[j + 1].kind == "iri"
                    j += 2
            else:
                assert bound[j].kind == t.kind and bound[j].text == t.text, (t, bound[j])
                j += 1
            i += 1
        assert j == len(bound)

    check()


# -- 5. request size limits ---------------------------------------------------------------------------
def test_request_size_limits(logged_server):
    s = logged_server
    big = b"x" * (17 * 1024 * 1024)
    for path, ctype in (
        ("/sparql", "application/sparql-query"),
        ("/sparql", "application/x-www-form-urlencoded"),
        ("/articles", "application/json"),
        ("/store?graph=urn:sec:big", "text/turtle"),
    ):
        r = s.post(path, data=big, headers={"Content-Type": ctype, AUTH: f"Bearer {s.token}"})
        assert r.status_code == 413, (path, r.status_code)
        check_requests(s, r)

    def chunks():
        for _ in range(17 * 16):
            yield b"x" * 65536

    r = s.post(
        "/sparql", data=chunks(), headers={"Content-Type": "application/sparql-query"}
    )  # chunked, no length
    assert r.status_code == 413, r.status_code
    form = "query=" + "x" * 600_000  # over Werkzeug's in-memory form limit, under the body limit
    r = s.post("/sparql", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    # query strings and headers: gunicorn's limits (request line 4094 bytes, 100 headers of 8190 bytes)
    r = raw_request(s.url, "GET", b"/search?q=" + b"a" * 10_000)
    assert r.status == 414 and not LEAK.search(r.text)
    r = raw_request(s.url, "GET", b"/", [(b"X-Big", b"a" * 20_000)])
    assert r.status in (400, 431) and not LEAK.search(r.text)
    r = raw_request(s.url, "GET", b"/", [(f"X-H{i}".encode(), b"1") for i in range(150)])
    assert r.status in (400, 431) and not LEAK.search(r.text)
    assert s.get("/health").status_code == 200  # and the server is still fine


# -- 6. the query page cannot run updates without the token -----------------------------------------------
def test_query_page_cannot_update_without_the_token(live_server):
    before = fingerprint(live_server)
    page = live_server.get("/sparql", headers={"Accept": "text/html"})
    assert live_server.token not in page.text and 'method="get" action="/sparql"' in page.text
    upd = "INSERT DATA { GRAPH <urn:sec:page> { <urn:a> <urn:b> 1 } }"
    assert live_server.get("/sparql", params={"update": upd}).status_code == 405  # update by GET
    assert (
        live_server.get("/sparql", params={"query": upd}).status_code == 400
    )  # an update is no query
    assert live_server.post("/sparql", data={"query": upd}).status_code == 400
    assert (
        live_server.post(
            "/sparql", data=upd, headers={"Content-Type": "application/sparql-query"}
        ).status_code
        == 400
    )
    # a cross-site form post (what a hostile page could make a visitor's browser send): no token, no write
    r = live_server.post("/sparql", data={"update": upd}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 401 and "Set-Cookie" not in r.headers
    pre = live_server.request(
        "OPTIONS",
        "/sparql",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert (
        "Access-Control-Allow-Credentials" not in pre.headers
    )  # CORS never carries cookies or credentials
    assert fingerprint(live_server) == before


# -- 7. error pages reveal nothing internal -----------------------------------------------------------------
def test_unhandled_error_reveals_nothing():
    app = _app()

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail in /work/main/kg/x.py")

    client = app.test_client()
    for accept in ("text/html", "application/json", "*/*"):
        r = client.get("/boom", headers={"Accept": accept})
        body = r.get_data(as_text=True)
        assert r.status_code == 500 and "secret" not in body and not LEAK.search(body), body


def test_engine_down_reveals_nothing():
    """The engine's private address is in the cause of a 503: it goes to the log, not to the client."""
    app = _app()
    client = app.test_client()
    seen = set()
    for path in (
        "/sparql?query=ASK%7B%7D",
        "/page/person/x",
        "/api/entity-search?name=x",
        "/search/suggest?q=x",
    ):
        for accept in ("text/html", "*/*", "application/json"):
            r = client.get(path, headers={"Accept": accept})
            body = r.get_data(as_text=True)
            assert r.status_code in (200, 406, 503), (path, r.status_code)
            assert "127.0.0.1:9" not in body and not LEAK.search(body), (path, body)
            seen.add(r.status_code)
    assert 503 in seen


def test_relative_graph_iri_never_shows_the_engine_address(live_server):
    """Regression (fuzzing): `/store?graph=x` was resolved by the engine against its own private address."""
    r = live_server.get("/store?graph=no-such-graph-x")
    assert r.status_code == 404 and engine_address(live_server) not in r.text
    assert live_server.env["KG_BASE_IRI"] + "no-such-graph-x" in r.text


def test_gunicorn_error_pages_reveal_nothing(live_server):
    for line in (b"GET /\x00 HTTP/1.1", b"GET / HTTP/9.9", b"BREW / HTTP/1.1", b"GET"):
        with socket.create_connection(
            ("127.0.0.1", int(live_server.url.rsplit(":", 1)[1])), timeout=10
        ) as sock:
            sock.sendall(line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        text = data.decode("latin-1")
        assert not text.startswith("HTTP/1.1 500") and not LEAK.search(text), text[:500]


# -- regressions: what the fuzzers found ----------------------------------------------------------------
def test_undecodable_key_is_a_404_not_an_engine_error(live_server):
    """Regression: `%ff%fe` decoded to U+FFFD, which no IRI may hold; the engine's parser answered 400."""
    for path in ("/data/person/%ff%fe.ttl", "/id/person/%C0%AE%C0%AE", "/page/place/%ED%A0%80"):
        r = live_server.get(path)
        assert r.status_code == 404 and "Store Error" not in r.text, (path, r.status_code, r.text)


def test_void_with_nothing_acceptable_is_406(live_server):
    """Regression: `Accept: text/html;q=0` left no offer and the VoID view failed with a 500."""
    r = live_server.get("/.well-known/void", headers={"Accept": "text/html;q=0"})
    assert r.status_code == 406 and "text/turtle" in r.text


def test_api_errors_are_json_as_documented(live_server):
    """Regression (schemathesis): errors were text/plain, `format=` and `format=JSON` were accepted and the
    document had no maximum for integers and no 406, though the API enforces both."""
    r = live_server.get("/api/entity-search", headers={"Accept": "*/*"})
    assert (
        r.status_code == 400
        and r.headers["Content-Type"].startswith("application/json")
        and r.json()["status"] == 400
    )
    for fmt in ("", "JSON", "xml"):
        r = live_server.get("/api/entity-search", params={"name": "khan", "format": fmt})
        assert r.status_code == 406 and r.json()["status"] == 406
    doc = live_server.get("/api/openapi.json").json()
    op = doc["paths"]["/api/events-between"]["get"]
    assert "406" in op["responses"]
    limit = next(p for p in op["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100_000
