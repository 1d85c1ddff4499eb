"""The gold files themselves are consistent: a wrong gold file would mis-score extraction silently.

Checks every tests/gold/**/*.json against its article (no model needed): the article parses; every
name a role, claim or event refers to is one of the file's entities; every claim's text, and every
event's evidence where given, is an exact span of the body; every entity of the dev/ and blind/
halves is named in the body (older files use canonical names the text lacks, e.g. "Greece" for
"Greek");
event types are event classes of the kg ontology; dates have a valid form, agree with a weekday the
evidence names, and lie before the article's date for what happened and after it for what is
scheduled.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDFS, Graph, Namespace, URIRef

from kg.article import read_article

ROOT = Path(__file__).resolve().parents[2]
GOLD = sorted((ROOT / "tests" / "gold").rglob("*.json"))
KG = Namespace("https://w3id.org/kg-news/ontology#")
SCHEMA_EVENT = URIRef("http://schema.org/Event")
CLAIM_KINDS = {"claim", "denial", "accusation", "rejection"}
STATUSES = {"happened", "scheduled", "expected"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SPLIT_OF_FOLDER = {"dev": "dev", "blind": "blind"}  # subfolder -> the stage its files must carry


@pytest.fixture(scope="module")
def event_classes() -> set[str]:
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    subs = set(g.transitive_subjects(RDFS.subClassOf, SCHEMA_EVENT)) - {SCHEMA_EVENT}
    classes = {str(s).removeprefix(str(KG)) for s in subs if str(s).startswith(str(KG))}
    return classes


def _check_date(date: str | None, status: str, art_date: dt.date, evidence: str) -> list[str]:
    if date is None:
        return []
    if not DATE_RE.match(date):
        return [f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"]
    errs = []
    parts = date.split("-")
    lo = dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1)
    if len(parts) == 3:
        lo = dt.date.fromisoformat(date)
        named = [d for d in WEEKDAYS if re.search(rf"\b{d}\b", evidence)]
        if len(named) == 1 and lo.strftime("%A") != named[0]:
            errs.append(f"{date} is a {lo:%A}, the evidence says {named[0]}")
    hi_year = int(parts[0])
    if status == "happened" and lo > art_date:
        errs.append(f"happened on {date}, after the article's date {art_date}")
    if status == "scheduled" and len(parts) == 3 and lo < art_date:
        errs.append(f"scheduled for {date}, before the article's date {art_date}")
    if status == "scheduled" and hi_year < art_date.year:
        errs.append(f"scheduled in {date}, before the article's year")
    return errs


def problems(path: Path, event_classes: set[str]) -> list[str]:
    """Every inconsistency in one gold file, worded with what and where."""
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    errs: list[str] = []
    if gold.get("format") != "kg-gold/1":
        errs.append(f"format {gold.get('format')!r}")
    art_path = ROOT / gold["article"]
    if not art_path.exists():
        return errs + [f"article {gold['article']} not found"]
    art = read_article(art_path)
    body = art.body
    folder = path.parent.name
    if folder in SPLIT_OF_FOLDER:
        if gold.get("stage") != SPLIT_OF_FOLDER[folder] or gold.get("split") != "unseen":
            errs.append(f"in {folder}/ but split/stage {gold.get('split')}/{gold.get('stage')}")
        if Path(gold["article"]).parent.name != folder:
            errs.append(f"in {folder}/ but its article is {gold['article']}")
    names: dict[str, str] = {}  # a name may be a club and a city: one entity per (type, name)
    seen: set[tuple[str, str]] = set()
    for e in gold["entities"]:
        if (e["type"], e["name"]) in seen:
            errs.append(f"entity {e['name']!r} listed twice as a {e['type']}")
        seen.add((e["type"], e["name"]))
        names.setdefault(e["name"], e["type"])
        if e["type"] not in {"Person", "Organization", "Place"}:
            errs.append(f"entity {e['name']!r} has type {e['type']!r}")
        forms = [e["name"], *e.get("alternateNames", []), *e.get("accept", [])]
        if folder in SPLIT_OF_FOLDER and not any(f.casefold() in body.casefold() for f in forms):
            errs.append(f"entity {e['name']!r}: none of {forms} occurs in the article")
        for alt in e.get("alternateNames", []):
            if alt not in body:
                errs.append(f"entity {e['name']!r}: alternate name {alt!r} not in the article")

    def known(name: str | None, where: str, types: set[str] | None = None) -> None:
        if name is None:
            return
        if name not in names:
            errs.append(f"{where}: {name!r} is not one of the entities")
        elif types and names[name] not in types and not any((t, name) in seen for t in types):
            errs.append(f"{where}: {name!r} is a {names[name]}, expected {sorted(types)}")

    for r in gold["roles"]:
        known(r["person"], f"role {r['roleName']!r}", {"Person"})
        known(r["organization"], f"role {r['roleName']!r} of {r['person']}")
    ids = [c["id"] for c in gold["claims"]]
    if len(set(ids)) != len(ids):
        errs.append(f"claim ids repeat: {ids}")
    for c in gold["claims"]:
        known(c["speaker"], f"claim {c['id']}")
        if c["text"] not in body:
            errs.append(f"claim {c['id']}: text {c['text']!r} is not a span of the article")
        if c["kind"] not in CLAIM_KINDS:
            errs.append(f"claim {c['id']}: kind {c['kind']!r}")
        if c["denies"] is not None and (c["denies"] not in ids or c["denies"] == c["id"]):
            errs.append(f"claim {c['id']}: denies {c['denies']!r}, not another claim's id")
    for i, v in enumerate(gold["events"]):
        where = f"event {i} ({v['type']}, {v.get('startDate')})"
        if v["type"] not in event_classes:
            errs.append(f"{where}: not an event class of ontology/kg.ttl")
        for t in v.get("acceptTypes", []):
            if t not in event_classes:
                errs.append(f"{where}: accepted type {t!r} is not an event class")
        if v.get("status") not in STATUSES:
            errs.append(f"{where}: status {v.get('status')!r}")
        known(v.get("location"), where)
        for p in v.get("participants", []):
            known(p, where)
        ev = v.get("evidence")
        if ev is not None and ev not in body:
            errs.append(f"{where}: evidence {ev!r} is not a span of the article")
        errs += [
            f"{where}: {m}"
            for m in _check_date(v.get("startDate"), v["status"], art.date, ev or "")
        ]
    for i, u in enumerate(gold.get("unclassedEvents", [])):
        if u["evidence"] not in body:
            errs.append(
                f"unclassed event {i}: evidence {u['evidence']!r} is not a span of the article"
            )
        for p in u.get("participants", []):
            known(p, f"unclassed event {i}")
    return errs


def test_there_are_gold_files():
    assert len(GOLD) >= 23


@pytest.mark.parametrize(
    "path", GOLD, ids=[str(p.relative_to(ROOT / "tests" / "gold")) for p in GOLD]
)
def test_gold_file_is_consistent(path: Path, event_classes: set[str]):
    assert problems(path, event_classes) == []
