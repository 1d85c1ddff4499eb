"""Named queries at /api/{name} (JSON and CSV), their parameters bound as RDF terms, and the OpenAPI document."""

from __future__ import annotations

import csv
import io

import pytest

from kg.queries import Param, ParamError, load_all, to_term

BASE = "http://127.0.0.1:8080/"


def test_at_least_eight_named_queries_with_headers():
    queries = load_all()
    assert len(queries) >= 8
    for q in queries.values():
        assert q.title and q.description, q.name
        for p in q.params:
            assert p.type in ("iri", "string", "date", "integer") and p.description, (
                q.name,
                p.name,
            )
    for wanted in (
        "claims-about",
        "roles-of-person",
        "articles-mentioning-both",
        "claims-and-denials",
        "events-between",
        "top-entities-by-month",
        "co-mentions",
        "entities-without-wikidata",
    ):
        assert wanted in queries


@pytest.mark.parametrize(
    "ptype,raw",
    [
        ("iri", "http://x/> } ; DROP ALL ; <http://y"),
        ("iri", "id/person/x y"),
        ("date", "2020-13-01"),
        ("date", '2020-01-01"^^<x> } DROP ALL {'),
        ("integer", "10; DROP ALL"),
        ("integer", "-1"),
    ],
)
def test_injection_is_refused(ptype, raw):
    with pytest.raises(ParamError):
        to_term(Param("p", ptype, "d"), raw, BASE)


def test_strings_are_escaped_literals():
    term = to_term(Param("p", "string", "d"), 'x" } ; DROP ALL ; #\n', BASE)
    assert term == '"x\\" } ; DROP ALL ; #\\n"'


def test_iri_paths_resolve_under_base():
    assert (
        to_term(Param("p", "iri", "d"), "id/person/imran-khan", BASE)
        == f"<{BASE}id/person/imran-khan>"
    )
    assert (
        to_term(Param("p", "iri", "d"), "/id/person/imran-khan", BASE)
        == f"<{BASE}id/person/imran-khan>"
    )


def test_only_variable_tokens_are_replaced():
    q = load_all()["entity-search"]
    text = q.bind({"name": "khan"}, BASE)
    assert '"khan"' in text and "$name" not in text


def entity(server, kind: str, key: str) -> str:
    return server.env["KG_BASE_IRI"] + f"id/{kind}/{key}"


def test_api_json(live_server):
    r = live_server.get("/api/entity-search", params={"name": "khan"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    doc = r.json()
    assert doc["columns"] == ["entity", "type", "name", "wikidata"]
    assert any(row["name"] == "Imran Khan" for row in doc["rows"])
    assert doc["truncated"] is False and r.headers["X-KG-Row-Limit"]


def test_api_csv(live_server):
    r = live_server.get(
        "/api/roles-of-person", params={"person": "id/person/imran-khan", "format": "csv"}
    )
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and any("prime minister" in (row["roleName"] or "").lower() for row in rows)
    r = live_server.get(
        "/api/roles-of-person",
        params={"person": "id/person/imran-khan"},
        headers={"Accept": "text/csv"},
    )
    assert r.headers["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    "name,params",
    [
        ("claims-about", {"entity": "id/person/imran-khan"}),
        ("articles-mentioning-both", {"a": "id/person/imran-khan", "b": "id/place/pakistan"}),
        ("claims-and-denials", {}),
        ("events-between", {"from": "1900-01-01", "to": "2100-01-01"}),
        ("top-entities-by-month", {"minArticles": "1"}),
        ("co-mentions", {"entity": "id/place/pakistan"}),
        ("entities-without-wikidata", {}),
        ("mentions-of-entity", {"entity": "id/place/pakistan"}),
    ],
)
def test_every_named_query_runs(live_server, name, params):
    r = live_server.get(f"/api/{name}", params=params)
    assert r.status_code == 200, r.text
    doc = r.json()
    if name != "claims-and-denials":
        assert doc["rows"], name


def test_api_errors(live_server):
    r = live_server.get("/api/claims-about")
    assert r.status_code == 400 and "entity" in r.text
    r = live_server.get("/api/claims-about", params={"entity": "id/person/x", "limt": "3"})
    assert r.status_code == 400 and "limt" in r.text
    r = live_server.get("/api/events-between", params={"from": "yesterday", "to": "2020-01-01"})
    assert r.status_code == 400 and "date" in r.text
    assert live_server.get("/api/no-such-query").status_code == 404


def test_openapi_document(live_server):
    doc = live_server.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    op = doc["paths"]["/api/events-between"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert (
        params["from"]["schema"] == {"type": "string", "format": "date", "minLength": 1}
        and params["from"]["required"]
    )
    assert params["limit"]["schema"]["maximum"] == 100_000 and "406" in op["responses"]
    assert params["limit"]["schema"]["default"] == 200 and not params["limit"]["required"]
    assert set(op["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    assert doc["servers"][0]["url"] == live_server.env["KG_BASE_IRI"].rstrip("/")
    assert len(doc["paths"]) == len(load_all())
    try:
        from openapi_spec_validator import validate
    except ImportError:
        return
    validate(doc)
