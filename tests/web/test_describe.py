"""describe.Describer directly, on a real embedded engine of this module's own: what a page is built from."""

from __future__ import annotations

import json

import pytest

from kg.web import reads
from kg.web.describe import Describer

from .inproc import BASE, DATA, embedded_app

S = "http://schema.org/"
KHAN = BASE + "id/person/imran-khan"


@pytest.fixture(scope="module")
def describer(tmp_path_factory):
    with embedded_app(tmp_path_factory.mktemp("describe")) as app, app.app_context():
        yield Describer(reads.select, reads.ask, BASE)


def test_a_person_with_facts_and_their_evidence(describer):
    d = describer.describe(KHAN, "person")
    assert d.exists and d.first(S + "name") == "Imran Khan"
    assert S + "Person" in d.types()
    assert d.facts, "Imran Khan's roles and claims"
    body = json.loads((DATA / "khan.facts.json").read_text())["article"]["body"]
    for f in d.facts:
        for e in f.evidence:
            assert body[e.start : e.end] == e.exact  # offsets index into the article body
    assert "Pakistan" in d.labels.values()  # linked things come with their labels


def test_an_article_lists_what_it_mentions(describer):
    articles = reads.select(f"SELECT ?a WHERE {{ ?a a <{S}NewsArticle> }}")
    (article,) = [b["a"]["value"] for b in articles]
    d = describer.describe(article, "article")
    assert d.exists and d.first(S + "headline")
    assert KHAN in {str(t.value) for t in d.out.get(S + "mentions", [])}


def test_nothing_there(describer):
    assert not describer.exists(BASE + "id/person/nobody-at-all")
    assert not describer.describe(BASE + "id/person/nobody-at-all", "person").exists
