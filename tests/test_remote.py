"""The remote backend: same graph as the embedded store, presets, credentials, a slow engine."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from kg.config import Settings
from kg.store.presets import PRESETS, remote_endpoints

from .conftest import run_kg
from .variants import write_variants


def test_ingest_into_remote_engine_gives_exactly_the_embedded_graph(
    store_dir: Path, tmp_path: Path, external_engine
):
    inputs = [str(p) for p in write_variants(5, tmp_path / "in")]
    run_kg("ingest", *inputs, store=store_dir, check=True)
    run_kg("ingest", *inputs, env=external_engine.env, check=True)
    embedded = sorted(
        run_kg("export", "--format", "nq", store=store_dir, check=True).stdout.decode().splitlines()
    )
    remote = sorted(
        run_kg("export", "--format", "nq", env=external_engine.env, check=True)
        .stdout.decode()
        .splitlines()
    )
    # the change log (kg/changes.py) records when each write happened: the content must be equal
    content = lambda quads: [q for q in quads if "/graph/changes> ." not in q]  # noqa: E731
    assert content(embedded) == content(remote) and len(content(embedded)) > 1000
    assert len(embedded) - len(content(embedded)) == len(remote) - len(content(remote))


@pytest.mark.parametrize(
    "engine,base,query,update,graphs",
    [
        (
            "oxigraph",
            "http://h:7878",
            "http://h:7878/query",
            "http://h:7878/update",
            "http://h:7878/store",
        ),
        (
            "fuseki",
            "http://h:3030/news/",
            "http://h:3030/news/sparql",
            "http://h:3030/news/update",
            "http://h:3030/news/data",
        ),
        (
            "graphdb",
            "http://h:7200/repositories/news",
            "http://h:7200/repositories/news",
            "http://h:7200/repositories/news/statements",
            "http://h:7200/repositories/news/rdf-graphs/service",
        ),
        (
            "neptune",
            "https://c:8182",
            "https://c:8182/sparql",
            "https://c:8182/sparql",
            "https://c:8182/sparql/gsp/",
        ),
        ("qlever", "http://h:7001", "http://h:7001", "http://h:7001", None),
    ],
)
def test_presets_fill_in_endpoints_from_one_base(engine, base, query, update, graphs):
    ep = remote_endpoints(Settings(store=base, engine=engine))
    assert (ep.query_url, ep.update_url, ep.graphs_url) == (query, update, graphs)


def test_explicit_endpoints_win_and_unknown_engine_is_refused():
    ep = remote_endpoints(
        Settings(store="http://h:3030/ds", engine="fuseki", store_update="http://other/update")
    )
    assert ep.update_url == "http://other/update"
    with pytest.raises(ValueError, match="not one of"):
        remote_endpoints(Settings(store="http://h", engine="mystery"))
    assert set(PRESETS) == {"oxigraph", "fuseki", "graphdb", "virtuoso", "neptune", "qlever"}


def test_credentials_are_used_but_never_shown():
    s = Settings(
        store="http://h/q",
        store_user="editor",
        store_password="s3cret",
        store_token=None,
        write_token="tok",
    )
    ep = remote_endpoints(s)
    assert (ep.user, ep.password, ep.scheme) == ("editor", "s3cret", "basic")
    assert "s3cret" not in repr(s) and "tok" not in repr(s) and "s3cret" not in repr(ep)
    bearer = remote_endpoints(Settings(store="http://h/q", store_token="abc123"))
    assert "abc123" not in repr(bearer) and "abc123" not in repr(bearer.open().http.session.auth)
    # Virtuoso's authenticated endpoints speak Digest only: its profile says so, KG_STORE_AUTH overrides
    virtuoso = Settings(
        store="http://h:8890", engine="virtuoso", store_user="dba", store_password="x"
    )
    assert remote_endpoints(virtuoso).scheme == "digest"
    assert (
        remote_endpoints(Settings(**{**virtuoso.__dict__, "store_auth": "basic"})).scheme == "basic"
    )


class _SilentEngine:
    """Accepts connections and never answers: an engine that hangs."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        for c in self.conns:
            c.close()
        self.sock.close()


def test_a_hung_engine_gives_a_clear_error_within_the_time_limit():
    hung = _SilentEngine()
    try:
        started = time.monotonic()
        res = run_kg(
            "query",
            "SELECT * WHERE { ?s ?p ?o }",
            env={"KG_STORE": f"http://127.0.0.1:{hung.port}/query", "KG_QUERY_TIMEOUT": "1"},
        )
        elapsed = time.monotonic() - started
        assert res.returncode == 2
        assert "did not answer in time" in res.stderr.decode()
        assert elapsed < 20
    finally:
        hung.close()
