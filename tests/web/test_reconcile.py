"""The W3C Entity Reconciliation API at /reconcile, asked the way OpenRefine asks (kg/web/reconcile.py)."""

from __future__ import annotations

import json
from pathlib import Path

BATCH = Path(__file__).resolve().parent.parent / "data" / "reconcile_batch.json"


def _reconcile(server, queries: dict) -> dict:
    # OpenRefine POSTs a form with one field, `queries`, holding a JSON object of queries
    r = server.post("/reconcile", data={"queries": json.dumps(queries)})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    return r.json()


def test_manifest(live_server):
    m = live_server.get("/reconcile").json()
    base = live_server.env["KG_BASE_IRI"]
    assert "0.2" in m["versions"] and m["identifierSpace"] == base + "id/"
    assert {t["name"] for t in m["defaultTypes"]} == {"Person", "Organization", "Place"}
    assert m["view"]["url"] == base + "page/{{id}}"
    jsonp = live_server.get("/reconcile?callback=jsonp123")
    assert jsonp.text.startswith("/**/jsonp123({") and jsonp.text.endswith(");")


def test_reconcile_suggest_preview_in_openrefine_shape(live_server):
    out = _reconcile(
        live_server,
        {
            "q0": {"query": "Imran Kahn", "type": "http://schema.org/Person", "limit": 3},
            "q1": {"query": "Pakistan", "type": "http://schema.org/Place", "type_strict": "should"},
            "q2": {"query": "Zzyzx Qwvt"},
        },
    )
    top = out["q0"]["result"][0]
    assert top["id"] == "person/imran-khan" and top["match"] is True and 85 <= top["score"] <= 100
    assert top["type"] == [{"id": "http://schema.org/Person", "name": "Person"}]
    assert len(out["q0"]["result"]) <= 3
    assert out["q1"]["result"][0]["id"] == "place/pakistan"
    assert not any(r["match"] for r in out["q2"]["result"])
    # a GET with queries= in the URL answers the same
    same = live_server.get(
        "/reconcile", params={"queries": json.dumps({"q0": {"query": "Imran Kahn"}})}
    )
    assert same.json()["q0"]["result"][0]["id"] == "person/imran-khan"
    # errors say what is wrong
    bad = live_server.post("/reconcile", data={"queries": "{not json"})
    assert bad.status_code == 400 and "not JSON" in bad.json()["error"]
    bad = live_server.post(
        "/reconcile", data={"queries": json.dumps({"q0": {"query": "x", "type": "Cat"}})}
    )
    assert bad.status_code == 400 and "unknown type" in bad.json()["error"]
    # suggest and preview
    sug = live_server.get("/reconcile/suggest/entity?prefix=imr").json()["result"]
    assert sug[0] == {"id": "person/imran-khan", "name": "Imran Khan", "description": "Person"}
    types = live_server.get("/reconcile/suggest/type?prefix=pe").json()["result"]
    assert types == [{"id": "http://schema.org/Person", "name": "Person"}]
    card = live_server.get("/reconcile/preview?id=person/imran-khan")
    assert card.status_code == 200 and "Imran Khan" in card.text and "Khan" in card.text
    assert live_server.get("/reconcile/preview?id=person/nobody-here").status_code == 404


def test_batch_of_50_names_precision_at_rank_1(live_server):
    """Names from the sample articles as a spreadsheet holds them: misspelt, partial, reordered."""
    batch = json.loads(BATCH.read_text(encoding="utf-8"))["queries"]
    assert len(batch) == 50
    queries = {f"q{i}": {k: v for k, v in q.items() if k != "expect"} for i, q in enumerate(batch)}
    out = _reconcile(live_server, queries)
    right = matched = wrong_matches = 0
    misses = []
    for i, q in enumerate(batch):
        results = out[f"q{i}"]["result"]
        top = results[0] if results else None
        right += bool(top and top["id"] == q["expect"])
        if not (top and top["id"] == q["expect"]):
            misses.append(f"{q['query']} -> {top and top['id']}")
        if top and top["match"]:
            matched += 1
            wrong_matches += top["id"] != q["expect"]
    precision = right / len(batch)
    print(
        f"reconciliation batch: precision at rank 1 = {precision:.2f} ({right}/{len(batch)}); "
        f"match=true on {matched}, of which wrong {wrong_matches}; missed: {misses}"
    )
    assert precision >= 0.9
    assert wrong_matches == 0  # `match: true` is what OpenRefine may accept unseen
