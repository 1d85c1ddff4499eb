"""IPTC ninjs: 2.x (headlines, bodies) and 1.x names (body_text, body_html) give the text form's body."""

from __future__ import annotations

import json

import pytest

from kg.article import read_article
from kg.readers import ReaderError
from kg.readers.ninjs import is_ninjs, read_ninjs

from ..conftest import DATA, EXAMPLES

NINJS = DATA / "sources" / "ninjs"
STEMS = sorted(p.stem for p in EXAMPLES.glob("*.txt"))


@pytest.mark.parametrize("stem", STEMS)
def test_each_ninjs_document_gives_the_text_forms_article(stem: str):
    doc = json.loads((NINJS / f"{stem}.json").read_text())
    assert is_ninjs(doc)
    art = read_ninjs(doc, f"{stem}.json")
    text = read_article(EXAMPLES / f"{stem}.txt")
    assert (art.body, art.date, art.authors) == (text.body, text.date, text.authors)
    assert art.url == art.identifier == doc["uri"]
    assert art.published.endswith("T07:00:00+00:00")  # firstcreated
    assert art.date_modified.endswith("T09:15:00+00:00")  # versioncreated
    assert art.located and art.keywords == [doc["subject"][0]["name"]]
    assert art.headline == (doc.get("headline") or doc["headlines"][0]["value"])
    assert art.publisher == "The Example Chronicle"


def test_a_urn_uri_is_the_identity_but_no_url():
    doc = json.loads((NINJS / f"{STEMS[1]}.json").read_text())
    doc["uri"] = "urn:newsml:example.org:20220707:johnson"
    art = read_ninjs(doc, "x.json")
    assert art.identifier == doc["uri"] and art.url is None


def test_a_ninjs_document_without_a_body_is_refused():
    doc = json.loads((DATA / "sources/bad/no-body.json").read_text())
    with pytest.raises(ReaderError, match=r"^bad/no-body.json: ninjs document without a body"):
        read_ninjs(doc, "bad/no-body.json")
    assert not is_ninjs({"format": "kg-facts/1", "article": {}})
