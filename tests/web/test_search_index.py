"""search_index.SearchIndex directly, on a real embedded engine of this module's own (its data changes here):
built from the store, queried with what people type, refreshed when the store changes."""

from __future__ import annotations

import pytest

from kg.web import search_index
from kg.web.search_index import SearchIndex, match_expression

from .inproc import BASE, embedded_app

KHAN = BASE + "id/person/imran-khan"
ENTITIES = BASE + "graph/entities"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    with embedded_app(tmp) as app:
        endpoints = app.extensions["kg.endpoints"]
        yield SearchIndex(tmp / "index", endpoints.store, ENTITIES), endpoints.store()


def test_names_found_as_people_type_them(index):
    idx, _ = index
    for q in ("khan", "Imran Khan", "IMRAN", "khan imran"):
        hits, total, facets = idx.search(q)
        assert hits and hits[0].iri == KHAN, q
        assert total >= 1 and facets.get("person", 0) >= 1


def test_kind_filter_and_suggest(index):
    idx, _ = index
    hits, _, _ = idx.search("pakistan", kind="place")
    assert hits and all(h.kind == "place" for h in hits)
    assert [h.iri for h in idx.suggest("imr")][:1] == [KHAN]
    assert idx.suggest("i") == []  # one letter suggests nothing


@pytest.mark.parametrize("q", ['"', "OR", "NEAR(a b)", "*", "khan)(", ""])
def test_operators_never_get_through(index, q):
    idx, _ = index
    idx.search(q)  # no sqlite3.OperationalError: every word is quoted
    expr = match_expression(q)
    assert expr is None or all(part.startswith('"') for part in expr.split())


def test_a_change_in_the_store_reaches_the_index(index, monkeypatch):
    idx, store = index
    idx.search("khan")
    new = BASE + "id/person/zanzibar-quillfeather"
    store.update(
        f"INSERT DATA {{ GRAPH <{ENTITIES}> {{ <{new}> a <http://schema.org/Person> ; "
        '<http://schema.org/name> "Zanzibar Quillfeather" } }'
    )
    monkeypatch.setattr(search_index, "REFRESH", 0.0)
    idx._last_check = 0.0
    idx.maybe_refresh()
    idx.build_if_needed(block=True)
    hits, _, _ = idx.search("quillfeather")
    assert [h.iri for h in hits] == [new]
