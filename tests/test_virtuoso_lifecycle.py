"""An article's life after publishing on Virtuoso 7.2.5 (issue 15 on the second engine): retraction,
correction, the change feed replayed into an empty embedded Oxigraph, merge/unmerge and /reconcile, all
through `kg serve` and `kg` commands with KG_ENGINE=virtuoso and Digest credentials.

Its own `kg serve` on its own base IRI (graphs dropped afterwards), so the dumps it compares hold only
what this module published. The same flows on Oxigraph: tests/web/test_changes.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import KG, ROOT, LiveServer, free_port, wait_http
from .feed_mirror import feed_updates
from .test_virtuoso import kg_env
from .web.ld_docs import article_doc, entity

pytestmark = pytest.mark.skipif(
    not __import__("shutil").which("virtuoso-t"), reason="virtuoso-t is not installed"
)


def _doc(key: str, who: str, extra: str = "") -> dict:
    body = f"{who} met officials in Pakistan on Monday.{extra}"
    return article_doc(
        key,
        f"{who} visits Pakistan",
        body,
        [
            entity("w", who, "Person", body, who, key=key + "-person"),
            entity("p", "Pakistan", "Place", body, "Pakistan", key="pakistan"),
        ],
    )


def _named_doc(key: str, name: str) -> dict:
    """An article mentioning `name`, with no key for it: its IRI is minted from the name."""
    body = f"{name} spoke in Pakistan on Monday."
    return article_doc(key, f"{name} speaks {key}", body, [entity("w", name, "Person", body, name)])


def _ingest(server: LiveServer, tmp: Path, doc: dict, *args: str) -> subprocess.CompletedProcess:
    path = tmp / f"{doc['article']['key']}-{time.time_ns()}.facts.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return server.kg("ingest", str(path), *args)


@pytest.fixture(scope="module")
def server(virtuoso_engine):
    port = free_port()
    env = {
        **kg_env(virtuoso_engine, port),
        "KG_WRITE_TOKEN": "vl-token",
        "KG_SEARCH_REFRESH": "0.2",
    }
    proc = subprocess.Popen(
        [KG, "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/", proc=proc, timeout=60)
    yield LiveServer(url, "virtuoso", virtuoso_engine.url, env, "vl-token", proc)
    proc.terminate()
    proc.wait(timeout=30)
    if virtuoso_engine.running:
        virtuoso_engine.drop_graphs(env["KG_BASE_IRI"])


# -- a mirror on an empty embedded Oxigraph that knows only the feed -----------------------------
class Mirror:
    """Applies the feed as documented in kg/web/changes.py (as tests/web/test_changes.py does)."""

    def __init__(self, base: str):
        import pyoxigraph

        self.store, self.base, self.last = pyoxigraph.Store(), base, None

    def pull(self, server: LiveServer) -> int:
        update, self.last, n = feed_updates(server.get, self.last, self.base)
        if n:
            self.store.update(update)
        return n

    def quads(self) -> list[str]:
        import pyoxigraph

        out = self.store.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode()
        return sorted(line for line in out.splitlines() if line)


def _source_quads(server: LiveServer) -> list[str]:
    """The server's dump, written again by Oxigraph so both sides are in one canonical form."""
    import pyoxigraph

    r = server.get("/dump.nq")
    assert r.status_code == 200, r.text[:300]
    store = pyoxigraph.Store()
    store.load(r.content, format=pyoxigraph.RdfFormat.N_QUADS)
    out = store.dump(format=pyoxigraph.RdfFormat.N_QUADS).decode()
    return sorted(line for line in out.splitlines() if line)


