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
    assert isomorphic(_triples(live_server, ext), _triples(live_server, "nt"))  # blank nodes may be renamed


def test_dump_headers(live_server):
    r = live_server.get("/dump.nq")
    assert r.headers["Content-Type"].startswith("application/n-quads")
    assert 'filename="dump.nq"' in r.headers["Content-Disposition"]
    quads = [line for line in r.text.splitlines() if line.strip()]
    assert all(line.endswith(" .") for line in quads)
    assert any("/graph/article/" in line for line in quads) and any("/graph/entities>" in line for line in quads)
    head = live_server.request("HEAD", "/dump.nt.gz")
    assert head.status_code == 200 and head.headers["Content-Type"] == "application/gzip"
    assert live_server.get("/dump.xml").status_code == 404
