"""An article's life after publishing (kg/lifecycle.py, kg/web/changes.py): corrections, retractions,
the change feed, and a mirror kept current from the feed alone, on both engines.

The server here is our own (not the shared live server): the feed replay compares whole dumps, so no
other test may write to this store.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
import requests

from ..conftest import KG, ROOT, free_port, run_kg, start_external_engine, wait_http
from ..feed_mirror import feed_updates
from .ld_docs import article_doc, entity


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


class Server:
    def __init__(self, url: str, store: str, env: dict, token: str):
        self.url, self.store, self.env, self.token = url, store, env, token
        self.base = env["KG_BASE_IRI"]

    def get(self, path: str, **kw) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        return requests.get(self.url + path, timeout=60, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return requests.post(self.url + path, timeout=60, **kw)

    def kg(self, *args: str) -> subprocess.CompletedProcess:
        return run_kg(*args, store=self.store, env=self.env)

    def publish(self, doc: dict, query: str = "") -> requests.Response:
        hdrs = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        return self.post("/articles" + query, data=json.dumps(doc), headers=hdrs)

    def ingest(self, tmp: Path, doc: dict, *args: str) -> subprocess.CompletedProcess:
        path = tmp / f"{doc['article']['key']}-{time.time_ns()}.facts.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return self.kg("ingest", str(path), *args)


@pytest.fixture(scope="module", params=["embedded", "remote"])
def server(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"changes-{request.param}")
    port = free_port()
    token = "t-" + os.urandom(6).hex()
    env = {
        "KG_WRITE_TOKEN": token,
        "KG_BASE_IRI": f"http://127.0.0.1:{port}/",
        "KG_SEARCH_REFRESH": "0.2",
    }
    external = None
    if request.param == "remote":
        external = start_external_engine(tmp / "engine")
        env.update(external.env)
        store = external.env["KG_STORE"]
    else:
        store = str(tmp / "store")
    proc = subprocess.Popen(
        [KG, "--store", store, "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_http(f"http://127.0.0.1:{port}/", proc=proc, timeout=60)
    yield Server(f"http://127.0.0.1:{port}", store, env, token)
    proc.terminate()
    proc.wait(timeout=30)
    if external:
        external.stop()


# -- a mirror that knows only the feed ----------------------------------------------------------------
class Mirror:
    """Applies the feed to its own store, as documented in kg/web/changes.py (since_quads)."""

    def __init__(self, engine, base: str):
        self.engine, self.base, self.last = engine, base, None

    def pull(self, server: Server) -> int:
        update, self.last, n = feed_updates(server.get, self.last, self.base)
        if not n:
            return 0
        r = requests.post(
            f"{self.engine.url}/update",
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
            timeout=60,
        )
        assert r.status_code in (200, 204), r.text
        return n


def _sorted_dump(server: Server) -> list[bytes]:
    return sorted(server.get("/dump.nq").content.splitlines())


def _mirror_dump(mirror: Mirror) -> list[bytes]:
    r = requests.get(
        f"{mirror.engine.url}/store", headers={"Accept": "application/n-quads"}, timeout=60
    )
    return sorted(line for line in r.content.splitlines() if line)


# -- the life of two articles ---------------------------------------------------------------------------
def test_publish_correct_retract_and_the_feed_replayed(server, tmp_path):
    tag = f"lc{time.time_ns() % 10**8}"
    a, b = f"{tag}-a", f"{tag}-b"
    assert server.publish(_doc(a, f"Ada Quist {tag}")).status_code == 201
    assert server.publish(_doc(b, f"Bo Varnholt {tag}")).status_code == 201
    again = server.publish(_doc(a, f"Ada Quist {tag}"))  # the same content: no correction, no entry
    assert again.status_code == 201 and again.json()["unchanged"] is True

    engine = start_external_engine(tmp_path / "mirror")
    try:
        mirror = Mirror(engine, server.base)
        assert mirror.pull(server) == 2
        assert _mirror_dump(mirror) == _sorted_dump(server)  # replayed from empty, byte for byte

        # validators before the correction
        pages = {
            "a": f"/page/article/{a}",
            "a-data": f"/data/article/{a}.ttl",
            "b": f"/page/article/{b}",
            "b-person": f"/page/person/{b}-person",
            "a-person": f"/page/person/{a}-person",
            "place": "/page/place/pakistan",
        }
        before = {k: server.get(p).headers["ETag"] for k, p in pages.items()}

        # a correction: re-ingested with a change, and the editor's note
        res = server.ingest(
            tmp_path, _doc(a, f"Ada Quist {tag}", " Updated."), "--note", "Date fixed."
        )
        assert res.returncode == 0, res.stderr
        after = {k: server.get(p).headers["ETag"] for k, p in pages.items()}
        assert after["a"] != before["a"] and after["a-data"] != before["a-data"]
        unchanged = ("b", "b-person", "a-person", "place")  # what they show did not change
        assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}
        page = server.get(pages["a"], headers={"Accept": "text/html"}).text
        assert "Corrected on" in page and "Date fixed." in page
        ttl = server.get(pages["a-data"]).text
        assert "dateModified" in ttl and "correction" in ttl

        # a retraction over HTTP: refused without the token, done with it
        iri = f"{server.base}id/article/{b}"
        body = {"article": iri, "reason": "The source recanted."}
        assert server.post("/retractions", json=body).status_code == 401
        r = server.post(
            "/retractions", json=body, headers={"Authorization": f"Bearer {server.token}"}
        )
        assert r.status_code == 200, r.text
        assert f"{server.base}id/person/{b}-person" in r.json()["purged"]
        assert f"{server.base}id/place/pakistan" not in r.json()["purged"]  # still mentioned by a

        # the feed: Atom and JSON, one entry per change, with graph and digest
        feed = server.get("/changes.json").json()["entries"]
        mine = [e for e in feed if tag in e["subject"]]
        assert [e["action"] for e in mine] == ["published", "published", "corrected", "retracted"]
        assert all(
            e["graph"].startswith(server.base + "graph/article/") and e["digest"] for e in mine
        )
        atom = server.get("/changes", headers={"Accept": "application/atom+xml"})
        assert atom.headers["Content-Type"].startswith("application/atom+xml")
        assert atom.text.count("<entry>") == len(feed) and "The source recanted." in atom.text

        # the mirror follows with what changed since its last pull, and matches again
        assert mirror.pull(server) == 2
        assert _mirror_dump(mirror) == _sorted_dump(server)
        assert mirror.pull(server) == 0
    finally:
        engine.stop()

    # gone: the article and the entity only it mentioned answer 410, with when and why
    for path in (f"/id/article/{b}", f"/page/article/{b}", f"/data/article/{b}.ttl"):
        r = server.get(path)
        assert r.status_code == 410, path
        assert "The source recanted." in r.text
    html = server.get(f"/page/article/{b}", headers={"Accept": "text/html"})
    assert html.status_code == 410 and "retracted on" in html.text
    assert server.get(f"/page/person/{b}-person").status_code == 410
    assert server.get("/page/place/pakistan").status_code == 200
    # ... and nothing else lists them
    dump = server.get("/dump.nq").text
    assert f"<{iri}>" not in dump and f"/id/person/{b}-person>" not in dump
    assert f"Bo Varnholt {tag}" not in dump
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        hits = server.get("/search?q=Varnholt&format=json").json()["results"]
        if not hits:
            break
        time.sleep(0.3)
    assert hits == []
    void = server.get("/.well-known/void", headers={"Accept": "text/turtle"}).text
    assert re.search(r"void:documents 1\b", void), void

    # a retraction is final: again is refused, re-ingesting is refused unless forced
    r = server.post("/retractions", json=body, headers={"Authorization": f"Bearer {server.token}"})
    assert r.status_code == 410 and "already retracted" in r.text
    refused = server.publish(_doc(b, f"Bo Varnholt {tag}"))  # `kg ingest` says the same, exit 1
    assert refused.status_code == 409 and "was retracted" in refused.json()["error"]
    assert "The source recanted." in refused.json()["error"]
    assert server.publish(_doc(b, f"Bo Varnholt {tag}"), "?force=1").status_code == 201
    assert server.get(f"/page/article/{b}").status_code == 200

    # the command line: by file, with a reason; errors say what is wrong
    path = tmp_path / "a.facts.json"
    path.write_text(json.dumps(_doc(a, f"Ada Quist {tag}", " Updated.")), encoding="utf-8")
    res = server.kg("retract", str(path), "--reason", "Wrong person.")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"retracted: {server.base}id/article/{a}".encode())
    assert f"/id/person/{a}-person".encode() in res.stdout
    r = server.post(
        "/retractions",
        json={"article": f"{server.base}id/article/no-such-{tag}", "reason": "x"},
        headers={"Authorization": f"Bearer {server.token}"},
    )
    assert r.status_code == 404 and "no such article" in r.text


def _named_doc(key: str, name: str) -> dict:
    """An article mentioning `name`, with no key for it: its IRI is minted from the name."""
    body = f"{name} spoke in Pakistan on Monday."
    ent = entity("w", name, "Person", body, name)
    return article_doc(key, f"{name} speaks {key}", body, [ent])


def test_merge_redirects_and_unmerge_restores(server, tmp_path):
    tag = f"mg{time.time_ns() % 10**8}"
    keep_name, other_name = f"Jonathan Pemberly {tag}", f"Jon Pemberly {tag}"
    keep, other = (
        f"{server.base}id/person/{n.lower().replace(' ', '-')}" for n in (keep_name, other_name)
    )
    assert server.publish(_named_doc(f"{tag}-1", keep_name)).status_code == 201
    assert server.publish(_named_doc(f"{tag}-2", other_name)).status_code == 201
    engine = start_external_engine(tmp_path / "mirror")
    try:
        mirror = Mirror(engine, server.base)
        mirror.pull(server)
        res = server.kg("merge", keep, other, "--note", "One person.")
        assert res.returncode == 0, res.stderr
        assert mirror.pull(server) == 1
        assert _mirror_dump(mirror) == _sorted_dump(server)  # the feed carries merges too
    finally:
        engine.stop()

    o_key, k_key = other.rsplit("/", 1)[1], keep.rsplit("/", 1)[1]
    for view, suffix in (("id", ""), ("page", ""), ("data", ".ttl")):
        r = server.get(f"/{view}/person/{o_key}{suffix}")
        assert r.status_code == 301, (view, r.status_code)
        assert r.headers["Location"].endswith(f"/{view}/person/{k_key}{suffix}")
    page = server.get(f"/page/person/{k_key}", headers={"Accept": "text/html"}).text
    assert other_name in page and f"{tag}-1" in page and f"{tag}-2" in page  # both articles
    ttl = server.get(f"/data/person/{k_key}.ttl").text
    assert "sameAs" in ttl and o_key in ttl
    dump = server.get("/dump.nq").text
    assert not [q for q in dump.splitlines() if q.startswith(f"<{other}>")]
    feed = server.get("/changes.json?limit=1000").json()["entries"]
    assert feed[-1]["action"] == "merged" and feed[-1]["target"] == keep
    assert f"{server.base}graph/article/{tag}-2" in feed[-1]["graphs"]

    deadline, iris = time.monotonic() + 30, set()
    while time.monotonic() < deadline:  # search follows within seconds: OTHER's name finds KEEP
        hits = server.get(f"/search?q=Pemberly+{tag}&type=person&format=json").json()["results"]
        iris = {h["iri"] for h in hits}
        if iris == {keep}:
            break
        time.sleep(0.3)
    assert iris == {keep}

    # the registry: OTHER's name now mints KEEP; a facts document may pin a mention by its key
    assert server.publish(_named_doc(f"{tag}-3", other_name)).status_code == 201
    pinned = _named_doc(f"{tag}-4", f"J. Pemberly {tag}")
    pinned["entities"][0]["key"] = k_key
    assert server.publish(pinned).status_code == 201
    for n in (3, 4):
        nt = server.get(f"/data/article/{tag}-{n}.nt").text
        assert f"<{keep}>" in nt and f"<{other}>" not in nt

    # unmerge: OTHER and its triples come back; what was published since stays with KEEP
    res = server.kg("unmerge", other)
    assert res.returncode == 0, res.stderr
    assert server.get(f"/page/person/{o_key}").status_code == 200
    nt = server.get(f"/data/article/{tag}-2.nt").text
    assert f"<{other}>" in nt and f"<{keep}>" not in nt
    assert "sameAs" not in server.get(f"/data/person/{k_key}.ttl").text
    assert server.publish(_doc(f"{tag}-5", f"Kit Lund {tag}")).status_code == 201
    res = server.kg("merge", keep, f"{server.base}id/place/pakistan")
    assert res.returncode == 1 and b"cannot merge a Place into a Person" in res.stderr
