"""Extraction on every source format gives the facts of the text form, and every evidence span indexes
exactly into the body that will be stored, whatever the format (the facts differ only in the source
metadata: the article part)."""

from __future__ import annotations

from kg.pipeline import documents

from ..conftest import DATA, EXAMPLES

SOURCES = DATA / "sources"
FACTS = ("entities", "roles", "claims", "events")


def facts_of(doc) -> dict:
    d = doc.to_dict()
    return {k: d[k] for k in FACTS}


def evidence(doc) -> list:
    spans = [m for e in doc.entities for m in e.mentions]
    spans += [x.evidence for x in (*doc.roles, *doc.claims, *doc.events) if x.evidence]
    return spans


def test_every_format_gives_the_text_forms_facts_and_exact_evidence():
    text = {doc.article.body: doc for _, doc in documents([EXAMPLES])}
    assert len(text) == 3
    sources = [
        SOURCES / "pages/wordpress",
        SOURCES / "pages/jsonld",
        SOURCES / "pages/bare",
        SOURCES / "feeds",
        SOURCES / "ninjs",
    ]
    got = list(documents(sources))
    assert len(got) == 3 * 3 + 2 * 3 + 3 and not [e for _, e in got if isinstance(e, Exception)]
    for name, doc in got:
        twin = text[doc.article.body]  # the same body, character for character
        assert facts_of(doc) == facts_of(twin), name
        assert doc.article.datePublished[:10] == twin.article.datePublished
        assert doc.article.headline != twin.article.headline  # the source's, not a guess
        spans = evidence(doc)
        assert spans and all(doc.article.body[s.start : s.end] == s.exact for s in spans), name
