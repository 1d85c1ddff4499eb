"""`kg ingest` / `kg export` / `kg query` end to end: real processes, a real on-disk store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings
from kg.facts import load_facts
from kg.iris import Minter
from kg.mapping import Mapper
from kg.store import open_store
from kg.validation import check

from .conftest import EXAMPLES, KG, ROOT, run_kg
from .variants import write_variants

BASE = "http://127.0.0.1:8080/"


def export_nq(store: Path) -> list[str]:
    """The published content, sorted: the change log (BASE/graph/changes, kg/changes.py) is left out,
    as its records carry the time of each write."""
    res = run_kg("export", "--format", "nq", store=store, check=True)
    return sorted(q for q in res.stdout.decode().splitlines() if "/graph/changes> ." not in q)


def article_graphs(quads: list[str]) -> set[str]:
    return {q.rsplit(" ", 2)[-2] for q in quads if "/graph/article/" in q.rsplit(" ", 2)[-2]}


def test_samples_publish_with_contract_metadata_each_in_own_graph(store_dir: Path):
    res = run_kg("ingest", str(EXAMPLES), store=store_dir)
    assert res.returncode == 0, res.stderr.decode()
    quads = export_nq(store_dir)
    dataset = ox.Dataset(ox.parse("\n".join(quads).encode(), format=ox.RdfFormat.N_QUADS))
    assert len(dataset) == len(quads)
    assert len(article_graphs(quads)) == 3
    q = """PREFIX schema: <http://schema.org/>
    SELECT ?a ?h ?d ?lang (COUNT(DISTINCT ?au) AS ?authors) (STRLEN(?body) AS ?len) WHERE {
      ?a a schema:NewsArticle ; schema:headline ?h ; schema:datePublished ?d ; schema:inLanguage ?lang ;
         schema:articleBody ?body ; schema:author ?au . ?au schema:name ?n
    } GROUP BY ?a ?h ?d ?lang ?body"""
    res = run_kg("query", q, "--format", "json", store=store_dir, check=True)
    rows = json.loads(res.stdout)["results"]["bindings"]
    assert len(rows) == 3, "a query without GRAPH sees every article"
    for r in rows:
        assert r["d"]["datatype"].endswith("#date") and r["lang"]["value"] == "en"
        assert (
            0 < len(r["h"]["value"]) <= 110
            and int(r["authors"]["value"]) >= 1
            and int(r["len"]["value"]) > 500
        )
    for path in EXAMPLES.glob("*.txt"):
        body_in_store = [
            r
            for r in rows
            if path.read_text(encoding="utf-8").find(r["h"]["value"].rstrip("…")) >= 0
        ]
        assert body_in_store, f"{path.name} is published"


def test_reingest_changes_nothing_and_a_changed_article_replaces_only_its_graph(
    store_dir: Path, tmp_path: Path
):
    paths = write_variants(3, tmp_path / "in")
    run_kg("ingest", *map(str, paths), store=store_dir, check=True)
    before = export_nq(store_dir)
    again = run_kg("ingest", *map(str, reversed(paths)), store=store_dir, check=True)
    assert export_nq(store_dir) == before, "same input, same IRIs, same triples"
    assert "0 published, 3 unchanged, 0 failed" in again.stderr.decode()
    # Even when written again (another store, another order), the triples are the same.
    run_kg("ingest", *map(str, reversed(paths)), store=tmp_path / "other", check=True)
    assert export_nq(tmp_path / "other") == before

    doc = json.loads(paths[1].read_text())
    doc["roles"][0]["roleName"] = "acting prime minister"
    paths[1].write_text(json.dumps(doc))
    run_kg("ingest", str(paths[1]), store=store_dir, check=True)
    after = export_nq(store_dir)
    changed_graph = Minter(BASE).article_graph(Mapper(Minter(BASE)).map(load_facts(paths[1])).key)
    outside = lambda quads: [q for q in quads if f"<{changed_graph}> ." not in q]  # noqa: E731
    assert outside(after) == outside(before), "other graphs (and the entity graph) are untouched"
    inside_after = set(after) - set(outside(after))
    assert any('"acting prime minister"' in q for q in inside_after)
    assert not any('"prime minister 1"' in q for q in inside_after), (
        "the old role is gone with the old graph"
    )


@pytest.mark.parametrize(
    "edit,needle",
    [
        (
            lambda d: d["article"].__setitem__("datePublished", "2022-13-45"),
            'article | property schema:datePublished | value "2022-13-45"',
        ),
        (
            lambda d: d["roles"][0].__setitem__("roleName", None),
            "roles[0] (role-1) | property schema:roleName",
        ),
    ],
)
def test_edited_document_breaking_a_shape_is_rejected_and_store_unchanged(
    store_dir: Path, tmp_path: Path, edit, needle
):
    (good,) = write_variants(1, tmp_path / "in")
    run_kg("ingest", str(good), store=store_dir, check=True)
    before = export_nq(store_dir)
    doc = json.loads(good.read_text())
    edit(doc)
    doc["article"]["headline"] = (
        doc["article"]["headline"] + " (edited)"
    )  # would be a new article, if accepted
    bad = tmp_path / "edited.json"
    bad.write_text(json.dumps(doc))
    res = run_kg("ingest", str(bad), store=store_dir)
    err = res.stderr.decode()
    assert res.returncode == 1
    assert f"{bad}: rejected by the SHACL gate" in err and "nothing was published" in err
    assert f"{bad}: violation: {needle}" in err
    assert export_nq(store_dir) == before


def test_bad_files_each_get_their_error_and_valid_ones_are_published(
    store_dir: Path, tmp_path: Path
):
    folder = tmp_path / "mixed"
    write_variants(2, folder)
    (folder / "garbled.txt").write_text("Not a header\n\nBody.\n")
    (folder / "baddate.txt").write_text(" date 2022-02-31 Written by A B\n\nBody.\n")
    (folder / "empty.txt").write_text(" date 2022-02-03 Written by A B\n\n\n")
    (folder / "latin1.txt").write_bytes(
        " date 2022-02-03 Written by A B\n\nCaf\xe9.\n".encode("latin-1")
    )
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    (folder / "broken.json").write_text("{not json")
    res = run_kg("ingest", str(folder), str(tmp_path / "missing.txt"), store=store_dir)
    err = res.stderr.decode()
    assert res.returncode == 1
    for name, needle in [
        ("garbled.txt:1", "garbled header"),
        ("baddate.txt:1", "impossible date"),
        ("empty.txt:2", "empty body"),
        ("latin1.txt:3", "not valid UTF-8"),
        ("binary.txt", "binary file"),
        ("broken.json", "not valid JSON"),
        ("missing.txt", "no such file"),
    ]:
        assert any(name in line and needle in line for line in err.splitlines()), (name, err)
    assert "2 published, 7 failed" in err
    assert len(article_graphs(export_nq(store_dir))) == 2


def test_validate_prints_report_and_exits_nonzero_on_violation(tmp_path: Path):
    (good,) = write_variants(1, tmp_path)
    assert run_kg("validate", str(good)).returncode == 0
    doc = json.loads(good.read_text())
    doc["events"][0]["startDate"] = "soon"
    good.write_text(json.dumps(doc))
    res = run_kg("validate", str(good))
    assert (
        res.returncode == 1
        and "events[0] (event-1) | property schema:startDate" in res.stderr.decode()
    )


def test_export_formats_parse_and_agree(store_dir: Path, tmp_path: Path):
    run_kg("ingest", *map(str, write_variants(2, tmp_path / "in")), store=store_dir, check=True)
    sizes = {}
    for fmt, oxfmt in [
        ("nq", ox.RdfFormat.N_QUADS),
        ("trig", ox.RdfFormat.TRIG),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("ttl", ox.RdfFormat.TURTLE),
    ]:
        out = tmp_path / f"dump.{fmt}"
        run_kg("export", "--format", fmt, "-o", str(out), store=store_dir, check=True)
        sizes[fmt] = sum(1 for _ in ox.parse(path=str(out), format=oxfmt))
    assert sizes["nq"] == sizes["trig"] == sizes["nt"] == sizes["ttl"] > 500


def test_query_prints_a_table_or_csv(store_dir: Path, tmp_path: Path):
    run_kg("ingest", *map(str, write_variants(2, tmp_path / "in")), store=store_dir, check=True)
    q = "SELECT ?n WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?n } ORDER BY ?n"
    table = run_kg("query", q, "--format", "table", store=store_dir, check=True).stdout.decode()
    assert table.splitlines()[0].strip() == "n" and "Imran Khan" in table and "(4 rows)" in table
    csv = run_kg("query", q, store=store_dir, check=True).stdout.decode()
    assert csv.splitlines()[0] == "n" and "Qamar Javed Bajwa" in csv
    bad = run_kg("query", "SELEC nothing", store=store_dir)
    assert bad.returncode == 2 and "kg query:" in bad.stderr.decode()


def _graph_triples(store, graph: str) -> set[str]:
    answer = store.answer(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
        "application/n-triples",
    )
    return set(answer.body.decode().strip().splitlines())


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a parent that will reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_kill_9_during_ingest_of_500_articles_leaves_only_whole_articles(
    store_dir: Path, tmp_path: Path
):
    paths = write_variants(500, tmp_path / "bulk")
    proc = subprocess.Popen(
        [KG, "--store", str(store_dir), "ingest", str(tmp_path / "bulk")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    settings = Settings(store=str(store_dir))
    deadline = time.monotonic() + 120
    published = 0
    while time.monotonic() < deadline and published < 40:
        time.sleep(0.3)
        if (store_dir / "engine.json").exists():
            try:
                with open_store(settings) as store:  # joins the ingest's engine while it writes
                    published = store.count(
                        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } }"
                    )
            except Exception:
                pass
    children = _children(proc.pid)  # the engine it supervises and its preparing workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < published < 500, "killed in the middle"
    assert len(children) >= 2, children

    deadline = time.monotonic() + 10  # the engine and the workers follow it down (PR_SET_PDEATHSIG)
    while [c for c in children if _alive(c)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [c for c in children if _alive(c)], "no process of the killed ingest is left behind"
    mapper = Mapper(Minter(BASE))
    expected = {}
    for p in paths:
        m = mapper.map(load_facts(p))
        expected[str(m.graph_iri)] = (
            m,
            set(m.article_graph.serialize(format="nt").strip().splitlines()),
        )
    with open_store(settings) as store:
        graphs = [
            r["g"]["value"] for r in store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        ]
        article_graphs_found = [g for g in graphs if "/graph/article/" in g]
        assert len(article_graphs_found) >= published
        for g in article_graphs_found:
            m, triples = expected[g]
            assert _graph_triples(store, g) == triples, f"{g} is whole"
            assert check(m, g).conforms
    # Resuming after such a kill is tested on a smaller run: tests/test_faults_kill.py.
