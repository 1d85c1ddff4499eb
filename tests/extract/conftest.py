"""Shared fixtures: the spaCy model loads once per session; `facts` extracts a small article."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.article import parse_article
from kg.extract import extract
from kg.extract.nlp import get_nlp
from kg.facts import FactsDocument


@pytest.fixture(scope="session")
def nlp():
    return get_nlp()


@pytest.fixture(scope="session")
def facts(nlp) -> Callable[..., FactsDocument]:
    def run(text: str, date: str = "2024-01-03") -> FactsDocument:
        art = parse_article(f" date {date} Written by Test Writer\n\n{text}\n".encode(), "test.txt")
        return extract(art)

    return run


def by_name(doc: FactsDocument) -> dict[str, object]:
    return {e.name: e for e in doc.entities}


def name_of(doc: FactsDocument, local_id: str | None) -> str | None:
    return doc.entity(local_id).name if local_id else None
