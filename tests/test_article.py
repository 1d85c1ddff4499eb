"""The article reader: the input format of CONTRACT.md §5, and a clear one-line error for each bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.article import ArticleError, derive_headline, parse_article, read_article, split_authors

from .conftest import EXAMPLES

GOOD = b" date 2022-04-03 Written by Jane Doe and John Roe\n\nFirst paragraph. Second sentence.\n\nSecond paragraph.\n"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Jane Doe", ["Jane Doe"]),
        ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("A One, B Two and C Three", ["A One", "B Two", "C Three"]),
        ("A One, B Two, and C Three", ["A One", "B Two", "C Three"]),
    ],
)
def test_authors(raw, expected):
    assert split_authors(raw) == expected


def test_every_sample_parses_with_its_metadata():
    for path in sorted(EXAMPLES.glob("*.txt")):
        art = read_article(path)
        assert art.date.isoformat() == path.name[:10]
        assert art.authors and all(a.strip() == a for a in art.authors)
        assert art.body and not art.body.startswith("\n") and art.body == art.body.rstrip()
        assert 0 < len(art.headline) <= 110
        text = path.read_text(encoding="utf-8")
        assert art.body in text, "the body is kept exactly as it is in the file"


def test_body_is_exact_and_publisher_line_is_metadata():
    data = GOOD + b"\nThis article originally appeared in The Daily Example.\n"
    art = parse_article(data, "x.txt")
    assert art.publisher == "The Daily Example"
    assert art.body == "First paragraph. Second sentence.\n\nSecond paragraph."
    assert art.authors == ["Jane Doe", "John Roe"]
    assert [art.body[s:e] for s, e in art.paragraphs] == [
        "First paragraph. Second sentence.",
        "Second paragraph.",
    ]


def test_headline_is_first_sentence_of_lead_within_110_chars():
    assert derive_headline("Short lead here. More text.") == "Short lead here."
    long = "word " * 60
    h = derive_headline(long)
    assert len(h) <= 110 and h.endswith("…")


@pytest.mark.parametrize(
    "data,line,needle",
    [
        (b"", 1, "empty file"),
        (b"Headline without header\n\nBody.\n", 1, "garbled header"),
        (b" date 2022-02-30 Written by A B\n\nBody.\n", 1, "impossible date"),
        (b" date 22-02-03 Written by A B\n\nBody.\n", 1, "not in the form YYYY-MM-DD"),
        (b" date 2022-02-03 Written by A B\n\n\n   \n", 2, "empty body"),
        (b" date 2022-02-03 Written by A B\nBody right under.\n", 2, "blank line"),
        (b" date 2022-02-03 Written by A B\n\nCaf\xe9 au lait.\n", 3, "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary file"),
    ],
)
def test_bad_files_get_one_clear_line_naming_file_and_line(data, line, needle):
    with pytest.raises(ArticleError) as info:
        parse_article(data, "news/bad.txt")
    err = info.value
    message = str(err)
    assert needle in message
    assert "\n" not in message
    assert message.startswith("news/bad.txt" + (f":{line}:" if line else ":"))


def test_unreadable_path(tmp_path: Path):
    with pytest.raises(ArticleError, match="cannot read file"):
        read_article(tmp_path / "missing.txt")


def test_crlf_and_bom_are_accepted():
    art = parse_article(b"\xef\xbb\xbf" + GOOD.replace(b"\n", b"\r\n"), "win.txt")
    assert art.body == "First paragraph. Second sentence.\n\nSecond paragraph."
