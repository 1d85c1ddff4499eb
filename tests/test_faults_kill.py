"""kill -9 and a full disk in the middle of the work: articles whole or absent, dumps whole or clearly broken."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from kg.config import Settings
from kg.facts import load_facts
from kg.iris import Minter
from kg.mapping import Mapper
from kg.store import open_store
from kg.validation import check

from .conftest import KG, ROOT, free_port, run_kg, wait_http
from .test_ingest import _graph_triples
from .variants import write_variants

BASE = "http://127.0.0.1:8080/"


def assert_every_article_whole(store_dir: Path, docs: list[Path], base: str = BASE) -> int:
    """Every article graph in the store is exactly what its document maps to, and passes the gate."""
    mapper = Mapper(Minter(base))
    expected = {}
    for p in docs:
        m = mapper.map(load_facts(p))
        expected[str(m.graph_iri)] = (
            m,
            set(m.article_graph.serialize(format="nt").strip().splitlines()),
        )
    with open_store(Settings(store=str(store_dir))) as store:
        graphs = [
            r["g"]["value"] for r in store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        ]
        found = [g for g in graphs if "/graph/article/" in g]
        for g in found:
            m, triples = expected[g]
            assert _graph_triples(store, g) == triples, f"{g} is whole"
            assert check(m, g).conforms
    return len(found)


def _engine_pid(store_dir: Path, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return json.loads((store_dir / "engine.json").read_text())["pid"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.05)
    raise AssertionError("no engine started")


def test_kill_9_of_the_service_during_http_ingest(tmp_path: Path):
    store_dir, port, token = tmp_path / "store", free_port(), "t0ken"
    env = {**os.environ, "KG_WRITE_TOKEN": token, "KG_BASE_IRI": f"http://127.0.0.1:{port}/"}
    docs = write_variants(60, tmp_path / "docs")
    server = subprocess.Popen(
        [KG, "--store", str(store_dir), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/health", proc=server)
    accepted: list[str] = []
    stop = threading.Event()

    def post_all() -> None:
        for p in docs:
            if stop.is_set():
                return
            try:
                r = requests.post(
                    url + "/articles",
                    data=p.read_bytes(),
                    timeout=30,
                    headers={
                        "Content-Type": "application/json",
                        "Authorization": f"Bearer {token}",
                    },
                )
                if r.status_code in (200, 201):
                    accepted.append(p.name)
            except requests.RequestException:
                return

    poster = threading.Thread(target=post_all)
    poster.start()
    deadline = time.monotonic() + 60
    while len(accepted) < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(server.pid, signal.SIGKILL)  # the master: its engine and workers follow it down
    server.wait()
    stop.set()
    poster.join(timeout=60)
    assert 10 <= len(accepted) < len(docs)
    time.sleep(1)
    whole = assert_every_article_whole(store_dir, docs, f"http://127.0.0.1:{port}/")
    assert whole >= len(accepted), "every article the service acknowledged is there, whole"


def test_kill_9_of_the_embedded_engine_during_ingest_then_resume(store_dir: Path, tmp_path: Path):
    docs = write_variants(240, tmp_path / "docs")
    proc = subprocess.Popen(
        [KG, "--store", str(store_dir), "ingest", str(tmp_path / "docs")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    pid = _engine_pid(store_dir)
    # killed once some articles are in, not after a fixed time: the fast gate ingests a short corpus
    # before any fixed pause is over
    port = json.loads((store_dir / "engine.json").read_text())["port"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _graphs(port) < 5:
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert (
        "run the same command again to resume" in err.decode() and "Traceback" not in err.decode()
    )
    assert_every_article_whole(store_dir, docs)
    res = run_kg("ingest", str(tmp_path / "docs"), store=store_dir)
    assert res.returncode == 0 and res.stderr.decode().strip().endswith(", 0 failed")
    assert assert_every_article_whole(store_dir, docs) == 240


def _graphs(port: int) -> int:
    try:
        r = requests.post(
            f"http://127.0.0.1:{port}/query",
            data={"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=5,
        )
        return int(r.json()["results"]["bindings"][0]["n"]["value"])
    except (requests.RequestException, ValueError, KeyError, IndexError):
        return 0


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Path:
    """A store large enough that a dump takes a while: bulk-loaded (ingest is tested elsewhere)."""
    from bench.generate import to_nquads

    from .conftest import OXIGRAPH

    tmp = tmp_path_factory.mktemp("big")
    store_dir = tmp / "store"
    (store_dir / "oxigraph").mkdir(parents=True)
    to_nquads(write_variants(400, tmp / "docs"), tmp / "data.nq")
    subprocess.run(
        [
            OXIGRAPH,
            "load",
            "--location",
            str(store_dir / "oxigraph"),
            "--file",
            str(tmp / "data.nq"),
        ],
        check=True,
        capture_output=True,
    )
    return store_dir


def test_engine_killed_during_export_is_an_error_and_leaves_no_file(
    big_store: Path, tmp_path: Path
):
    out = tmp_path / "dump.nt"
    proc = subprocess.Popen(
        [KG, "--store", str(big_store), "export", "--format", "nt", "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    pid = _engine_pid(big_store)
    deadline = time.monotonic() + 30
    part = out.with_name("dump.nt.part")
    while time.monotonic() < deadline and not (part.exists() and part.stat().st_size > 0):
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the export finished before the engine could be killed")
    assert proc.returncode == 2
    assert "broke off" in err.decode() or "does not answer" in err.decode(), err.decode()
    assert not out.exists() and not part.exists(), "no file that looks like a dump"


def test_service_engine_killed_during_dump_download_breaks_the_response(big_store: Path):
    port = free_port()
    server = subprocess.Popen(
        [KG, "--store", str(big_store), "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/health", proc=server)
        pid = _engine_pid(big_store)
        received = 0
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            with requests.get(url + "/dump.nt", stream=True, timeout=60) as r:
                assert r.status_code == 200 and "Content-Length" not in r.headers
                for chunk in r.iter_content(4096):
                    received += len(chunk)
                    if received > 8192 and pid:
                        os.kill(pid, signal.SIGKILL)
                        pid = 0
                    time.sleep(0.002)  # a slow reader: the engine is still writing when it dies
    finally:
        server.terminate()
        server.wait(timeout=30)


def _fill(folder: Path) -> Path:
    """Take every free byte of the file system `folder` is on."""
    filler = folder / "filler"
    fh = open(filler, "wb")
    try:
        block = b"\0" * (1 << 20)
        while True:
            fh.write(block)
            fh.flush()
    except OSError:
        try:
            while True:
                fh.write(b"\0" * 512)
                fh.flush()
        except OSError:
            pass
    finally:
        try:
            fh.close()
        except OSError:
            pass
    return filler


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", str(mount)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_disk_filling_up_during_ingest_is_a_clear_error_and_nothing_partial(
    small_disk: Path, tmp_path: Path
):
    store_dir = small_disk / "store"
    docs = write_variants(80, tmp_path / "docs")
    proc = subprocess.Popen(
        [KG, "--store", str(store_dir), "ingest", "--workers", "1", str(tmp_path / "docs")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _engine_pid(store_dir)
    time.sleep(1)
    filler = _fill(small_disk)
    _, err = proc.communicate(timeout=300)
    text = err.decode()
    assert proc.returncode == 1
    assert "No space left on device" in text, text[-3000:]
    assert "Traceback" not in text
    filler.unlink()
    published = assert_every_article_whole(store_dir, docs)
    assert 0 < published < 80
    res = run_kg("ingest", str(tmp_path / "docs"), store=store_dir)
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert assert_every_article_whole(store_dir, docs) == 80


def test_engine_that_cannot_start_on_a_full_disk_says_why(small_disk: Path, tmp_path: Path):
    filler = _fill(small_disk)
    res = run_kg(
        "ingest", *map(str, write_variants(1, tmp_path / "docs")), store=small_disk / "store"
    )
    assert res.returncode == 2
    assert (
        "did not start" in res.stderr.decode() and "No space left on device" in res.stderr.decode()
    )
    filler.unlink()
