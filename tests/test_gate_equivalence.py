"""The fast SHACL gate and the reference (pyshacl) give the same findings, on valid and broken documents.

Documents: generated articles (bench/generate.py) and the hand-written sample, each broken in a chosen way
(a required field dropped, a wrong datatype, an impossible date, evidence that does not match the body, a
reference to the wrong kind of entity, ...) or at a random place with a random wrong value, as the fuzz test
does. Documents the facts schema or the mapping refuses never reach the gate and are not counted.
KG_GATE_DOCS=5000 runs a longer comparison (default 240 documents, of which ~160 reach the gate).
"""

from __future__ import annotations

import copy
import json
import os
import random

import pytest

from bench.generate import _pools, article
from kg.facts import FactsDocument, FactsError
from kg.iris import Minter
from kg.mapping import Mapper, MappingError
from kg.validation import Report, check, check_reference

from .conftest import DATA

WRONG = [
    None,
    True,
    -1,
    0,
    10**9,
    1.5,
    "",
    " ",
    "2022-02-30",
    "9999-99-99",
    "2022-13",
    "next Sunday",
    "Prime Minister",
    "By Jane Doe, editor",
    "he",
    "Khan's",
    "lower case",
    "not an iri",
    "x" * 200,
    "e0",
    [],
    ["e1"],
]


def _targeted(doc: dict, rng: random.Random) -> None:
    """One of the ways editors and extractors really break documents."""
    a, ents = doc["article"], doc["entities"]
    facts = [f for k in ("roles", "claims", "events") for f in doc[k]]
    people = [e["id"] for e in ents if e["type"] == "Person"]
    places = [e["id"] for e in ents if e["type"] == "Place"]
    choice = rng.randrange(18)
    if choice == 0:
        a["datePublished"] = rng.choice(["2022-02-30", "2021-13-01", "yesterday", "2022"])
    elif choice == 1:
        a["headline"] = rng.choice(["", "A " * 80])
    elif choice == 2:
        a["body"] = ""
    elif choice == 3:
        a["authors"] = rng.choice([[], [{"name": "By Jane Doe, editor", "type": "Person"}]])
    elif choice == 4:
        a["publisher"] = None
    elif choice == 5 and ents:
        rng.choice(ents)["name"] = rng.choice(["", "lower case", "she", "Khan's"])
    elif choice == 6 and ents:
        rng.choice(ents)["sameAs"] = ["not an iri"]
    elif choice == 7 and doc["roles"]:
        rng.choice(doc["roles"])["roleName"] = rng.choice([None, "", "Prime Minister"])
    elif choice == 8 and doc["roles"] and people:
        rng.choice(doc["roles"])["organization"] = rng.choice(people)
    elif choice == 9 and doc["claims"]:
        rng.choice(doc["claims"])["text"] = rng.choice([None, ""])
    elif choice == 10 and facts and rng.choice(facts).get("evidence"):
        ev = next(f["evidence"] for f in facts if f.get("evidence"))
        ev["exact"] = ev["exact"][::-1] + "!"
    elif choice == 11 and facts:
        f = rng.choice(facts)
        if f.get("evidence"):
            f["evidence"]["start"], f["evidence"]["end"] = (
                f["evidence"]["end"],
                f["evidence"]["start"],
            )
    elif choice == 12 and facts:
        rng.choice(facts)["evidence"] = None
    elif choice == 13 and doc["events"]:
        rng.choice(doc["events"])["startDate"] = rng.choice(
            ["next Sunday", "2022-02-30", "2022-13", None, "2022-02"]
        )
    elif choice == 14 and doc["events"]:
        rng.choice(doc["events"])["name"] = rng.choice([None, ""])
    elif choice == 15 and doc["events"] and people:
        rng.choice(doc["events"])["location"] = rng.choice(people + places)
    elif choice == 16 and ents and ents[0].get("mentions"):
        m = rng.choice(ents)["mentions"]
        if m:
            m[0]["end"] = m[0]["end"] + 3
    elif choice == 17 and len(doc["claims"]) > 1:
        doc["claims"][0]["denies"] = doc["claims"][1]["id"]


def _paths(node, prefix=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


def _anywhere(doc: dict, rng: random.Random) -> None:
    path = rng.choice(list(_paths(doc)))
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = copy.deepcopy(rng.choice(WRONG))


def _documents(n: int, seed: int = 18) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    pools = _pools(rng, people=200, orgs=40)
    bases = [json.loads((DATA / "khan.facts.json").read_text(encoding="utf-8"))]
    for i in range(
        40
    ):  # two of the four people's roles and claims: half the triples, half the time
        doc = article(i, rng, pools, heavy=i % 7 == 0)
        doc["roles"], doc["claims"] = doc["roles"][:2], doc["claims"][:2]
        bases.append(doc)
    out = []
    for i in range(n):
        doc = copy.deepcopy(bases[i % len(bases)])
        kind = i % 4  # a quarter left valid, the rest broken once or more
        for _ in range(rng.randint(1, 3) if kind else 0):
            (_targeted if kind != 3 else _anywhere)(doc, rng)
        out.append((f"doc-{i}.json", doc))
    return out


def _comparable(report: Report) -> list[tuple]:
    return [
        (f.severity, f.focus, f.where, f.property, f.value, f.message, f.shape)
        for f in report.findings
    ]


def test_fast_gate_gives_the_reference_findings_on_valid_and_broken_documents():
    mapper = Mapper(Minter("http://example.org/"))
    compared = valid = broken = 0
    for path, data in _documents(int(os.environ.get("KG_GATE_DOCS", 240))):
        try:
            mapped = mapper.map(FactsDocument.from_dict(data, path))
        except (FactsError, MappingError, KeyError):
            continue
        fast, ref = check(mapped, path), check_reference(mapped, path)
        assert fast.conforms == ref.conforms, (path, ref.lines(), fast.lines())
        assert _comparable(fast) == _comparable(ref), (path, ref.lines(), fast.lines())
        compared += 1
        valid += ref.conforms
        broken += not ref.conforms
    # The comparison means something only when both kinds are there in numbers.
    assert compared >= 150 and valid >= 40 and broken >= 80, (compared, valid, broken)


@pytest.mark.parametrize("engine", ["pyshacl", ""])
def test_engine_switch(monkeypatch, engine):
    """KG_SHACL_ENGINE=pyshacl makes the reference the gate again; both reject the same bad date."""
    monkeypatch.setenv("KG_SHACL_ENGINE", engine)
    data = json.loads((DATA / "khan.facts.json").read_text(encoding="utf-8"))
    data["article"]["datePublished"] = "2022-02-30"
    mapped = Mapper(Minter("http://example.org/")).map(FactsDocument.from_dict(data, "d.json"))
    (f,) = check(mapped, "d.json").violations
    assert f.property == "schema:datePublished"
