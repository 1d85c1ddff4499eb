"""HTML pages: the main text exactly as the text form has it, the page's own metadata, JSON-LD first."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.article import read_article
from kg.readers import ReaderError
from kg.readers.html import read_html

from ..conftest import DATA, EXAMPLES

PAGES = DATA / "sources" / "pages"
BAD = DATA / "sources" / "bad"
STEMS = sorted(p.stem for p in EXAMPLES.glob("*.txt"))


@pytest.mark.parametrize("style", ["wordpress", "jsonld", "bare"])
@pytest.mark.parametrize("stem", STEMS)
def test_each_page_style_gives_the_text_forms_body_date_and_authors(style: str, stem: str):
    text = read_article(EXAMPLES / f"{stem}.txt")
    page = read_html((PAGES / style / f"{stem}.html").read_bytes(), f"{stem}.html")
    assert page.body == text.body
    assert page.date == text.date and page.authors == text.authors
    assert page.paragraphs == text.paragraphs
    assert page.headline != text.headline  # the page's headline, not the guessed first sentence


def test_json_ld_newsarticle_gives_the_metadata():
    page = read_html((PAGES / "jsonld" / f"{STEMS[1]}.html").read_bytes(), "p.html")
    assert page.headline == "Boris Johnson resigns as Conservative leader after government revolt"
    assert page.url == page.identifier == "https://news.example.org/2022/07/07/johnson-resigns"
    assert page.published == "2022-07-07T07:30:00+00:00"
    assert page.date_modified == "2022-07-07T18:05:00+00:00"
    assert page.publisher == "The Example Chronicle" and page.language == "en-GB"
    assert page.section == "Politics" and page.keywords == ["politics"]
    assert page.image == "https://news.example.org/images/2022-07-07-johnson-resigns.jpg"
    assert page.description.startswith("Boris Johnson said on Thursday")


def test_json_ld_wins_over_the_pages_other_metadata():
    data = (PAGES / "jsonld" / f"{STEMS[1]}.html").read_bytes()
    data = data.replace(b"<title>", b"<title>Old title | ", 1).replace(
        b'"headline": "Boris', b'"headline": "Updated: Boris', 1
    )
    data = data.replace(b'<link rel="canonical" href="', b'<link rel="canonical" href="/x', 1)
    page = read_html(data, "p.html")
    assert page.headline.startswith("Updated: Boris")
    assert page.url == "https://news.example.org/2022/07/07/johnson-resigns"


def test_wordpress_meta_tags_and_a_relative_canonical_url():
    data = (PAGES / "wordpress" / f"{STEMS[0]}.html").read_bytes()
    page = read_html(data, "wp.html")
    assert page.url == "https://news.example.org/2022/04/03/khan-no-confidence"
    assert page.section == "World" and page.publisher == "The Example Chronicle"
    assert page.published == "2022-04-03T08:00:00+00:00" and page.language == "en-US"
    bare = read_html((PAGES / "bare" / f"{STEMS[0]}.html").read_bytes(), "bare.html")
    assert bare.url is None and bare.identifier is None  # a file with no URL keeps the old key
    fetched = read_html(
        (PAGES / "bare" / f"{STEMS[0]}.html").read_bytes(), "u", "http://h.example/a/b.html"
    )
    assert fetched.url == "http://h.example/a/b.html"


@pytest.mark.parametrize(
    "name, message",
    [
        ("section-front.html", "not a news article: the page says og:type 'website'"),
        ("login.html", "not a news article: a login page"),
        ("broken.html", "broken HTML: the page is cut off"),
    ],
)
def test_pages_that_are_no_article_are_refused_in_one_line_naming_the_source(
    name: str, message: str
):
    with pytest.raises(ReaderError) as err:
        read_html((BAD / name).read_bytes(), f"bad/{name}")
    assert str(err.value).startswith(f"bad/{name}: {message}") and "\n" not in str(err.value)


def test_an_index_page_is_refused_by_its_link_density(tmp_path: Path):
    data = (BAD / "section-front.html").read_bytes().replace(b'"website"', b'"article"')
    with pytest.raises(ReaderError, match="% of its text is links"):
        read_html(data, "front.html")


def test_binary_and_undated_pages_are_refused():
    with pytest.raises(ReaderError, match="binary data"):
        read_html(b"\x89PNG\r\n\x1a\n\x00\x00", "img.html")
    data = (PAGES / "bare" / f"{STEMS[0]}.html").read_bytes()
    data = data.replace(b'<meta name="date"', b'<meta name="x"')
    with pytest.raises(ReaderError, match="no publication date"):
        read_html(data, "undated.html")


def test_a_page_in_its_declared_encoding():
    page = (PAGES / "bare" / f"{STEMS[1]}.html").read_text(encoding="utf-8")
    page = page.replace("Boris Johnson said", "Café Börse said", 1)
    page = page.replace("<head>", '<head><meta charset="iso-8859-1">', 1)
    art = read_html(page.encode("latin-1"), "latin1.html")
    assert art.body.startswith("Café Börse said on Thursday")
