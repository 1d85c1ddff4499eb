"""Dereferencing (/id -> 303), entity and article pages, data documents, 404s, odd keys, proxies."""

from __future__ import annotations

import json
import os
import re
import subprocess
from urllib.parse import quote

import pytest
import requests
from rdflib import Graph, Literal, URIRef

from tests.conftest import KG, free_port, wait_http

KHAN = "person/imran-khan"
SCHEMA = "http://schema.org/"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPES = {
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}


def _jsonld_blocks(html: str) -> list[dict]:
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.mark.parametrize(
    "accept,target",
    [
        ("text/html", "/page/person/imran-khan"),
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "/page/person/imran-khan",
        ),
        ("*/*", "/page/person/imran-khan"),
        ("text/turtle", "/data/person/imran-khan.ttl"),
        ("application/ld+json", "/data/person/imran-khan.jsonld"),
        ("application/n-triples", "/data/person/imran-khan.nt"),
        ("application/rdf+xml", "/data/person/imran-khan.rdf"),
        ("application/rdf+xml;q=0.5, text/turtle;q=0.9", "/data/person/imran-khan.ttl"),
    ],
)
def test_id_answers_303_by_accept(live_server, accept, target):
    r = live_server.get("/id/" + KHAN, headers={"Accept": accept})
    assert r.status_code == 303
    assert r.headers["Location"] == live_server.env["KG_BASE_IRI"].rstrip("/") + target
    assert "Accept" in r.headers["Vary"]


def test_id_unacceptable_type_is_406(live_server):
    assert live_server.get("/id/" + KHAN, headers={"Accept": "image/png"}).status_code == 406


def test_data_extension_wins_over_accept(live_server):
    for ext, (media, fmt) in RDF_TYPES.items():
        r = live_server.get(f"/data/{KHAN}.{ext}", headers={"Accept": "text/html"})
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(media)
        g = Graph().parse(data=r.content, format=fmt)
        assert (
            URIRef(live_server.env["KG_BASE_IRI"] + "id/" + KHAN),
            URIRef(SCHEMA + "name"),
            Literal("Imran Khan"),
        ) in g


