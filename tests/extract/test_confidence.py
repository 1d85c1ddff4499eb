"""confidence.py: every extracted fact carries a confidence in [0, 1]; it reaches the graph as
kg:confidence, passes the SHACL gate, and `kg extract --review` lists the facts below a threshold."""

from __future__ import annotations

import json

import pytest
from rdflib import XSD, Literal

from kg.cli import main
from kg.facts import FactsDocument, FactsError
from kg.iris import KG, Minter
from kg.mapping import Mapper
from kg.validation import check

TEXT = (
    "Ilse Varga, the chief executive of Korvin Telecom, said on Monday that the company would cut "
    '300 jobs. "We have no choice," Varga told reporters in Pécs. Somebody fled.'
)


@pytest.fixture(scope="module")
def doc(facts):
    return facts(TEXT, date="2024-01-03")


def test_every_extracted_fact_has_a_confidence(doc):
    everything = doc.facts()
    assert {w.split("[")[0] for w, _ in everything} >= {"entities", "roles", "claims", "events"}
    for where, x in everything:
        assert x.confidence is not None and 0.0 <= x.confidence <= 1.0, where


def test_a_direct_quote_is_surer_than_a_reported_clause(doc):
    by_direct = {c.direct: c.confidence for c in doc.claims}
    assert by_direct[True] > by_direct[False]


def test_confidence_reaches_the_graph_and_passes_the_gate(doc):
    mapped = Mapper(Minter("http://example.org/")).map(doc)
    values = list(mapped.article_graph.objects(None, KG.confidence))
    assert len(values) >= len(doc.roles) + len(doc.claims) + len(doc.events)
    assert all(v.datatype == XSD.decimal and 0 <= float(v) <= 1 for v in values)
    report = check(mapped, "test.json")
    assert report.conforms, report.lines()
    (event,) = [n for n in mapped.article_graph.subjects(KG.confidence, None) if "event" in str(n)]
    assert mapped.article_graph.value(event, KG.confidence) == Literal(
        f"{doc.events[0].confidence:.2f}", datatype=XSD.decimal
    )


def test_a_confidence_outside_zero_one_is_refused(doc):
    data = doc.to_dict()
    data["events"][0]["confidence"] = 1.5
    with pytest.raises(FactsError, match=r"events\[0\]\.confidence"):
        FactsDocument.from_dict(data, "edited.json")
    del data["events"][0]["confidence"]  # hand-written facts need none
    assert FactsDocument.from_dict(data, "edited.json").events[0].confidence is None


def test_review_lists_the_facts_below_the_threshold(doc, tmp_path, capsys):
    art = tmp_path / "varga.txt"
    art.write_text(f" date 2024-01-03 Written by Test Writer\n\n{TEXT}\n", encoding="utf-8")
    assert main(["extract", "--review", "--threshold", "0.99", str(art)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{art}: {len(doc.facts())} fact(s) below 0.99"
    listed = [float(line.split()[0]) for line in out[1:]]
    assert listed == sorted(listed) and len(listed) == len(doc.facts())
    assert main(["extract", "--review", "--threshold", "0", str(art)]) == 0
    assert capsys.readouterr().out.strip() == f"{art}: 0 fact(s) below 0.00"
    assert json.loads(doc.to_json())["events"][0]["confidence"] == doc.events[0].confidence
