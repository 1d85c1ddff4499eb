"""The SHACL gate: violations block with a report an editor can act on; warnings do not."""

from __future__ import annotations

import copy
import json

import pytest

from kg.facts import FactsDocument
from kg.iris import Minter
from kg.mapping import Mapper
from kg.validation import check, check_reference, compiled_shapes

from .conftest import DATA

KHAN = DATA / "khan.facts.json"


def report_for(data: dict, path: str = "edited.json"):
    doc = FactsDocument.from_dict(data, path)
    return check(Mapper(Minter("http://example.org/")).map(doc), path)


def base() -> dict:
    return json.loads(KHAN.read_text(encoding="utf-8"))


def test_hand_written_document_conforms_with_only_warnings():
    report = report_for(base())
    assert report.conforms, report.lines()
    assert [f.property for f in report.warnings] == ["schema:publisher"]


def test_date_that_is_not_a_date():
    data = base()
    data["article"]["datePublished"] = "2022-02-30"
    report = report_for(data)
    assert not report.conforms
    (f,) = report.violations
    assert (f.where, f.property, f.value) == (
        "article",
        "schema:datePublished",
        '"2022-02-30" (date)',
    )
    assert "real calendar date" in f.message
    line = f.line("edited.json")
    assert line.startswith(
        'edited.json: violation: article | property schema:datePublished | value "2022-02-30"'
    )


def test_role_without_role_name_names_the_role():
    data = base()
    data["roles"][1]["roleName"] = None
    (f,) = report_for(data).violations
    assert f.where == "roles[1] (role-2)"
    assert f.property == "schema:roleName"
    assert f.focus.startswith("http://example.org/id/role/")
    assert f.message == "A role needs a role name, such as 'prime minister'."


def test_evidence_that_does_not_match_the_body():
    data = base()
    data["claims"][0]["evidence"]["exact"] = "said he would accept its outcome"
    (f,) = report_for(data).violations
    assert f.where == "claims[0] (claim-1).evidence"
    assert "is not what the article says" in f.message and "refuse" in f.message


def test_event_date_and_missing_name_and_bad_location():
    data = base()
    data["events"][0]["startDate"] = "next Sunday"
    data["events"][1]["name"] = None
    data["events"][2]["location"] = "imran-khan"
    found = {(f.where, f.property) for f in report_for(data).violations}
    assert found == {
        ("events[0] (event-1)", "schema:startDate"),
        ("events[1] (event-2)", "schema:name"),
        ("events[2] (event-3)", "schema:location"),
    }


def test_warnings_for_recommendations_do_not_block():
    data = base()
    data["article"]["headline"] = "A " * 70
    data["roles"][0]["roleName"] = "Prime Minister"
    report = report_for(data)
    assert report.conforms
    messages = " ".join(f.message for f in report.warnings)
    assert "longer than 110 characters" in messages
    assert "lower case" in messages


def test_report_as_json_is_complete():
    data = copy.deepcopy(base())
    data["roles"][0]["roleName"] = ""
    out = report_for(data).to_dict()
    assert out["conforms"] is False and out["file"] == "edited.json"
    v = [f for f in out["findings"] if f["severity"] == "violation"]
    assert v and {"focus", "where", "property", "value", "message", "shape"} <= set(v[0])


def test_a_term_the_fast_engine_refuses_still_gets_the_reference_report():
    """An entity key with a control character mints an IRI rdflib holds and the fast engine refuses
    ("Invalid IRI code point"); found by the facts fuzzer. The gate answers with the reference engine's
    report instead of failing."""
    data = base()
    data["entities"][0]["key"] = "\x08"
    mapped = Mapper(Minter("http://example.org/")).map(FactsDocument.from_dict(data, "x.json"))
    with pytest.raises(ValueError, match="IRI"):  # the fast engine alone, as it stands
        compiled_shapes().validate(mapped.combined(), allow_warnings=True)
    assert check(mapped, "x.json").to_dict() == check_reference(mapped, "x.json").to_dict()
