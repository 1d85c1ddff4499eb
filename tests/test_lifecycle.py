"""Naming the article to retract (kg/lifecycle.py resolve): by its IRI, page, data or graph IRI, or its file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.iris import Minter
from kg.lifecycle import LifecycleError, resolve

from .conftest import DATA

M = Minter("http://example.org/")


@pytest.mark.parametrize(
    "view", ["id/article/", "page/article/", "data/article/", "graph/article/"]
)
def test_resolve_any_address_of_the_article(view):
    t = resolve(f"http://example.org/{view}2024-01-01-x", M)
    assert t.article == "http://example.org/id/article/2024-01-01-x"
    assert t.graph == "http://example.org/graph/article/2024-01-01-x"


def test_resolve_a_facts_document_like_the_mapping_does(tmp_path: Path):
    doc = json.loads((DATA / "khan.facts.json").read_text())
    t = resolve(str(DATA / "khan.facts.json"), M)
    key = M.article_key(doc["article"]["datePublished"], doc["article"]["headline"])
    assert t.article == f"http://example.org/id/article/{key}"
    doc["article"]["key"] = "pinned"
    (tmp_path / "p.facts.json").write_text(json.dumps(doc))
    assert resolve(str(tmp_path / "p.facts.json"), M).article.endswith("/id/article/pinned")


def test_resolve_says_what_is_wrong(tmp_path: Path):
    with pytest.raises(LifecycleError, match="not an article IRI under http://example.org/"):
        resolve("http://elsewhere.org/id/article/x", M)
    with pytest.raises(LifecycleError, match="no such file"):
        resolve(str(tmp_path / "missing.json"), M)
