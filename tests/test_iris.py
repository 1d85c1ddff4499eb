"""Article keys from a source's identity: one key per page, however the link to it is spelled."""

from __future__ import annotations

import re

from kg.iris import normalize_url, source_key

KEY = re.compile(r'^[^\s<>"{}|\\^`/?#%]+$')  # the facts schema's article.key pattern


def test_the_same_page_by_any_spelling_is_one_key():
    url = "https://news.example.org/2022/07/07/johnson-resigns"
    same = [
        url,
        "HTTPS://News.Example.org/2022/07/07/johnson-resigns",
        "https://news.example.org:443/2022/07/07/johnson-resigns#comments",
        "https://news.example.org/2022/07/07/johnson-resigns?utm_source=rss&utm_medium=feed",
    ]
    assert {normalize_url(u) for u in same} == {url}
    assert {source_key(u) for u in same} == {source_key(url)}
    assert source_key(url).startswith("johnson-resigns-")


def test_other_pages_other_keys_and_every_key_is_valid():
    urls = [
        "https://news.example.org/2022/07/07/johnson-resigns",
        "https://news.example.org/2022/07/07/johnson-resigns?page=2",
        "http://news.example.org/2022/07/07/johnson-resigns",
        "https://other.example/2022/07/07/johnson-resigns",
        "https://news.example.org/",
        "urn:newsml:example.org:20220707:johnson",
        "https://news.example.org/story.html",
        "https://news.example.org/نيوز/عاجل",
    ]
    keys = [source_key(u) for u in urls]
    assert len(set(keys)) == len(keys)
    assert all(KEY.match(k) for k in keys), keys
    assert keys[6].startswith("story-")
