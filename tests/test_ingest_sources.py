"""`kg ingest` of pages, feeds and ninjs documents, by file and by URL, into a real store: one run
publishes what can be read and names, in one line each, what cannot; a canonical URL is one article."""

from __future__ import annotations

import json
from pathlib import Path

from kg.config import Settings
from kg.iris import source_key
from kg.pipeline import run
from kg.store import open_store

from .conftest import DATA, run_kg
from .sources_server import serve_sources

SOURCES = DATA / "sources"
BAD_FILES = {
    "section-front.html": "not a news article: the page says og:type 'website'",
    "login.html": "not a news article: a login page",
    "broken.html": "broken HTML: the page is cut off",
    "empty.rss": "empty feed: it has no items",
    "malformed.rss": "malformed feed, line 17",
    "no-body.json": "ninjs document without a body",
}
BODIES = """PREFIX schema: <http://schema.org/> PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?a ?body ?s ?e ?exact WHERE { ?a schema:articleBody ?body . ?t oa:hasSource ?a ;
  oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e ; oa:exact ?exact }"""
ARTICLES = """PREFIX schema: <http://schema.org/>
SELECT ?a ?url ?h ?mod ?pub WHERE { ?a a schema:NewsArticle ; schema:headline ?h .
  OPTIONAL { ?a schema:url ?url } OPTIONAL { ?a schema:dateModified ?mod }
  OPTIONAL { ?a schema:publisher/schema:name ?pub } }"""


BASE = "http://127.0.0.1:8080/"


def select(store, sparql: str) -> list[dict]:
    return [{k: v["value"] for k, v in row.items()} for row in store.select(sparql)]


def test_files_and_urls_in_one_run_good_ones_published_bad_ones_named(store_dir: Path):
    with serve_sources() as site:
        urls = [
            site + "pages/bare/2022-07-07-johnson-resigns.html",
            site + "links.atom",
            site + "slow.html",
            site + "big.html",
        ]
        files = [str(SOURCES / d) for d in ("pages", "feeds", "ninjs")]
        files += [str(SOURCES / "bad" / n) for n in BAD_FILES]
        res = run_kg(
            "ingest",
            *files,
            *urls,
            "--json",
            "--fetch-timeout",
            "3",  # the pages come in time even on a loaded machine; /slow.html holds back for 8 s
            "--max-bytes",
            "200000",
            store=store_dir,
        )
    assert res.returncode == 1  # some failed
    outcomes = json.loads(res.stdout)
    failed = {o["file"]: o["error"] for o in outcomes if not o["ok"]}
    assert len(outcomes) == 9 + 6 + 3 + len(BAD_FILES) + 1 + 3 + 2
    for name, message in BAD_FILES.items():
        path = str(SOURCES / "bad" / name)
        assert failed[path].startswith(f"{path}: {message}") and "\n" not in failed[path]
    assert failed[urls[2]].startswith(f"{urls[2]}: timed out")
    assert failed[urls[3]].startswith(f"{urls[3]}: over the size cap")
    assert len(failed) == len(BAD_FILES) + 2

    with open_store(Settings.from_env(store=str(store_dir), base_iri=BASE)) as store:
        rows = select(store, ARTICLES)
        spans = select(store, BODIES)
    by_url: dict[str, list[dict]] = {}
    for r in rows:
        by_url.setdefault(r.get("url"), []).append(r)
    canonical = [u for u in by_url if u and u.startswith("https://news.example.org/")]
    # pages, feed items and ninjs of one story share its canonical URL: one article each, updated
    assert len(canonical) == 3 and all(len(by_url[u]) == 1 for u in canonical)
    assert by_url[urls[0]][0]["h"].startswith("Boris Johnson resigns")  # a bare page's URL is where
    assert all(r["pub"] == "The Example Chronicle" for u in canonical for r in by_url[u])
    assert len(by_url[None]) == 3  # the bare pages read from files: no URL, the old key
    # evidence offsets index exactly into the stored body, whatever the source format
    assert len({r["a"] for r in spans}) == len(rows) == 7
    assert all(r["body"][int(r["s"]) : int(r["e"])] == r["exact"] for r in spans)


def test_the_same_url_again_updates_that_article(store_dir: Path, tmp_path: Path):
    page = SOURCES / "pages/jsonld/2022-07-07-johnson-resigns.html"
    changed = tmp_path / "johnson-updated.html"
    changed.write_bytes(
        page.read_bytes()
        .replace(b'"headline": "Boris', b'"headline": "Updated: Boris', 1)
        .replace(b'"dateModified": "2022-07-07T18:05', b'"dateModified": "2022-07-08T06:00', 1)
    )
    with open_store(Settings.from_env(store=str(store_dir), base_iri=BASE)) as store:
        (first,) = run([page], BASE, store=store, workers=1)
        (before,) = select(store, ARTICLES)
        (second,) = run([changed], BASE, store=store, workers=1)
        (after,) = select(store, ARTICLES)
    assert first.ok and second.ok and not second.unchanged
    assert first.article == second.article == before["a"] == after["a"]
    assert after["url"] == before["url"] == "https://news.example.org/2022/07/07/johnson-resigns"
    assert before["h"].startswith("Boris") and after["h"].startswith("Updated: Boris")
    assert after["mod"].startswith("2022-07-08T06:00")


def test_source_metadata_replaces_what_kg_guessed_and_the_google_warnings_fall():
    text = DATA.parent.parent / "examples/articles/2022-07-07-johnson-resigns.txt"
    page = SOURCES / "pages/jsonld/2022-07-07-johnson-resigns.html"
    guessed, stated = run([text, page], BASE, workers=1)
    assert guessed.ok and stated.ok
    assert any("No publisher is named" in w for w in guessed.warnings)
    assert not any("publisher" in w for w in stated.warnings)
    key = source_key("https://news.example.org/2022/07/07/johnson-resigns")
    assert key.startswith("johnson-resigns-") and stated.article == f"{BASE}id/article/{key}"


def test_extract_names_a_feeds_items_by_their_keys(tmp_path: Path):
    from kg.cli import main
    from kg.facts import load_facts

    out = tmp_path / "drafts"
    assert main(["extract", str(SOURCES / "feeds/latest.rss"), "-o", str(out)]) == 0
    files = sorted(out.iterdir())
    assert [f.name for f in files] == sorted(
        source_key(f"https://news.example.org/{d}") + ".facts.json"
        for d in (
            "2022/04/03/khan-no-confidence",
            "2022/07/07/johnson-resigns",
            "2023/02/06/turkey-earthquake",
        )
    )
    doc = load_facts(files[0])  # the source metadata survives the round trip through the file
    assert doc.article.url and doc.article.section and doc.article.key == files[0].name[:-11]
