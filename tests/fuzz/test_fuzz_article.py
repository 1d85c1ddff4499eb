"""Fuzzing the article reader: whatever the bytes, an Article or one clear ArticleError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.article import ArticleError, parse_article

HEADER = st.builds(
    lambda lead, date, sep, names: f"{lead}date {date} Written by {sep.join(names)}",
    st.sampled_from(["", " ", "  ", "\t", "\ufeff "]),
    st.one_of(st.dates().map(str), st.text(max_size=12)),
    st.sampled_from([" and ", ", ", ", and ", " & "]),
    st.lists(st.text(min_size=0, max_size=30), min_size=0, max_size=4),
)
BODY = st.lists(st.text(max_size=300), max_size=6).map(lambda ps: "\n\n".join(ps))


def _check(data: bytes) -> None:
    try:
        art = parse_article(data, "fuzz.txt")
    except ArticleError as exc:
        msg = str(exc)
        assert msg.startswith("fuzz.txt") and len(msg.splitlines()) == 1, msg
        return
    assert art.body.strip() and art.authors and len(art.headline) <= 110
    assert all(0 <= s < e <= len(art.body) for s, e in art.paragraphs)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000))
@example(b"\xff\xfe d\x00a\x00t\x00e\x00")
@example(b" date 2022-04-03 Written by A\n\n" + b"x" * 200_000)
def test_arbitrary_bytes(data: bytes):
    _check(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    HEADER,
    st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n \n"]),
    BODY,
    st.sampled_from(
        [
            "",
            "\n\nThis article originally appeared in The Times.",
            "\nThis article originally appeared in .",
        ]
    ),
)
def test_header_and_body_variants(header: str, sep: str, body: str, tail: str):
    _check((header + sep + body + tail).encode("utf-8", errors="surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.characters(categories=["Mn", "Me", "Cf", "Zl", "Zp", "Co", "So"]),
        min_size=1,
        max_size=200,
    )
)
def test_odd_unicode_bodies_keep_exact_offsets(body: str):
    data = (" date 2022-04-03 Written by A B\n\nLead. " + body + "\n").encode(
        "utf-8", errors="surrogatepass"
    )
    try:
        art = parse_article(data, "u.txt")
    except ArticleError:
        return
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    assert art.body in text
