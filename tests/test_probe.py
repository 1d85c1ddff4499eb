"""The engine is probed before kg works on it (issue 12): a remote Oxigraph started without
--union-default-graph served the published samples as empty, and nothing told the user why."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import requests

from .conftest import (
    EXAMPLES,
    KG,
    OXIGRAPH,
    ROOT,
    free_port,
    run_kg,
    start_external_engine,
    wait_http,
)


def _oxigraph_without_union(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc=proc)
    return proc, f"http://127.0.0.1:{port}"


@pytest.fixture
def no_union(tmp_path):
    proc, url = _oxigraph_without_union(tmp_path / "ox")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_without_a_union_default_graph_ingest_and_serve_refuse_with_the_fix(no_union, tmp_path):
    env = {"KG_ENGINE": "oxigraph", "KG_STORE": no_union}
    res = run_kg("ingest", str(EXAMPLES), env=env)
    err = res.stderr.decode()
    assert res.returncode == 2, err
    assert "start Oxigraph with --union-default-graph" in err and len(err.strip().splitlines()) == 1
    # the same engine holding data (written past kg): `kg serve` does not pretend to serve
    requests.post(
        no_union + "/update",
        data="INSERT DATA { GRAPH <http://127.0.0.1:8080/graph/x> { <urn:a> <urn:b> <urn:c> } }",
        headers={"Content-Type": "application/sparql-update"},
        timeout=10,
    ).raise_for_status()
    port = free_port()
    serve = subprocess.run(
        [KG, "serve", "--port", str(port)],
        env={**os.environ, **env},
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    assert serve.returncode == 2
    assert b"--union-default-graph" in serve.stderr and b"not serving" in serve.stderr
    doctor = run_kg("doctor", env=env)
    out = doctor.stdout.decode()
    assert doctor.returncode == 1
    assert "FAIL  union default graph" in out and "--union-default-graph" in out


def test_doctor_on_a_sound_remote_engine_says_ready_and_lists_features(tmp_path):
    engine = start_external_engine(tmp_path / "ext")
    try:
        res = run_kg("doctor", env={"KG_ENGINE": "oxigraph", "KG_STORE": engine.url})
        out = res.stdout.decode()
        assert res.returncode == 0, out + res.stderr.decode()
        assert "ok    reachable" in out and "ok    writes" in out
        assert "ok    union default graph" in out and "kg doctor: ready" in out
        assert "ok    dump as application/n-quads" in out
    finally:
        engine.stop()


def test_an_unreachable_engine_is_one_line_and_untested_presets_say_so(tmp_path):
    port = free_port()
    res = run_kg("ingest", str(EXAMPLES), env={"KG_STORE": f"http://127.0.0.1:{port}/query"})
    assert res.returncode == 2
    assert "does not answer" in res.stderr.decode()
    doctor = run_kg("doctor", env={"KG_ENGINE": "fuseki", "KG_STORE": f"http://127.0.0.1:{port}"})
    assert "fuseki (untested)" in doctor.stdout.decode() and doctor.returncode == 1
