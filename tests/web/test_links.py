"""links.py directly: IRI <-> path mapping, short names, safe hrefs. Pure functions, or ones that need only
a request context of an app (no engine, no server)."""

from __future__ import annotations

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from kg.config import Settings
from kg.web.links import (
    app_path,
    curie,
    humanize,
    iri_candidates,
    iri_to_path,
    uri_to_iri,
    web_href,
)

BASE = "http://kg.test/"


@pytest.fixture
def ctx():
    app = Flask(__name__)
    app.config["KG_SETTINGS"] = Settings(base_iri=BASE)
    with app.test_request_context("/"):
        yield


# What keys are made of: unreserved ASCII and any non-ASCII letter or mark (slugs of names in any script)
KEY_CHARS = st.one_of(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"),
    st.characters(min_codepoint=128, categories=("L", "M", "N")),
)


@given(st.text(alphabet=KEY_CHARS, min_size=1, max_size=40))
def test_iri_to_path_and_back_is_the_same_iri(key):
    path = iri_to_path(key)
    assert path.isascii()
    assert uri_to_iri(path) == key


@pytest.mark.parametrize(
    ("sent", "iri"),
    [
        ("caf%C3%A9", "café"),  # UTF-8 text is decoded
        ("a%2Fb", "a%2Fb"),  # a reserved escape stays escaped: it is not a path separator
        ("%7Ex", "~x"),  # unreserved ASCII is decoded
        ("%FF", "%FF"),  # not UTF-8: left as sent
    ],
)
def test_uri_to_iri(sent, iri):
    assert uri_to_iri(sent) == iri


def test_app_path_only_for_our_iris(ctx):
    assert app_path(BASE + "id/person/imran-khan") == "/page/person/imran-khan"
    assert app_path(BASE + "id/claim/k1#evidence", "data") == "/data/claim/k1#evidence"
    assert app_path(BASE + "id/place/café") == "/page/place/caf%C3%A9"
    assert app_path("http://elsewhere.example/id/person/x") is None


def test_iri_candidates_normalized_first(ctx):
    assert iri_candidates("place", "caf%C3%A9") == [
        BASE + "id/place/café",
        BASE + "id/place/caf%C3%A9",
    ]


def test_short_names():
    assert curie("http://schema.org/name") == "schema:name"
    assert curie("http://example.org/x") == "http://example.org/x"
    assert humanize("http://schema.org/alternateName") == "alternate name"
    assert humanize("http://schema.org/NewsArticle") == "News Article"


@pytest.mark.parametrize(
    ("iri", "href"),
    [
        ("https://www.wikidata.org/wiki/Q1", "https://www.wikidata.org/wiki/Q1"),
        ("javascript:alert(1)", "#"),
        ("data:text/html,x", "#"),
    ],
)
def test_web_href_never_links_a_script(iri, href):
    assert web_href(iri) == href
