"""`kg ingest --bulk` gives exactly the graph `kg ingest` gives: the same 200 articles both ways, then a
second batch (new articles, changed ones, broken ones) into each store, compared as sorted N-Quads; and a
bulk ingest killed with kill -9, or cut off in the middle of a chunk, is finished by running it again."""

from __future__ import annotations

import copy
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench.generate import generate
from kg.bulk import Journal
from kg.config import Settings
from kg.facts import load_facts
from kg.iris import Minter
from kg.mapping import Mapper
from kg.store import open_store

from .conftest import KG, ROOT, run_kg

BASE = "http://127.0.0.1:8080/"
ENV = {"KG_BASE_IRI": BASE}


def _nquads(store: Path | None, tmp: Path, env: dict | None = None) -> bytes:
    out = tmp / f"{store.name if store else 'remote'}.nq"
    run_kg("export", "--format", "nq", "-o", str(out), store=store, env=env or ENV, check=True)
    # a correction is stamped with the time it was written (schema:correction, dateModified): the same
    # corrections, written at other times, compare equal
    lines = set(
        re.sub(
            rb'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z"', b'"WRITTEN"', out.read_bytes()
        ).splitlines()
    )
    # the change log's records carry the time of writing and a key made of it: its entries are compared
    # by what they say (action, graph, digest), the content graphs byte for byte
    log = [q for q in lines if q.endswith(b"/graph/changes> .")]
    return b"\n".join(sorted(lines - set(log))) + b"\n#changes\n" + _changes(log)


def _changes(quads: list[bytes]) -> bytes:
    said: dict[bytes, dict[bytes, bytes]] = {}
    for q in quads:
        s, p, rest = q.split(b" ", 2)
        o = rest.rsplit(b" ", 2)[0]
        if p.endswith((b"#action>", b"#changedGraph>", b"#contentDigest>")):
            said.setdefault(s, {})[p] = o
    return b"\n".join(sorted(b" ".join(v for _, v in sorted(d.items())) for d in said.values()))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """First batch: 200 generated articles. Second: 40 new ones, 5 of the first changed, 2 broken, and one
    key given twice (the later input wins)."""
    root = tmp_path_factory.mktemp("corpus")
    first = generate(240, root / "all")
    (root / "first").mkdir()
    (root / "second").mkdir()
    for p in first[:200]:
        p.rename(root / "first" / p.name)
    for p in first[200:]:
        p.rename(root / "second" / p.name)
    for i, name in enumerate(sorted(os.listdir(root / "first"))[:5]):
        doc = json.loads((root / "first" / name).read_text(encoding="utf-8"))
        doc["article"]["headline"] += " (updated)"
        (root / "second" / f"changed-{i}.json").write_text(json.dumps(doc), encoding="utf-8")
    base = json.loads((root / "second" / sorted(os.listdir(root / "second"))[0]).read_text())
    broken = copy.deepcopy(base)
    broken["article"]["key"] = "broken-date"
    broken["article"]["datePublished"] = "2022-02-30"
    (root / "second" / "zz-broken-date.json").write_text(json.dumps(broken))
    broken = copy.deepcopy(base)
    broken["article"]["key"] = "broken-evidence"
    broken["claims"][0]["evidence"]["exact"] = "not in the body"
    (root / "second" / "zz-broken-evidence.json").write_text(json.dumps(broken))
    twice = copy.deepcopy(base)
    twice["article"]["headline"] += " (second version in the same batch)"
    (root / "second" / "zzz-same-key-again.json").write_text(json.dumps(twice))
    return {"first": root / "first", "second": root / "second"}


@pytest.fixture(scope="module")
def normal(corpus, tmp_path_factory) -> tuple[Path, Path]:
    """The reference: both batches through `kg ingest`; the store after each."""
    tmp = tmp_path_factory.mktemp("normal")
    store = tmp / "normal"
    run_kg("ingest", str(corpus["first"]), store=store, env=ENV, check=True)
    first = _nquads(store, tmp)
    res = run_kg("ingest", str(corpus["second"]), store=store, env=ENV)
    assert res.returncode == 1 and b"2 failed" in res.stderr, res.stderr  # the two broken ones
    (tmp / "first.nq").write_bytes(first)
    (tmp / "both.nq").write_bytes(_nquads(store, tmp))
    return tmp / "first.nq", tmp / "both.nq"


