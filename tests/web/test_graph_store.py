"""The Graph Store Protocol at /store: GET, HEAD, PUT, POST, DELETE; writes need the token."""

from __future__ import annotations

import uuid

NT = "application/n-triples"


def auth(server) -> dict:
    return {"Authorization": f"Bearer {server.token}"}


def test_graph_store_round_trip(live_server):
    g = f"http://example.org/gsp-{uuid.uuid4().hex}"
    s = live_server
    assert s.get("/store", params={"graph": g}).status_code == 404
    r = s.request(
        "PUT",
        "/store",
        params={"graph": g},
        data=b"<urn:a> <urn:b> <urn:c> .\n",
        headers={"Content-Type": NT, **auth(s)},
    )
    assert r.status_code == 201, r.text
    r = s.request(
        "PUT",
        "/store",
        params={"graph": g},
        data=b"<urn:a> <urn:b> <urn:d> .\n",
        headers={"Content-Type": NT, **auth(s)},
    )
    assert r.status_code == 204  # replaced
    r = s.post(
        "/store",
        params={"graph": g},
        data=b"@prefix u: <urn:> . u:a u:b u:e .",
        headers={"Content-Type": "text/turtle", **auth(s)},
    )
    assert r.status_code == 204  # merged
    r = s.get("/store", params={"graph": g}, headers={"Accept": NT})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(NT)
    assert sorted(r.text.split("\n")) == [
        "",
        "<urn:a> <urn:b> <urn:d> .",
        "<urn:a> <urn:b> <urn:e> .",
    ]
    h = s.request("HEAD", "/store", params={"graph": g}, headers={"Accept": "text/turtle"})
    assert (
        h.status_code == 200
        and h.text == ""
        and h.headers["Content-Type"].startswith("text/turtle")
    )
    assert s.request("DELETE", "/store", params={"graph": g}, headers=auth(s)).status_code == 204
    assert s.get("/store", params={"graph": g}).status_code == 404


def test_graph_store_writes_need_the_token(live_server):
    g = "http://example.org/gsp-auth"
    for method in ("PUT", "POST", "DELETE"):
        r = live_server.request(
            method,
            "/store",
            params={"graph": g},
            data=b"<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": NT},
        )
        assert r.status_code == 401, method
        r = live_server.request(
            method,
            "/store",
            params={"graph": g},
            data=b"<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": NT, "Authorization": "Bearer wrong"},
        )
        assert r.status_code == 403, method


def test_graph_store_reads_published_articles(live_server):
    graphs = live_server.post(
        "/sparql",
        data={
            "query": "SELECT DISTINCT ?g { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } } LIMIT 1"
        },
        headers={"Accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"]
    g = graphs[0]["g"]["value"]
    r = live_server.get("/store", params={"graph": g}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "NewsArticle" in r.text


def test_graph_store_bad_requests(live_server):
    r = live_server.get("/store", params=[("graph", "http://example.org/a"), ("default", "")])
    assert r.status_code == 400
    r = live_server.request(
        "PUT",
        "/store",
        params={"graph": "http://example.org/a"},
        data=b"x",
        headers={"Content-Type": "text/plain", **auth(live_server)},
    )
    assert r.status_code == 415
