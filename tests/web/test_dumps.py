"""/dump.{ttl,nt,nq} and .gz: streamed, parseable, the same data in every form."""

from __future__ import annotations

import gzip

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic


def _triples(server, ext: str) -> Graph:
    r = server.get(f"/dump.{ext}", stream=True)
    assert r.status_code == 200
    assert "Content-Length" not in r.headers  # streamed, never buffered whole
    raw = b"".join(r.iter_content(1 << 16))
    if ext.endswith(".gz"):
        assert r.headers["Content-Type"] == "application/gzip"
        raw = gzip.decompress(raw)
        ext = ext[:-3]
    if ext == "nq":
        ds = Dataset()
        ds.parse(data=raw, format="nquads")
        g = Graph()
        for s, p, o, _g in ds.quads():
            g.add((s, p, o))
        return g
    return Graph().parse(data=raw, format={"nt": "nt", "ttl": "turtle"}[ext])


@pytest.mark.parametrize("ext", ["nt", "ttl", "nq", "nt.gz", "ttl.gz", "nq.gz"])
def test_dump_forms_agree(live_server, ext):
    assert isomorphic(
        _triples(live_server, ext), _triples(live_server, "nt")
    )  # blank nodes may be renamed


def test_dump_headers(live_server):
    r = live_server.get("/dump.nq")
    assert r.headers["Content-Type"].startswith("application/n-quads")
    assert 'filename="dump.nq"' in r.headers["Content-Disposition"]
    quads = [line for line in r.text.splitlines() if line.strip()]
    assert all(line.endswith(" .") for line in quads)
    assert any("/graph/article/" in line for line in quads) and any(
        "/graph/entities>" in line for line in quads
    )
    head = live_server.request("HEAD", "/dump.nt.gz")
    assert head.status_code == 200 and head.headers["Content-Type"] == "application/gzip"
    assert live_server.get("/dump.xml").status_code == 404


def test_concurrent_dumps_are_capped_and_a_slot_comes_back(tmp_path):
    """Each dump reads the whole store and may wait on disk for a slow reader: KG_MAX_CONCURRENT_DUMPS at a
    time, the next one a 503 with Retry-After; the slot is back when its reader has gone away."""
    import socket
    import time

    import requests

    from .sparql_servers import _stop, start_plain

    server = start_plain(tmp_path, {"KG_WRITE_TOKEN": "dump-token", "KG_MAX_CONCURRENT_DUMPS": "1"})
    try:
        n = 120_000  # ~13 MB of N-Triples (under the 16 MB request cap): more than the socket buffers hold
        nt = "".join(
            f'<http://ex.org/s{i}> <http://ex.org/p> "{"x" * 80} {i}" .\n' for i in range(n)
        )
        r = requests.put(
            server.url + "/store?graph=http://ex.org/g",
            data=nt.encode(),
            timeout=120,
            headers={"Content-Type": "application/n-triples", "Authorization": "Bearer dump-token"},
        )
        assert r.status_code in (201, 204), r.text
        stalled = socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1])))
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stalled.sendall(b"GET /dump.nt HTTP/1.1\r\nHost: x\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            head += stalled.recv(1024)
        assert head.startswith(b"HTTP/1.1 200"), head[:200]

        busy = requests.get(server.url + "/dump.nt.gz", timeout=30)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "60"
        assert "KG_MAX_CONCURRENT_DUMPS" in busy.text
        assert (
            requests.head(server.url + "/dump.nt", timeout=30).status_code == 200
        )  # HEAD reads nothing
        assert (
            requests.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code
            == 200
        )

        def next_dump(path: str, within: float) -> requests.Response:
            """The slot is given back when the server closes the response, a moment after the last byte."""
            deadline = time.monotonic() + within
            while True:
                r = requests.get(server.url + path, timeout=120)
                if r.status_code != 503 or time.monotonic() > deadline:
                    return r
                time.sleep(0.2)

        stalled.close()  # the reader goes away: its slot must come back
        whole = next_dump("/dump.nt", 30)
        assert whole.status_code == 200 and whole.text.count("\n") == n
        assert next_dump("/dump.nq", 5).status_code == 200  # and back again after a whole one
    finally:
        _stop(server)