def test_data_without_extension_negotiates(live_server):
    r = live_server.get(f"/data/{KHAN}", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/n-triples")
    assert (
        r.headers["Content-Location"].endswith(f"/data/{KHAN}.nt") and "Accept" in r.headers["Vary"]
    )


def test_data_document_holds_what_the_page_shows(live_server):
    """Labels of linked things, facts and their complete evidence annotations are in the RDF too."""
    base = live_server.env["KG_BASE_IRI"]
    g = Graph().parse(data=live_server.get(f"/data/{KHAN}.ttl").content, format="turtle")
    page = live_server.get(f"/page/{KHAN}").text
    pakistan = URIRef(base + "id/place/pakistan")
    assert (
        pakistan,
        URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
        Literal("Pakistan"),
    ) in g
    exacts = {str(o) for o in g.objects(None, URIRef(OA + "exact"))}
    assert "said he would refuse to accept its outcome" in exacts
    for exact in exacts:  # every quote in the data is on the page, escaped as HTML
        assert (
            exact.replace("&", "&amp;")
            .replace('"', "&#34;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            in page
            or "#mention-" in page
        )
    for sel in g.subjects(URIRef(OA + "exact"), None):  # the selectors are complete
        assert (
            g.value(sel, URIRef(OA + "start")) is not None
            and g.value(sel, URIRef(OA + "end")) is not None
        )


def test_entity_page_shows_names_types_alternates_sameas_and_labels(live_server):
    r = live_server.get("/page/place/pakistan")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    html = r.text
    assert "<h1>Pakistan</h1>" in html and ">Country<" in html and ">Place<" in html
    assert 'href="http://www.wikidata.org/entity/Q843"' in html
    khan = live_server.get(f"/page/{KHAN}").text
    assert 'class="altname">Khan<' in khan
    # linked things show their names, not bare IRIs
    assert re.search(r'<a href="/page/place/pakistan"[^>]*>Pakistan</a>', khan)
    assert not re.search(r">https?://[^<]*/id/place/pakistan<", khan)


def test_entity_page_facts_carry_evidence_quotes(live_server):
    html = live_server.get(f"/page/{KHAN}").text
    facts = html[html.index('id="facts"') :]
    assert (
        '“<a href="/page/article/' in facts
        and '#ev-124-166">said he would refuse to accept its outcome</a>”' in facts
    )
    assert (
        "2022-04-03" in facts and "Prime Minister Imran Khan of Pakistan, facing" in facts
    )  # headline and date
    for kind in ("fact-role", "fact-claim", "fact-event"):
        assert kind in facts


def test_incoming_links_grouped_by_article_and_property(live_server):
    html = live_server.get("/page/place/pakistan").text
    incoming = html[html.index('id="incoming"') :]
    assert re.search(r"<h3><a href=\"/page/article/[^\"]+\">Prime Minister Imran Khan", incoming)
    assert ">mentions</a>:" in incoming and ">about</a>:" in incoming
    assert re.search(r"mentions: \d+", incoming)


def test_article_page_links_mentions_and_marks_evidence(live_server, ld):
    html = live_server.get("/page/" + ld.hostile_article).text
    body = html[html.index('class="body"') : html.index("</section>", html.index('class="body"'))]
    assert re.search(rf'<a class="mention" id="mention-\d+-\d+" href="/page/{ld.person}"', body)
    odd = quote(ld.odd_place_key, safe="/:@!$&'()*+,;=-._~%").replace("&", "&amp;")
    assert f'href="/page/place/{odd}"' in body
    marks = set(re.findall(r'<mark class="ev" id="(ev-\d+-\d+)">', body))
    links = set(re.findall(r'href="/page/[^"#]+#(ev-\d+-\d+)"', html[html.index('id="facts"') :]))
    assert links and links <= marks  # every fact links to its span in the text


def test_article_page_embeds_jsonld_and_alternates(live_server, ld):
    r = live_server.get("/page/" + ld.hostile_article)
    html = r.text
    for ext, (media, _) in RDF_TYPES.items():
        assert (
            f'<link rel="alternate" type="{media}" href="/data/{ld.hostile_article}.{ext}">' in html
        )
    (doc,) = _jsonld_blocks(html)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "NewsArticle"
    assert doc["headline"] == 'Mayor says "<script>" is </script> fine (' + ld.tag + ")"
    assert doc["url"].endswith("/page/" + ld.hostile_article)
    assert any(m.get("name") == f"Grete Hølmø {ld.tag}" for m in doc["mentions"])
    assert 'rel="describedby" href="/.well-known/void"' in html  # VoID linked from every page


def test_hostile_text_is_escaped_everywhere(live_server, ld):
    from tests.web.ld_docs import HOSTILE

    html = live_server.get("/page/" + ld.hostile_article).text
    assert (
        "<script>alert(1)" not in html
        and "<b>The Mayor</b>" not in live_server.get("/page/" + ld.person).text
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # only our own script blocks exist, and the JSON-LD block is intact and round-trips the text
    assert len(re.findall(r"<script\b", html)) == 2
    (doc,) = _jsonld_blocks(html)
    assert HOSTILE in doc["articleBody"]


def test_unknown_iri_is_a_helpful_404(live_server):
    r = live_server.get("/id/person/imran-khann", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")
    assert 'name="q"' in r.text and "imran khann" in r.text  # a search box, pre-filled
    assert (
        "Did you mean" in r.text and ">Imran Khan</a>" in r.text
    )  # suggestions from the words of the key
    assert live_server.get("/page/person/nobody-at-all").status_code == 404
    plain = live_server.get("/id/person/nobody-at-all", headers={"Accept": "*/*"})
    assert plain.status_code == 404 and "nothing in the graph" in plain.text
    assert live_server.get("/id/spaceship/x").status_code == 404
    assert (
        live_server.get("/page/person/a%3Eb%7Bc").status_code == 404
    )  # never reaches SPARQL unescaped


def test_non_ascii_and_reserved_characters_round_trip(live_server, ld):
    key = ld.odd_place_key
    iri = ld.base + "id/place/" + key
    for sent in (
        quote(key, safe="/:@!$&'()*+,;=-._~"),
        quote(key, safe=""),
    ):  # as browsers send it, and over-encoded
        r = live_server.get("/id/place/" + sent, headers={"Accept": "text/html"})
        assert r.status_code == 303, sent
        page = requests.get(r.headers["Location"], timeout=30)
        assert page.status_code == 200 and f"<h1>Zürich {ld.tag}</h1>" in page.text
    g = Graph().parse(
        data=live_server.get(
            "/data/place/" + quote(key, safe="/:@!$&'()*+,;=-._~") + ".nt"
        ).content,
        format="nt",
    )
    assert (URIRef(iri), URIRef(SCHEMA + "name"), Literal(f"Zürich {ld.tag}")) in g


def test_heavy_entity_is_paged(live_server, ld):
    first = live_server.get("/page/" + ld.heavy)
    assert first.status_code == 200
    assert first.text.count('class="fact ') == 50
    assert (
        f'<link rel="next" href="/page/{ld.heavy}?page=2">' in first.text
        and 'rel="next"' in first.headers["Link"]
    )
    assert "mentions: 60" in first.text  # counts cover everything, lists show one page
    second = live_server.get(f"/page/{ld.heavy}?page=2")
    assert second.status_code == 200 and second.text.count('class="fact ') == 10
    assert f'rel="prev" href="/page/{ld.heavy}"' in second.text
    data2 = live_server.get(f"/data/{ld.heavy}.nt?page=2")
    assert data2.status_code == 200 and 'rel="prev"' in data2.headers["Link"]
    g1 = Graph().parse(data=live_server.get(f"/data/{ld.heavy}.nt").content, format="nt")
    g2 = Graph().parse(data=data2.content, format="nt")
    # the facts (with their evidence) are split between the pages, none twice, none lost
    facts1 = {f for f in g1.objects(None, URIRef(OA + "hasBody")) if "/id/claim/" in f}
    facts2 = {f for f in g2.objects(None, URIRef(OA + "hasBody")) if "/id/claim/" in f}
    assert len(facts1) == 50 and len(facts2) == 10 and not (facts1 & facts2)
    assert live_server.get(f"/page/{ld.heavy}?page=99").status_code == 404
    assert live_server.get(f"/page/{ld.heavy}?page=zero").status_code == 400


def test_fact_pages_show_their_evidence(live_server, ld):
    html = live_server.get("/page/" + ld.person).text
    claim = re.search(r'href="(/page/claim/[^"]+)"><strong>we will rebuild', html).group(1)
    page = live_server.get(claim).text
    assert "Hølmø said &#34;we will rebuild&#34;" in page and "This fact" in page


def test_forwarded_headers_are_believed_only_when_configured(live_server):
    spoof = {
        "Accept": "text/html",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "kg.example.org",
    }
    r = live_server.get("/id/" + KHAN, headers=spoof)
    assert r.headers["Location"].startswith(
        live_server.env["KG_BASE_IRI"]
    )  # not configured: KG_BASE_IRI wins
    port = free_port()
    env = {**os.environ, **live_server.env, "KG_TRUSTED_PROXIES": "1"}
    proc = subprocess.Popen(
        [KG, "--store", live_server.store, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/", proc=proc, timeout=60)
        r = requests.get(
            f"http://127.0.0.1:{port}/id/{KHAN}", headers=spoof, allow_redirects=False, timeout=30
        )
        assert (
            r.status_code == 303 and r.headers["Location"] == "https://kg.example.org/page/" + KHAN
        )
        page = requests.get(f"http://127.0.0.1:{port}/page/{KHAN}", headers=spoof, timeout=30).text
        assert '"url": "https://kg.example.org/page/person/imran-khan"' in page
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_blank_nodes_are_part_of_the_description(live_server):
    """A concise bounded description: blank-node values come with their own triples."""
    base = live_server.env["KG_BASE_IRI"]
    iri = f"{base}id/organization/ld-bnode-{os.getpid()}"
    update = (
        f"INSERT DATA {{ GRAPH <{base}graph/ld-test-bnodes> {{ <{iri}> a <{SCHEMA}Organization> ; "
        f'<{SCHEMA}name> "Blank Node Holdings" ; <http://www.w3.org/2000/01/rdf-schema#label> "Blank Node Holdings" ; '
        f'<{SCHEMA}address> [ <{SCHEMA}addressLocality> "Nodeville" ] }} }}'
    )
    r = live_server.post(
        "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {live_server.token}"}
    )
    assert r.status_code in (200, 204), r.text
    key = iri.rsplit("/", 1)[1]
    g = Graph().parse(
        data=live_server.get(f"/data/organization/{key}.ttl").content, format="turtle"
    )
    addr = g.value(URIRef(iri), URIRef(SCHEMA + "address"))
    assert (
        addr is not None and str(g.value(addr, URIRef(SCHEMA + "addressLocality"))) == "Nodeville"
    )
    assert "Blank Node Holdings" in live_server.get(f"/page/organization/{key}").text
