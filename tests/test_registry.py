"""The entity registry in the store: one IRI per real-world entity across articles."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import run_kg
from .variants import write_variants


def _names(store: Path, iri_part: str) -> list[str]:
    q = (
        f'SELECT ?e ?n WHERE {{ ?e <http://schema.org/name> ?n FILTER CONTAINS(STR(?e), "{iri_part}") }} '
        "ORDER BY ?e"
    )
    out = (
        run_kg("query", q, "--format", "csv", store=store, check=True)
        .stdout.decode()
        .splitlines()[1:]
    )
    return out


def test_same_wikidata_link_reuses_the_published_iri(store_dir: Path, tmp_path: Path):
    first, second = write_variants(2, tmp_path / "in")
    run_kg("ingest", str(first), store=store_dir, check=True)
    doc = json.loads(second.read_text())
    pk = next(e for e in doc["entities"] if e["id"] == "pakistan")
    pk["name"] = "Islamic Republic of Pakistan"  # another form of the same entity (same sameAs)
    second.write_text(json.dumps(doc))
    run_kg("ingest", str(second), store=store_dir, check=True)
    rows = _names(store_dir, "/id/place/")
    pakistan = [r for r in rows if "Pakistan" in r]
    assert pakistan == ["http://127.0.0.1:8080/id/place/pakistan,Pakistan"], rows
    alt = run_kg(
        "query",
        "SELECT ?a WHERE { <http://127.0.0.1:8080/id/place/pakistan> <http://schema.org/alternateName> ?a }",
        store=store_dir,
        check=True,
    ).stdout.decode()
    assert "Islamic Republic of Pakistan" in alt


def test_entities_sharing_a_generic_name_get_distinct_iris(store_dir: Path, tmp_path: Path):
    first, second = write_variants(2, tmp_path / "in")
    doc = json.loads(second.read_text())
    parl = next(e for e in doc["entities"] if e["id"] == "parliament-of-pakistan")
    parl["name"] = "Parliament of Sri Lanka"
    second.write_text(json.dumps(doc))
    run_kg("ingest", str(first), str(second), store=store_dir, check=True)
    rows = _names(store_dir, "/id/organization/parliament")
    assert rows == [
        "http://127.0.0.1:8080/id/organization/parliament-of-pakistan,Parliament of Pakistan",
        "http://127.0.0.1:8080/id/organization/parliament-of-sri-lanka,Parliament of Sri Lanka",
    ]
