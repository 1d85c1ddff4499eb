"""Every evidence span of every sample is exact, and the documents are valid facts documents."""

from pathlib import Path

import pytest

from kg.article import read_article
from kg.extract import extract, extract_many
from kg.facts import FactsDocument

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "examples" / "articles").glob("*.txt")) + sorted(
    (ROOT / "examples" / "unseen").glob("*.txt")
)


@pytest.fixture(scope="module")
def docs(nlp):
    return list(extract_many([read_article(p) for p in ARTICLES], batch_size=4))


def test_every_evidence_is_exact(docs):
    assert len(docs) == len(ARTICLES)
    for doc in docs:
        body = doc.article.body
        spans = [m for e in doc.entities for m in e.mentions]
        spans += [x.evidence for x in (*doc.roles, *doc.claims, *doc.events)]
        assert all(x is not None for x in spans)
        for ev in spans:
            assert 0 <= ev.start < ev.end <= len(body)
            assert body[ev.start : ev.end] == ev.exact, (doc.source, ev)


def test_claim_text_is_a_span_of_the_body(docs):
    for doc in docs:
        for c in doc.claims:
            assert c.text and c.text in doc.article.body


def test_documents_round_trip_through_the_schema(docs):
    for doc in docs:
        again = FactsDocument.from_dict(doc.to_dict(), doc.source or "")
        assert again.to_dict() == doc.to_dict()
        assert doc.extractor.startswith("kg.extract/1 (spaCy")


def test_batched_equals_single(docs):
    assert extract(read_article(ARTICLES[0])).to_dict() == docs[0].to_dict()
