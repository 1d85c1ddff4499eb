"""POST /articles picks the reader from the content: an HTML page or a ninjs document is published under
the key of its canonical URL, posting it again updates that article; unreadable sources are a 400."""

from __future__ import annotations

import pytest

from .test_publish import DATA, auth, drop

SOURCES = DATA / "sources"
PAGE = SOURCES / "pages/jsonld/2023-02-06-turkey-earthquake.html"
NINJS = SOURCES / "ninjs/2022-07-07-johnson-resigns.json"


def post(server, data: bytes, ctype: str):
    return server.post(
        "/articles",
        data=data,
        headers={"Content-Type": ctype, **auth(server)},
        params={"name": "upload"},
        timeout=180,
    )


def ask(server, sparql: str) -> bool:
    r = server.get(
        "/sparql", params={"query": sparql}, headers={"Accept": "application/sparql-results+json"}
    )
    return r.json()["boolean"]


def test_an_html_page_and_a_ninjs_document_are_published_by_their_url(live_server):
    if live_server.kind != "embedded":
        pytest.skip(
            "reading happens before the store is involved; test_publish covers the write on both "
            "engines, and each extraction in a fresh worker costs seconds of the test budget"
        )
    first = post(live_server, PAGE.read_bytes(), "text/html")
    assert first.status_code == 201, first.text
    iri = first.json()["article"]
    url = "https://news.example.org/2023/02/06/turkey-earthquake"
    assert ask(live_server, f"ASK {{ <{iri}> <http://schema.org/url> <{url}> }}")
    again = post(
        live_server,
        PAGE.read_bytes().replace(b'"headline": "', b'"headline": "Updated: ', 1),
        "text/html",
    )
    assert again.status_code == 201 and again.json()["article"] == iri
    assert ask(
        live_server,
        f'ASK {{ <{iri}> <http://schema.org/headline> ?h FILTER STRSTARTS(?h, "Updated: ") }}',
    )
    drop(live_server, iri)
    story = post(live_server, NINJS.read_bytes(), "application/json")
    assert story.status_code == 201, story.text
    assert story.json()["article"].split("/id/article/")[1].startswith("johnson-resigns-")
    drop(live_server, story.json()["article"])


def test_sources_that_cannot_be_read_are_a_400_naming_them(live_server):
    cases = [
        (SOURCES / "bad/login.html", "text/html", "upload: not a news article: a login page"),
        (SOURCES / "bad/no-body.json", "application/json", "upload: ninjs document without a body"),
        (SOURCES / "feeds/latest.rss", "application/rss+xml", "upload: a feed of 3 items"),
        (SOURCES / "bad/malformed.rss", "application/rss+xml", "upload: malformed feed"),
    ]
    for path, ctype, message in cases:
        r = post(live_server, path.read_bytes(), ctype)
        assert r.status_code == 400 and message in r.text, (path, r.text)
