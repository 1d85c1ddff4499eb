"""Publishing over HTTP: POST /articles with the token; same SHACL gate and report as `kg ingest`."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
ARTICLE = b""" date 2031-02-03 Written by Ada Reporter

The mayor of Northbridge, Ilse Varga, said on Monday that the new bridge would open in spring.

This article originally appeared in The Northbridge Courier.
"""


def facts_doc(key: str) -> dict:
    doc = json.loads((DATA / "khan.facts.json").read_text())
    doc["article"]["key"] = key
    return doc


def auth(server) -> dict:
    return {"Authorization": f"Bearer {server.token}"}


def drop(server, article_iri: str) -> None:
    graph = article_iri.replace("/id/article/", "/graph/article/")
    server.post("/sparql", data={"update": f"DROP SILENT GRAPH <{graph}>"}, headers=auth(server))


def test_publish_facts_document(live_server):
    key = "http-publish-test-facts"
    r = live_server.post("/articles", json=facts_doc(key), headers=auth(live_server))
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["ok"] and out["published"] and out["report"]["conforms"] is True
    assert r.headers["Location"] == out["article"] and out["article"].endswith(f"/id/article/{key}")
    ask = live_server.get(
        "/sparql",
        params={"query": f"ASK {{ <{out['article']}> a <http://schema.org/NewsArticle> }}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert ask.json()["boolean"] is True
    drop(live_server, out["article"])


def test_publish_rejected_by_shacl_is_422_with_the_report(live_server):
    doc = facts_doc("http-publish-test-bad")
    doc["article"]["datePublished"] = "last tuesday"
    r = live_server.post("/articles", json=doc, headers=auth(live_server))
    if r.status_code == 400:  # the facts schema may already refuse the date's shape
        assert "datePublished" in r.text
        return
    assert r.status_code == 422, r.text
    out = r.json()
    assert out["ok"] is False and out["published"] is False and out["report"]["conforms"] is False
    ask = live_server.get(
        "/sparql",
        params={
            "query": 'ASK { GRAPH ?g { ?a <http://schema.org/datePublished> "last tuesday" } }'
        },
        headers={"Accept": "application/sparql-results+json"},
    )
    assert ask.json()["boolean"] is False


def test_publish_plain_text_article(live_server):
    r = live_server.post(
        "/articles",
        data=ARTICLE,
        headers={"Content-Type": "text/plain; charset=utf-8", **auth(live_server)},
        timeout=180,
    )
    assert r.status_code in (201, 422), r.text
    out = r.json()
    assert "report" in out
    if r.status_code == 201:
        drop(live_server, out["article"])


def test_publish_needs_the_token_and_a_known_type(live_server):
    assert live_server.post("/articles", json=facts_doc("x")).status_code == 401
    assert (
        live_server.post(
            "/articles", json=facts_doc("x"), headers={"Authorization": "Bearer no"}
        ).status_code
        == 403
    )
    r = live_server.post(
        "/articles", data=b"<x/>", headers={"Content-Type": "application/xml", **auth(live_server)}
    )
    assert r.status_code == 415
    r = live_server.post(
        "/articles",
        data=b"{not json",
        headers={"Content-Type": "application/json", **auth(live_server)},
    )
    assert r.status_code == 400


def test_dry_run_validates_without_publishing(live_server):
    key = "http-publish-test-dry"
    r = live_server.post(
        "/articles", params={"dry-run": "1"}, json=facts_doc(key), headers=auth(live_server)
    )
    assert (
        r.status_code == 200 and r.json()["published"] is False and r.json()["report"]["conforms"]
    )
    ask = live_server.get(
        "/sparql",
        params={
            "query": f'ASK {{ ?a a <http://schema.org/NewsArticle> FILTER(STRENDS(STR(?a), "{key}")) }}'
        },
        headers={"Accept": "application/sparql-results+json"},
    )
    assert ask.json()["boolean"] is False
