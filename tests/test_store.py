"""The store access layer on a real engine: transactions, union default graph, streaming dumps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.config import Settings
from kg.store import EmbeddedEngine, StoreError, open_store
from kg.store.engine import ENGINE_FILE

G1, G2, SHARED = "http://ex.org/graph/1", "http://ex.org/graph/2", "http://ex.org/graph/shared"


def test_replace_article_is_one_transaction(store_dir: Path):
    with open_store(Settings(store=str(store_dir))) as store:
        store.replace_article(
            G1,
            '<http://ex.org/a> <http://ex.org/p> "old" .',
            SHARED,
            '<http://ex.org/e> <http://ex.org/n> "E" .',
        )
        with pytest.raises(StoreError):
            # The article part is fine, the shared part is not: nothing of it may land.
            store.replace_article(
                G1,
                '<http://ex.org/a> <http://ex.org/p> "new" .',
                SHARED,
                "<http://ex.org/e> broken",
            )
        rows = store.select(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
        assert [r["o"]["value"] for r in rows] == ["old"]
        store.replace_article(
            G1,
            '<http://ex.org/a> <http://ex.org/p> "new" .',
            SHARED,
            '<http://ex.org/e> <http://ex.org/n> "E" .',
        )
        rows = store.select(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
        assert [r["o"]["value"] for r in rows] == ["new"]


def test_default_graph_is_the_union(store_dir: Path):
    with open_store(Settings(store=str(store_dir))) as store:
        store.replace_article(G1, '<http://ex.org/a> <http://ex.org/p> "1" .', SHARED, "")
        store.replace_article(G2, '<http://ex.org/b> <http://ex.org/p> "2" .', SHARED, "")
        rows = store.select("SELECT ?o WHERE { ?s <http://ex.org/p> ?o } ORDER BY ?o")
        assert [r["o"]["value"] for r in rows] == ["1", "2"]
        nq = b"".join(store.dump("application/n-quads")).decode()
        assert f"<{G1}> ." in nq and f"<{G2}> ." in nq
        nt = b"".join(store.dump("application/n-triples")).decode()
        assert sorted(nt.strip().splitlines()) == [
            '<http://ex.org/a> <http://ex.org/p> "1" .',
            '<http://ex.org/b> <http://ex.org/p> "2" .',
        ]


def test_second_process_joins_the_running_engine(store_dir: Path):
    with EmbeddedEngine(store_dir) as owner:
        assert owner.owned
        info = json.loads((store_dir / ENGINE_FILE).read_text())
        assert info["port"] == owner.port
        with EmbeddedEngine(store_dir) as guest:
            assert not guest.owned and guest.port == owner.port
        assert owner._answers(), "a guest leaving does not stop the owner's engine"
    assert not (store_dir / ENGINE_FILE).exists()


def test_stale_engine_file_is_ignored(store_dir: Path):
    store_dir.mkdir(parents=True)
    (store_dir / ENGINE_FILE).write_text(json.dumps({"pid": 999999, "port": 1, "owner": 999999}))
    with EmbeddedEngine(store_dir) as engine:
        assert engine.owned and engine._answers()


def test_store_path_that_is_a_file(tmp_path: Path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreError, match="is not a folder"):
        with open_store(Settings(store=str(f))):
            pass


def test_unreachable_remote_engine_is_a_clear_error():
    from kg.store import StoreUnavailable

    with open_store(Settings(store="http://127.0.0.1:9/query")) as store:
        with pytest.raises(StoreUnavailable, match="does not answer"):
            store.select("SELECT * WHERE { ?s ?p ?o }")


def test_tsv_rows_become_ntriples_across_any_chunking():
    from kg.store.rdflines import tsv_to_lines

    tsv = (
        b'?s\t?p\t?o\n<http://a>\t<http://p>\t12\n<http://a>\t<http://p>\t"x\\ty\\n"@en\n'
        b"<http://a>\t<http://p>\ttrue\n_:b1\t<http://p>\t1.5\n<http://a>\t<http://p>\t2.0E1\n"
        b"<http://a>\t<http://p>\t<http://b>"
    )
    expected = (
        b'<http://a> <http://p> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        b'<http://a> <http://p> "x\\ty\\n"@en .\n'
        b'<http://a> <http://p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
        b'_:b1 <http://p> "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
        b'<http://a> <http://p> "2.0E1"^^<http://www.w3.org/2001/XMLSchema#double> .\n'
        b"<http://a> <http://p> <http://b> .\n"
    )
    for size in (1, 3, 7, len(tsv)):
        chunks = [tsv[i : i + size] for i in range(0, len(tsv), size)]
        assert b"".join(tsv_to_lines(iter(chunks))) == expected


def test_an_error_appended_to_the_stream_is_an_error_not_a_line():
    from kg.store.rdflines import BrokenRow, tsv_to_lines

    tsv = b"?s\t?p\t?o\n<http://a>\t<http://p>\t1\nThe SPARQL operation has been cancelled\n"
    with pytest.raises(BrokenRow, match="has been cancelled"):
        b"".join(tsv_to_lines(iter([tsv])))
