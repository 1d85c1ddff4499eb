"""Facts documents written by hand for the linked-data tests: odd keys, hostile text, a heavy entity."""

from __future__ import annotations

import json
from pathlib import Path

HOSTILE = 'He wrote "<script>alert(1)</script>" & left </script><!-- a comment --> behind.'
ODD_KEY = "zürich&co+(1);x=y,z@w:v!$*"


def _span(body: str, text: str, start_at: int = 0) -> dict:
    i = body.index(text, start_at)
    return {"start": i, "end": i + len(text), "exact": text}


def article_doc(
    key: str,
    headline: str,
    body: str,
    entities: list[dict],
    date: str = "2024-01-15",
    claims: list[dict] | None = None,
    roles: list[dict] | None = None,
    events: list[dict] | None = None,
) -> dict:
    return {
        "format": "kg-facts/1",
        "source": f"{key}.txt",
        "extractor": None,
        "article": {
            "headline": headline,
            "datePublished": date,
            "authors": [{"name": "Ada Reporter", "type": "Person"}],
            "body": body,
            "publisher": {"name": "The Test Gazette", "type": "Organization"},
            "language": "en",
            "key": key,
        },
        "entities": entities,
        "roles": roles or [],
        "claims": claims or [],
        "events": events or [],
    }


def entity(
    eid: str, name: str, typ: str, body: str, mention: str, key: str | None = None, **kw
) -> dict:
    return {
        "id": eid,
        "type": typ,
        "name": name,
        "subtypes": kw.get("subtypes", []),
        "alternateNames": kw.get("alternateNames", []),
        "sameAs": kw.get("sameAs", []),
        "key": key,
        "mentions": [_span(body, mention)],
    }


def hostile_doc(tag: str) -> dict:
    """An article whose text and names hold markup, quotes and a script-closing sequence."""
    body = f'Mayor Grete Hølmø of {tag} Zürich spoke. {HOSTILE} Hølmø said "we will rebuild" on Monday.'
    ents = [
        entity(
            "p",
            f"Grete Hølmø {tag}",
            "Person",
            body,
            "Grete Hølmø",
            key=f"grete-{tag}",
            alternateNames=['Grete "<b>The Mayor</b>"'],
        ),
        entity(
            "z",
            f"Zürich {tag}",
            "Place",
            body,
            f"{tag} Zürich",
            key=f"{ODD_KEY}{tag}",
            subtypes=["City"],
            sameAs=["http://www.wikidata.org/entity/Q72"],
        ),
    ]
    claim = {
        "id": "c1",
        "speaker": "p",
        "text": "we will rebuild",
        "verb": "say",
        "kind": "claim",
        "direct": True,
        "about": ["z"],
        "denies": None,
        "evidence": _span(body, 'Hølmø said "we will rebuild"'),
    }
    hostile_claim = {
        "id": "c2",
        "speaker": "p",
        "text": HOSTILE,
        "verb": "write",
        "kind": "claim",
        "direct": True,
        "about": [],
        "denies": None,
        "evidence": _span(body, HOSTILE),
    }
    role = {
        "id": "r1",
        "person": "p",
        "roleName": "mayor",
        "organization": None,
        "former": False,
        "evidence": _span(body, "Mayor Grete Hølmø"),
    }
    return article_doc(
        f"ld-{tag}-hostile",
        f'Mayor says "<script>" is </script> fine ({tag})',
        body,
        ents,
        claims=[claim, hostile_claim],
        roles=[role],
    )


def heavy_docs(tag: str, n: int) -> list[dict]:
    """n articles that all mention (and make claims about) one entity: enough to need paging."""
    docs = []
    for i in range(n):
        body = (
            f"Report {i}: Heavyweight Corp {tag} announced plan {i}. "
            f"Analyst Bo Ng{i} said the plan number {i} was sound."
        )
        ents = [
            entity(
                "h",
                f"Heavyweight Corp {tag}",
                "Organization",
                body,
                f"Heavyweight Corp {tag}",
                key=f"heavyweight-{tag}",
            ),
            entity("a", f"Bo Ng{i} {tag}", "Person", body, f"Bo Ng{i}", key=f"bo-ng{i}-{tag}"),
        ]
        claim = {
            "id": "c",
            "speaker": "a",
            "text": f"the plan number {i} was sound",
            "verb": "say",
            "kind": "claim",
            "direct": False,
            "about": ["h"],
            "denies": None,
            "evidence": _span(body, f"Bo Ng{i} said the plan number {i} was sound"),
        }
        docs.append(
            article_doc(
                f"ld-{tag}-heavy-{i:03d}",
                f"Heavyweight plan {i} ({tag})",
                body,
                ents,
                date=f"2024-02-{1 + i % 28:02d}",
                claims=[claim],
            )
        )
    return docs


def write(folder: Path, docs: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / f"{d['article']['key']}.facts.json").write_text(
            json.dumps(d, ensure_ascii=False), encoding="utf-8"
        )
    return folder
