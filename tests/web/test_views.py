"""views.render_body directly: the article body with evidence marks and mention links, whatever the spans do
(nest, cross, repeat, touch): well-formed HTML, the text unchanged, every span shown whole."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.config import Settings
from kg.web.describe import Description, Evidence, Fact
from kg.web.views import render_body

BASE = "http://kg.test/"
ARTICLE = BASE + "id/article/a"
TEXT = "Khan said “the vote was rigged” & Bajwa denied it <loudly>."


class _Reader(HTMLParser):
    """Checks nesting and collects, per span id, the text shown inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.inside: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.open.append((tag, a.get("id") or a.get("data-span")))

    def handle_endtag(self, tag):
        assert self.open and self.open[-1][0] == tag, f"</{tag}> closes {self.open}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for _, span in self.open:
            if span:
                self.inside[span] = self.inside.get(span, "") + data


def _render(text: str, spans: list[tuple[int, int]], mentions: list[tuple[int, int]]) -> str:
    d = Description(BASE + "id/person/khan")
    d.facts = [
        Fact(
            f"{BASE}id/claim/{i}",
            "said",
            evidence=[Evidence(text[s:e], s, e, ARTICLE, None, None, "")],
        )
        for i, (s, e) in enumerate(spans)
    ]
    d.iri = ARTICLE
    d.mentions = [(s, e, f"{BASE}id/person/p{s}", "") for s, e in mentions]
    app = Flask(__name__)
    app.config["KG_SETTINGS"] = Settings(base_iri=BASE)
    with app.test_request_context("/"):
        return str(render_body(text, d))


def _check(text: str, spans, mentions) -> None:
    out = _render(text, spans, mentions)
    r = _Reader()
    r.feed(out)
    r.close()
    assert r.open == [], "every tag closed"
    assert "".join(r.text) == text, "the text is shown exactly once, unchanged"
    for s, e in set(spans):
        if 0 <= s < e <= len(text):
            assert r.inside[f"ev-{s}-{e}"] == text[s:e], (s, e, out)
    for s, e in set(
        mentions
    ):  # a mention's later pieces carry no marker: its first piece starts it
        if 0 <= s < e <= len(text):
            shown = r.inside[f"mention-{s}-{e}"]
            assert shown and text[s:e].startswith(shown), (s, e, out)


def test_crossing_spans_are_split_and_shown_whole():
    quote = (TEXT.index("“"), TEXT.index("”") + 1)
    crossing = (
        TEXT.index("vote"),
        TEXT.index("Bajwa") + 5,
    )  # starts inside the quote, ends after it
    _check(TEXT, [quote, crossing], [(0, 4), (crossing[1] - 5, crossing[1])])
    out = _render(TEXT, [quote, crossing], [])
    assert out.count(f'id="ev-{crossing[0]}-{crossing[1]}"') == 1  # links point to its first piece
    assert f'data-span="ev-{crossing[0]}-{crossing[1]}"' in out  # the rest, after the quote closes


def test_markup_in_the_text_is_escaped():
    out = _render(TEXT, [], [])
    assert html.escape("<loudly>", quote=False) in out and "<loudly>" not in out


@pytest.mark.parametrize("bad", [(-1, 3), (5, 5), (10, 999)])
def test_spans_outside_the_text_are_left_out(bad):
    _check(TEXT, [bad], [])


SPAN = st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT))).map(sorted).map(tuple)


@settings(max_examples=80, deadline=None)
# a mention's span is one entity's (extraction never gives one span two entities); evidence may repeat
@given(st.lists(SPAN, max_size=6), st.lists(SPAN, max_size=4, unique=True))
def test_any_spans(spans, mentions):
    _check(TEXT, spans, mentions)
