"""/search (HTML, JSON), type filters, ranking, autocomplete, the FTS5 index and its refresh after ingest."""

from __future__ import annotations

import json
import time

from .ld_docs import article_doc, entity, write


def eventually_found(server, q: str, name: str, timeout: float = 60) -> dict:
    """The index follows the store within seconds (a background refresh), not instantly: poll."""
    deadline = time.monotonic() + timeout
    while True:
        res = _json(server, "/search?q=" + q)
        if any(r["name"] == name for r in res["results"]) or time.monotonic() > deadline:
            return res
        time.sleep(0.3)


def _json(server, path: str) -> dict:
    r = server.get(path, headers={"Accept": "application/json"})
    assert r.status_code == 200, r.text
    return r.json()


def test_search_json_ranked_over_names_and_alternates(live_server):
    res = _json(live_server, "/search?q=khan")
    assert res["results"][0]["name"] == "Imran Khan" and res["results"][0]["kind"] == "person"
    assert res["results"][0]["page"] == "/page/person/imran-khan"
    alt = _json(live_server, "/search?q=Parliament")  # an alternate name
    assert any(r["name"] == "Parliament of Pakistan" for r in alt["results"])
    exact = _json(live_server, "/search?q=Pakistan")
    assert exact["results"][0]["name"] == "Pakistan"  # the exact name ranks first


def test_search_type_filter_and_facets(live_server):
    res = _json(live_server, "/search?q=pakistan")
    assert res["facets"].get("place", 0) >= 1 and res["facets"].get("organization", 0) >= 1
    only = _json(live_server, "/search?q=pakistan&type=organization")
    assert only["results"] and {r["kind"] for r in only["results"]} == {"organization"}
    assert only["total"] == res["facets"]["organization"]


def test_search_html_page(live_server):
    r = live_server.get("/search?q=khan", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert '<a href="/page/person/imran-khan">Imran Khan</a>' in r.text
    assert 'value="khan"' in r.text  # the query stays in the box
    assert live_server.get("/search", headers={"Accept": "text/html"}).status_code == 200


def test_search_folds_diacritics_and_survives_hostile_queries(live_server, ld):
    res = eventually_found(live_server, f"holmo+{ld.tag}", f"Grete Hølmø {ld.tag}")
    assert any(r["name"] == f"Grete Hølmø {ld.tag}" for r in res["results"])
    for q in ['"', "AND OR NOT", "NEAR(a b", "*", "a:b", "<script>", "))((", "ü" * 300]:
        r = live_server.get("/search", params={"q": q, "format": "json"})
        assert r.status_code == 200, q
    html = live_server.get(
        "/search", params={"q": "<script>alert(1)</script>"}, headers={"Accept": "text/html"}
    ).text
    assert "<script>alert(1)" not in html


def test_autocomplete(live_server):
    res = _json(live_server, "/search/suggest?q=imr")
    assert res["suggestions"][0]["name"] == "Imran Khan"
    assert (
        _json(live_server, "/search/suggest?q=i")["suggestions"] == []
    )  # one letter is too little
    os = live_server.get("/search/suggest?q=paki&format=opensearch").json()
    assert os[0] == "paki" and "Pakistan" in os[1]


def test_index_refreshes_after_ingest(live_server, tmp_path):
    name = f"Quillon Vexbridge {time.time_ns() % 10**9}"
    body = f"{name} opened a bridge."
    doc = article_doc(
        f"ld-search-{time.time_ns()}",
        f"{name} opens bridge",
        body,
        [entity("q", name, "Person", body, name)],
    )
    live_server.kg("ingest", str(write(tmp_path / "docs", [doc])), check=True)
    res = eventually_found(live_server, name.split()[1], name)
    assert any(r["name"] == name for r in res["results"]), json.dumps(res)[:300]
