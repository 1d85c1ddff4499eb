"""The reader is picked from the content, the file name only breaking a tie."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.article import Article
from kg.facts import FactsDocument
from kg.readers import read_source, sniff

from ..conftest import DATA, EXAMPLES

SOURCES = DATA / "sources"
JOHNSON = "2022-07-07-johnson-resigns"


@pytest.mark.parametrize(
    "path, kind",
    [
        (EXAMPLES / f"{JOHNSON}.txt", "text"),
        (SOURCES / "pages/wordpress" / f"{JOHNSON}.html", "html"),
        (SOURCES / "pages/jsonld" / f"{JOHNSON}.html", "html"),
        (SOURCES / "pages/bare" / f"{JOHNSON}.html", "html"),
        (SOURCES / "feeds/latest.rss", "feed"),
        (SOURCES / "feeds/latest.atom", "feed"),
        (SOURCES / "ninjs" / f"{JOHNSON}.json", "json"),
        (DATA / "khan.facts.json", "json"),
    ],
)
def test_sniff_names_each_format_from_its_bytes(path: Path, kind: str):
    assert sniff(path.read_bytes()) == kind  # no file name given


def test_a_misnamed_file_is_read_for_what_it_is(tmp_path: Path):
    page = tmp_path / "page.txt"
    shutil.copy(SOURCES / "pages/jsonld" / f"{JOHNSON}.html", page)
    feed = tmp_path / "feed.json"
    shutil.copy(SOURCES / "feeds/latest.atom", feed)
    ninjs = tmp_path / "story.txt"
    shutil.copy(SOURCES / "ninjs" / f"{JOHNSON}.json", ninjs)
    text = tmp_path / "article.html"
    shutil.copy(EXAMPLES / f"{JOHNSON}.txt", text)
    facts = tmp_path / "facts.txt"
    shutil.copy(DATA / "khan.facts.json", facts)
    got = {p.name: [x for _, x in read_source(p)] for p in (page, feed, ninjs, text, facts)}
    assert [a.source_format for a in got["page.txt"]] == ["html"]
    assert [a.source_format for a in got["feed.json"]] == ["feed"] * 3
    assert [a.source_format for a in got["story.txt"]] == ["ninjs"]
    assert [a.source_format for a in got["article.html"]] == ["text"]
    assert isinstance(got["facts.txt"][0], FactsDocument)
    assert all(isinstance(a, Article) for a in got["page.txt"] + got["story.txt"])


def test_unknown_markup_is_no_format():
    assert sniff(b"<x/>") is None
    assert sniff(b"<?xml version='1.0'?><svg/>") is None


def test_a_fetched_answer_the_bytes_do_not_name_is_read_by_its_content_type(site: str):
    from kg.readers import Fetcher

    data = Fetcher(timeout=5).get(site + "fragment").data
    assert not data.lstrip().lower().startswith((b"<html", b"<!doctype")) and sniff(data) is None
    ((name, art),) = read_source(site + "fragment", Fetcher(timeout=5))
    assert isinstance(art, Article) and art.source_format == "html", art
    assert art.body == read_source(EXAMPLES / f"{JOHNSON}.txt").__next__()[1].body


def test_xml_that_is_no_feed_is_named_by_its_root_element(tmp_path: Path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://news.example.org/</loc></url></urlset>\n"
    )
    ((name, err),) = read_source(sitemap)
    assert str(err) == (
        f"{sitemap}: XML whose root element is <urlset>: neither an RSS/Atom feed nor an HTML page"
    )
