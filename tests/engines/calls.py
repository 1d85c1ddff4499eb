"""Small helpers for talking to the test Virtuoso directly (not through kg)."""

from __future__ import annotations

import requests

XSD = "http://www.w3.org/2001/XMLSchema#"
JSON = {"Accept": "application/sparql-results+json"}


def update(engine, text: str, **kw) -> requests.Response:
    return requests.post(engine.sparql_url, data={"update": text}, timeout=30, **kw)


def select(engine, query: str, accept: str = JSON["Accept"]) -> requests.Response:
    r = requests.get(
        engine.sparql_url, params={"query": query}, headers={"Accept": accept}, timeout=30
    )
    assert r.status_code == 200, r.text
    return r


def rows(engine, query: str) -> list[dict]:
    return select(engine, query).json()["results"]["bindings"]


def count(engine, graph: str) -> int:
    q = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(rows(engine, q)[0]["n"]["value"])


def triples(n: int, start: int = 0) -> str:
    """`n` N-Triples lines (also valid Turtle and INSERT DATA content), one subject each."""
    return "\n".join(
        f'<http://kg.test/s{i}> <http://kg.test/p> "value {i}" .' for i in range(start, start + n)
    )
