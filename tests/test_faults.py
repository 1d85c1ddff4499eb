"""Faults on a real engine: killed during a bulk ingest, killed while serving, and coming back."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import requests

from .conftest import KG, ROOT, free_port, run_kg, start_external_engine, wait_http
from .test_ingest import _graph_triples
from .variants import write_variants


def _restart_on(folder: Path, port: int) -> subprocess.Popen:
    from .conftest import OXIGRAPH

    proc = subprocess.Popen(
        [
            OXIGRAPH,
            "serve",
            "--location",
            str(folder),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc=proc)
    return proc


def test_remote_engine_killed_during_bulk_ingest_then_resumed(tmp_path: Path):
    engine = start_external_engine(tmp_path / "db")
    paths = write_variants(120, tmp_path / "bulk")
    proc = subprocess.Popen(
        [KG, "ingest", "--batch", "4", str(tmp_path / "bulk")],
        cwd=ROOT,
        env={**os.environ, **engine.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.2)
        r = requests.post(
            engine.url + "/query",
            data={"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g {} }"},
            headers={"Accept": "text/csv"},
        )
        if int(r.text.split()[1]) >= 12:
            break
    engine.proc.send_signal(signal.SIGKILL)
    engine.proc.wait()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    err_text = err.decode()
    assert (
        "not attempted: the store stopped answering; run the same command again to resume"
        in err_text
    )
    assert "Traceback" not in err_text

    restarted = _restart_on(tmp_path / "db", engine.port)
    try:
        res = run_kg("ingest", str(tmp_path / "bulk"), env=engine.env)
        assert res.returncode == 0, res.stderr.decode()
        assert "0 failed" in res.stderr.decode() and "unchanged" in res.stderr.decode()
        from kg.config import Settings
        from kg.facts import load_facts
        from kg.iris import Minter
        from kg.mapping import Mapper
        from kg.store import open_store

        mapper = Mapper(Minter("http://127.0.0.1:8080/"))
        with open_store(
            Settings(
                store=engine.env["KG_STORE"],
                store_update=engine.env["KG_STORE_UPDATE"],
                store_graphs=engine.env["KG_STORE_GRAPHS"],
            )
        ) as store:
            for p in paths:
                m = mapper.map(load_facts(p))
                expected = set(m.article_graph.serialize(format="nt").strip().splitlines())
                assert _graph_triples(store, str(m.graph_iri)) == expected
    finally:
        restarted.terminate()
        restarted.wait()


def test_remote_engine_killed_while_serving_gives_503_then_recovers(tmp_path: Path):
    engine = start_external_engine(tmp_path / "db")
    port = free_port()
    env = {**os.environ, **engine.env, "KG_BASE_IRI": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen(
        [KG, "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/health", proc=server)
        assert requests.get(url + "/health").json()["engine_answers"] is True
        engine.proc.send_signal(signal.SIGKILL)
        engine.proc.wait()
        down = requests.get(url + "/health", timeout=30)
        assert down.status_code == 503 and down.headers["Retry-After"] == "5"
        assert down.json()["status"] == "unavailable"
        restarted = _restart_on(tmp_path / "db", engine.port)
        try:
            up = requests.get(url + "/health", timeout=30)
            assert up.status_code == 200, "recovered without restarting kg serve"
        finally:
            restarted.terminate()
            restarted.wait()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_embedded_engine_killed_while_serving_is_restarted(tmp_path: Path):
    port = free_port()
    store = tmp_path / "store"
    run_kg("ingest", *map(str, write_variants(2, tmp_path / "in")), store=store, check=True)
    server = subprocess.Popen(
        [KG, "--store", str(store), "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/health", proc=server)
        import json

        engine_pid = json.loads((store / "engine.json").read_text())["pid"]
        os.kill(engine_pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        new_pid = engine_pid
        while time.monotonic() < deadline and new_pid == engine_pid:
            time.sleep(0.2)
            new_pid = json.loads((store / "engine.json").read_text())["pid"]
        assert new_pid != engine_pid, "the supervisor started a new engine"
        assert requests.get(url + "/health", timeout=30).status_code == 200
        res = run_kg(
            "query",
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } }",
            store=store,
            check=True,
        )
        assert res.stdout.decode().split() == ["n", "2"], (
            "the data is all there, served by the new engine"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