def test_bulk_ingest_gives_the_graph_a_normal_ingest_gives(corpus, normal, tmp_path: Path):
    store = tmp_path / "bulk"
    res = run_kg(
        "ingest", "--bulk", "--batch", "64", str(corpus["first"]), store=store, env=ENV, check=True
    )
    assert b"200 published in 4 chunk(s)" in res.stderr, res.stderr
    first = _nquads(store, tmp_path)
    assert first.count(b"\n") > 50_000
    assert first == normal[0].read_bytes()

    res = run_kg("ingest", "--bulk", str(corpus["second"]), store=store, env=ENV)
    assert res.returncode == 1, res.stderr
    err = res.stderr.decode()
    assert "zz-broken-date.json: rejected by the SHACL gate" in err
    assert "zz-broken-evidence.json: rejected by the SHACL gate" in err
    assert "2 failed" in err
    assert _nquads(store, tmp_path) == normal[1].read_bytes()
    assert not (store / "cache" / "bulk-journal.jsonl").exists(), "a finished run leaves no journal"

    res = run_kg("ingest", "--bulk", str(corpus["first"]), store=store, env=ENV, check=True)
    assert b"195 unchanged" in res.stderr and b"5 published" in res.stderr, res.stderr


def test_bulk_ingest_into_a_remote_engine_uses_updates_and_gives_the_same_graph(
    corpus, normal, external_engine, tmp_path: Path
):
    env = {**ENV, **external_engine.env}
    res = run_kg("ingest", "--bulk", str(corpus["first"]), env=env, check=True)
    assert b"200 published in 1 chunk(s)" in res.stderr and b"SPARQL updates" in res.stderr
    assert _nquads(None, tmp_path, env) == normal[0].read_bytes()


def test_chunk_cut_off_half_way_is_loaded_again_on_resume(corpus, normal, tmp_path: Path):
    """The journal says a chunk began and never finished; part of one article (its digest among it)
    reached the store. Without the journal the article would look published and stay half."""
    store = tmp_path / "cut"
    doc = sorted(corpus["first"].glob("*.json"))[7]
    m = Mapper(Minter(BASE)).map(load_facts(doc))
    lines = sorted(m.article_graph.serialize(format="nt").splitlines())
    digest = [x for x in lines if "contentDigest" in x]
    half = digest + [x for x in lines if x and x not in digest][: len(lines) // 2]
    settings = Settings(store=str(store), base_iri=BASE)
    with open_store(settings) as s:
        s.update(f"INSERT DATA {{ GRAPH <{m.graph_iri}> {{ {' '.join(half)} }} }}")
    journal = Journal(settings.cache_path() / "bulk-journal.jsonl")
    journal.path.parent.mkdir(parents=True, exist_ok=True)
    journal.begin([str(m.graph_iri)])

    res = run_kg("ingest", "--bulk", str(corpus["first"]), store=store, env=ENV, check=True)
    assert b"loaded again" in res.stderr and b"200 published" in res.stderr, res.stderr
    assert _nquads(store, tmp_path) == normal[0].read_bytes()


@pytest.mark.soak  # ~10 s: the chunk cut off half-way above is the same case, made deterministic
def test_kill_9_of_a_bulk_ingest_then_the_same_command_finishes_it(corpus, normal, tmp_path: Path):
    store = tmp_path / "killed"
    journal = store / "cache" / "bulk-journal.jsonl"
    proc = subprocess.Popen(
        [KG, "--store", str(store), "ingest", "--bulk", "--batch", "20", str(corpus["first"])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, **ENV},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_text().count('"done"') >= 2:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the bulk ingest finished before it could be killed")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert journal.exists()
    engine = store / "engine.json"
    deadline = time.monotonic() + 10  # its engine follows it down
    while engine.exists() and time.monotonic() < deadline:
        try:
            os.kill(json.loads(engine.read_text())["pid"], 0)
        except (OSError, ValueError, KeyError):
            break
        time.sleep(0.1)

    res = run_kg("ingest", "--bulk", str(corpus["first"]), store=store, env=ENV, check=True)
    assert b"unchanged" in res.stderr, res.stderr
    assert _nquads(store, tmp_path) == normal[0].read_bytes()
    assert not journal.exists()
