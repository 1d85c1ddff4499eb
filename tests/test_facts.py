"""The facts document: its JSON schema catches structural mistakes and says where they are."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kg.facts import FactsDocument, FactsError, load_facts

from .conftest import DATA

KHAN = DATA / "khan.facts.json"


def raw() -> dict:
    return json.loads(KHAN.read_text(encoding="utf-8"))


def test_round_trip_is_lossless():
    doc = load_facts(KHAN)
    assert doc.to_dict() == FactsDocument.from_dict(doc.to_dict()).to_dict()
    assert json.loads(doc.to_json()) == raw()


@pytest.mark.parametrize(
    "mutate,where,needle",
    [
        (lambda d: d.pop("article"), "document", "'article' is a required property"),
        (
            lambda d: d["article"].__setitem__("authors", "Jane"),
            "article.authors",
            "is not of type 'array'",
        ),
        (
            lambda d: d["roles"][0].__setitem__("person", "nobody"),
            "roles[0].person",
            "refers to 'nobody'",
        ),
        (
            lambda d: d["claims"][2].__setitem__("denies", "claim-99"),
            "claims[2].denies",
            "no claim",
        ),
        (
            lambda d: d["entities"][1].__setitem__("id", d["entities"][0]["id"]),
            "entities[1].id",
            "used twice",
        ),
        (
            lambda d: d["entities"][0].__setitem__("type", "Animal"),
            "entities[0].type",
            "is not one of",
        ),
        (
            lambda d: d["events"][0]["evidence"].__setitem__("start", "ten"),
            "events[0].evidence.start",
            "not of type 'integer'",
        ),
        (lambda d: d.__setitem__("format", "kg-facts/0"), "format", "kg-facts/1"),
    ],
)
def test_structural_errors_name_the_place(mutate, where, needle):
    data = copy.deepcopy(raw())
    mutate(data)
    with pytest.raises(FactsError) as info:
        FactsDocument.from_dict(data, "edited.json")
    assert info.value.where == where
    assert needle in str(info.value)
    assert str(info.value).startswith("edited.json: ")


def test_not_json(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kg-facts/1",\n  "article": }', encoding="utf-8")
    with pytest.raises(FactsError, match=r"bad.json: line 2 column 14: not valid JSON"):
        load_facts(bad)
