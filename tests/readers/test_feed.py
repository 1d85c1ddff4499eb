"""RSS and Atom: every item an article with the text form's body; a bad feed or item named in one line."""

from __future__ import annotations

import pytest

from kg.article import Article, read_article
from kg.readers import Fetcher, ReaderError, read_source
from kg.readers.feed import read_feed

from ..conftest import DATA, EXAMPLES

SOURCES = DATA / "sources"
TEXTS = [read_article(p) for p in sorted(EXAMPLES.glob("*.txt"))]


@pytest.mark.parametrize("name", ["latest.rss", "latest.atom"])
def test_each_item_is_the_text_forms_article_with_the_feeds_metadata(name: str):
    items = list(read_feed((SOURCES / "feeds" / name).read_bytes(), name))
    assert [n for n, _ in items] == [
        f"{name} item {i} ({a.url})" for i, (_, a) in enumerate(items, 1)
    ]
    for (_, art), text in zip(items, TEXTS, strict=True):
        assert isinstance(art, Article)
        assert (art.body, art.date, art.authors) == (text.body, text.date, text.authors)
        assert art.url.startswith("https://news.example.org/") and art.publisher
        assert art.section in ("World", "Politics") and art.keywords == [art.section]
    if name == "latest.atom":
        assert items[0][1].date_modified == "2022-04-03T19:00:00+00:00"


def test_malformed_and_empty_feeds_are_one_error_each():
    with pytest.raises(ReaderError, match=r"^bad/malformed.rss: malformed feed, line 17"):
        list(read_feed((SOURCES / "bad/malformed.rss").read_bytes(), "bad/malformed.rss"))
    with pytest.raises(ReaderError, match=r"^bad/empty.rss: empty feed: it has no items$"):
        list(read_feed((SOURCES / "bad/empty.rss").read_bytes(), "bad/empty.rss"))
    got = list(read_source(SOURCES / "bad/empty.rss"))
    assert len(got) == 1 and isinstance(got[0][1], ReaderError)


def test_a_summary_only_item_from_a_file_is_an_error_and_the_others_are_read():
    data = (SOURCES / "feeds/latest.rss").read_bytes()
    start = data.index(b"<content:encoded>", data.index(b"<item>", data.index(b"<item>") + 1))
    end = data.index(b"</content:encoded>", start) + len(b"</content:encoded>")
    items = list(read_feed(data[:start] + data[end:], "mixed.rss"))
    assert [type(x).__name__ for _, x in items] == ["Article", "ReaderError", "Article"]
    assert "only a summary; its page is fetched only when the feed is ingested by URL" in str(
        items[1][1]
    )


def test_a_feed_by_url_follows_its_items_links_to_the_pages(site: str):
    got = list(read_source(site + "links.atom", Fetcher(timeout=5)))
    assert [n for n, _ in got] == [
        f"{site}links.atom item {i} ({site}pages/jsonld/{p.stem}.html)"
        for i, p in enumerate(sorted(EXAMPLES.glob("*.txt")), 1)
    ]
    for (_, art), text in zip(got, TEXTS, strict=True):
        assert art.source_format == "html" and art.body == text.body
        assert art.url.startswith("https://news.example.org/")  # the page's canonical URL