# -- publish, correct, retract; the feed replayed ------------------------------------------------
def test_correct_retract_and_the_feed_replayed(server, tmp_path):
    tag = f"vl{time.time_ns() % 10**8}"
    a, b = f"{tag}-a", f"{tag}-b"
    for doc in (_doc(a, f"Ada Quist {tag}"), _doc(b, f"Bo Varnholt {tag}")):
        res = _ingest(server, tmp_path, doc)
        assert res.returncode == 0, res.stderr.decode()[-2000:]
    mirror = Mirror(server.env["KG_BASE_IRI"])
    assert mirror.pull(server) == 2
    assert mirror.quads() == _source_quads(server)

    # a correction: changed content with a note
    res = _ingest(server, tmp_path, _doc(a, f"Ada Quist {tag}", " Updated."), "--note", "Fixed.")
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    page = server.get(f"/page/article/{a}", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Corrected on" in page.text and "Fixed." in page.text

    # a retraction by `kg retract`
    iri = f"{server.env['KG_BASE_IRI']}id/article/{b}"
    res = server.kg("retract", iri, "--reason", "The source recanted.")
    assert res.returncode == 0, res.stderr.decode()[:2000]
    assert f"/id/person/{b}-person".encode() in res.stdout
    for path in (f"/id/article/{b}", f"/page/article/{b}", f"/page/person/{b}-person"):
        r = server.get(path)
        assert r.status_code == 410, (path, r.status_code, r.text[:300])
    assert server.get("/page/place/pakistan").status_code == 200  # still mentioned by a
    dump = server.get("/dump.nq").text
    assert f"<{iri}>" not in dump and f"/id/person/{b}-person>" not in dump
    gone = server.get(f"/page/article/{b}", headers={"Accept": "text/html"})
    assert "retracted on" in gone.text and "The source recanted." in gone.text
    again = server.kg("retract", iri, "--reason", "Twice.")
    assert again.returncode != 0 and b"already retracted" in again.stderr, again.stderr
    auth = {"Authorization": f"Bearer {server.token}"}
    r = server.post("/retractions", json={"article": iri, "reason": "Twice."}, headers=auth)
    assert r.status_code == 410 and "already retracted" in r.text, r.text[:300]
    refused = _ingest(server, tmp_path, _doc(b, f"Bo Varnholt {tag}"))
    assert refused.returncode == 1 and b"was retracted" in refused.stderr, refused.stderr

    # the feed lists each change, and the mirror follows it to the same content
    feed = server.get("/changes.json?limit=1000").json()["entries"]
    mine = [e for e in feed if tag in e["subject"]]
    assert [e["action"] for e in mine] == ["published", "published", "corrected", "retracted"]
    assert mirror.pull(server) == 2
    assert mirror.quads() == _source_quads(server)
    atom = server.get("/changes", headers={"Accept": "application/atom+xml"})
    assert atom.status_code == 200 and "The source recanted." in atom.text

    # forced, the retracted article is published again
    forced = _ingest(server, tmp_path, _doc(b, f"Bo Varnholt {tag}"), "--force")
    assert forced.returncode == 0, forced.stderr.decode()[:2000]
    assert server.get(f"/page/article/{b}").status_code == 200


# -- merge and unmerge -----------------------------------------------------------------------------
def test_merge_redirects_and_unmerge_restores(server, tmp_path):
    tag = f"vm{time.time_ns() % 10**8}"
    base = server.env["KG_BASE_IRI"]
    keep_name, other_name = f"Jonathan Pemberly {tag}", f"Jon Pemberly {tag}"
    keep, other = (
        f"{base}id/person/{n.lower().replace(' ', '-')}" for n in (keep_name, other_name)
    )
    for key, name in ((f"{tag}-1", keep_name), (f"{tag}-2", other_name)):
        res = _ingest(server, tmp_path, _named_doc(key, name))
        assert res.returncode == 0, res.stderr.decode()[-2000:]
    mirror = Mirror(base)
    mirror.pull(server)
    res = server.kg("merge", keep, other, "--note", "One person.")
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert mirror.pull(server) == 1
    assert mirror.quads() == _source_quads(server)  # the feed carries merges too
    o_key, k_key = other.rsplit("/", 1)[1], keep.rsplit("/", 1)[1]
    r = server.get(f"/id/person/{o_key}")
    assert r.status_code == 301 and r.headers["Location"].endswith(f"/id/person/{k_key}")
    page = server.get(f"/page/person/{k_key}", headers={"Accept": "text/html"}).text
    assert f"{tag}-1" in page and f"{tag}-2" in page  # both articles
    assert "sameAs" in server.get(f"/data/person/{k_key}.ttl").text
    assert not [q for q in server.get("/dump.nq").text.splitlines() if q.startswith(f"<{other}>")]
    feed = server.get("/changes.json?limit=1000").json()["entries"]
    assert feed[-1]["action"] == "merged" and feed[-1]["target"] == keep

    res = server.kg("unmerge", other)
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert server.get(f"/page/person/{o_key}").status_code == 200
    nt = server.get(f"/data/article/{tag}-2.nt").text
    assert f"<{other}>" in nt and f"<{keep}>" not in nt
    assert "sameAs" not in server.get(f"/data/person/{k_key}.ttl").text
    assert mirror.pull(server) == 1
    assert mirror.quads() == _source_quads(server)


# -- reconciliation ---------------------------------------------------------------------------------
def test_reconcile_answers_on_virtuoso(server, tmp_path):
    tag = f"vr{time.time_ns() % 10**8}"
    res = _ingest(server, tmp_path, _doc(f"{tag}-a", "Imogen Trelawney"))
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    q = {"q0": {"query": "Imogen Trelawny", "type": "http://schema.org/Person"}}
    deadline, top = time.monotonic() + 30, None
    while time.monotonic() < deadline:  # the search index follows the store within seconds
        r = server.post("/reconcile", data={"queries": json.dumps(q)})
        assert r.status_code == 200, r.text[:300]
        results = r.json()["q0"]["result"]
        top = results[0] if results else None
        if top and top["id"] == f"person/{tag}-a-person":
            break
        time.sleep(0.3)
    assert top and top["id"] == f"person/{tag}-a-person", top
