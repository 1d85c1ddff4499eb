"""VoID at /.well-known/void (counts, classes, dumps with sizes), sitemap.xml and robots.txt."""

from __future__ import annotations

import gzip
import re
import time
import xml.etree.ElementTree as ET

from rdflib import Graph, Namespace

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SCHEMA = "http://schema.org/"


def _void(server) -> Graph:
    r = server.get("/.well-known/void")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    return Graph().parse(data=r.content, format="turtle")


def test_void_counts_match_the_data(live_server):
    g = _void(live_server)
    ds = next(g.subjects(None, VOID.Dataset))
    nq_lines = [line for line in live_server.get("/dump.nq").text.splitlines() if line.strip()]
    assert int(g.value(ds, VOID.triples)) == len(nq_lines)
    parts = {
        str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities))
        for p in g.objects(ds, VOID.classPartition)
    }
    nt = live_server.get("/dump.nt").text
    persons = set(
        re.findall(
            r"^(<[^>]+>) <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> \.$",
            nt,
            re.M,
        )
    )
    assert parts[SCHEMA + "Person"] == len(persons) and parts[SCHEMA + "NewsArticle"] >= 1
    assert int(g.value(ds, VOID.documents)) == parts[SCHEMA + "NewsArticle"]
    assert g.value(ds, VOID.sparqlEndpoint) is not None


def test_void_lists_dumps_with_their_sizes(live_server):
    deadline = time.monotonic() + 60
    while True:
        g = _void(live_server)
        dumps = {str(d).rsplit("/", 1)[-1]: d for d in g.objects(None, VOID.dataDump)}
        sizes = {name: g.value(d, DCAT.byteSize) for name, d in dumps.items()}
        if all(sizes.values()) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert set(dumps) == {
        "dump.ttl",
        "dump.nt",
        "dump.nq",
        "dump.ttl.gz",
        "dump.nt.gz",
        "dump.nq.gz",
    }
    assert all(sizes.values()), sizes
    # sizes describe the current data: the same as a download now, unless an ingest ran in between
    nt = live_server.get("/dump.nt").content
    assert int(sizes["dump.nt"]) == len(nt) or int(
        g.value(next(g.subjects(None, VOID.Dataset)), VOID.triples)
    ) != nt.count(b"\n")
    assert len(gzip.decompress(live_server.get("/dump.nt.gz").content)) == len(nt)


def test_void_as_html_for_people(live_server):
    r = live_server.get("/.well-known/void", headers={"Accept": "text/html"})
    assert (
        r.status_code == 200 and "<h1>The dataset</h1>" in r.text and 'href="/dump.nq.gz"' in r.text
    )


def test_sitemap_lists_entity_and_article_pages(live_server, ld):
    r = live_server.get("/sitemap.xml")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.fromstring(r.content).findall("s:url/s:loc", ns)]
    base = live_server.env["KG_BASE_IRI"]
    assert base + "page/person/imran-khan" in locs and base + "page/place/pakistan" in locs
    assert any(loc.startswith(base + "page/article/") for loc in locs)
    for loc in [u for u in locs if "zürich" in u.lower() or "z%C3%BC" in u][:1] + locs[:3]:
        assert live_server.get(loc[len(base) - 1 :]).status_code == 200, loc
    robots = live_server.get("/robots.txt").text
    assert f"Sitemap: {base}sitemap.xml" in robots
