"""The editor's round trip and cross-article identity, on real extraction and a real store."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import EXAMPLES, ROOT, run_kg

KHAN = EXAMPLES / "2022-04-03-khan-no-confidence.txt"


def _csv(store: Path, query: str) -> list[str]:
    return (
        run_kg("query", query, "--format", "csv", store=store, check=True)
        .stdout.decode()
        .splitlines()[1:]
    )


def test_extract_edit_ingest_publishes_the_edited_facts(store_dir: Path, tmp_path: Path):
    draft = tmp_path / "khan.facts.json"
    run_kg("extract", str(KHAN), "-o", str(draft), check=True)
    doc = json.loads(draft.read_text())
    # The editor removes an entity they judge wrong, with every reference to it ...
    victim = next(e for e in doc["entities"] if e["name"] == "Islamabad")
    doc["entities"] = [e for e in doc["entities"] if e["id"] != victim["id"]]
    for ev in doc["events"]:
        if ev.get("location") == victim["id"]:
            ev["location"] = None
        ev["participants"] = [p for p in ev["participants"] if p != victim["id"]]
    for c in doc["claims"]:
        c["about"] = [a for a in c["about"] if a != victim["id"]]
    # ... and fixes a role.
    bajwa_role = next(r for r in doc["roles"] if r["roleName"] == "army chief")
    bajwa_role["roleName"] = "chief of army staff"
    draft.write_text(json.dumps(doc, ensure_ascii=False, indent=2))

    res = run_kg("ingest", str(draft), store=store_dir)
    assert res.returncode == 0, res.stderr.decode()
    roles = _csv(store_dir, "SELECT ?r WHERE { ?x <http://schema.org/roleName> ?r } ORDER BY ?r")
    assert "chief of army staff" in roles and "army chief" not in roles
    mentioned = _csv(
        store_dir,
        "SELECT ?n WHERE { ?a <http://schema.org/mentions> ?e . ?e <http://schema.org/name> ?n }",
    )
    assert "Islamabad" not in mentioned and "Imran Khan" in mentioned

    # Publishing the raw article instead would have brought both back: the edit is what was published.
    fresh = run_kg("ingest", str(KHAN), store=tmp_path / "fresh", check=True)
    assert "1 published" in fresh.stderr.decode()
    assert "army chief" in _csv(
        tmp_path / "fresh", "SELECT ?r WHERE { ?x <http://schema.org/roleName> ?r }"
    )


def test_one_iri_per_entity_across_articles_and_none_shared_between_namesakes(store_dir: Path):
    run_kg("ingest", str(EXAMPLES), str(ROOT / "examples" / "unseen"), store=store_dir, check=True)
    shared = _csv(
        store_dir,
        """PREFIX schema: <http://schema.org/>
        SELECT ?e WHERE { ?a schema:mentions ?e } GROUP BY ?e HAVING (COUNT(DISTINCT ?a) > 1)""",
    )
    assert "http://127.0.0.1:8080/id/organization/european-union" in shared
    names = _csv(
        store_dir,
        """PREFIX schema: <http://schema.org/>
        SELECT ?e ?n WHERE { ?e schema:name ?n FILTER STRSTARTS(?n, "Parliament") } ORDER BY ?n""",
    )
    assert names == [
        "http://127.0.0.1:8080/id/organization/parliament-of-kenya,Parliament of Kenya",
        "http://127.0.0.1:8080/id/organization/parliament-of-pakistan,Parliament of Pakistan",
    ]
    alt = _csv(
        store_dir,
        "SELECT ?a WHERE { <http://127.0.0.1:8080/id/organization/parliament-of-pakistan> "
        "<http://schema.org/alternateName> ?a }",
    )
    assert alt == ["Parliament"]
    one_name = _csv(
        store_dir,
        """PREFIX schema: <http://schema.org/>
        SELECT ?e WHERE { ?e schema:name ?n } GROUP BY ?e HAVING (COUNT(DISTINCT ?n) > 1)""",
    )
    assert one_name == [], "every entity keeps one canonical name across articles"
