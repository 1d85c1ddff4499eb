"""Fetching within limits, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import pytest

from kg.readers import Fetcher, ReaderError

from ..sources_server import BIG


def test_a_page_is_fetched_and_a_redirect_followed(site: str):
    got = Fetcher(timeout=5).get(site + "moved/pages/bare/2022-07-07-johnson-resigns.html")
    assert got.url == site + "pages/bare/2022-07-07-johnson-resigns.html"
    assert got.data.startswith(b"<html>") and got.content_type.startswith("text/html")


@pytest.mark.parametrize(
    "path, message",
    [
        ("slow.html", "timed out: no whole answer within 2 s"),
        ("big.html", "over the size cap: more than"),
        ("loop", "more than 3 redirects"),
        ("missing.html", "HTTP 404"),
    ],
)
def test_each_way_a_fetch_fails_is_one_line_naming_the_url(site: str, path: str, message: str):
    # a deadline the others meet even on a loaded machine; /slow.html holds back for SLOW_S
    fetcher = Fetcher(
        timeout=2 if path == "slow.html" else 10, max_bytes=BIG * 2 // 3, max_redirects=3
    )
    with pytest.raises(ReaderError) as err:
        fetcher.get(site + path)
    assert str(err.value).startswith(f"{site}{path}: {message}"), str(err.value)
    assert "\n" not in str(err.value)


def test_only_http_urls_and_nothing_listening(site: str):
    with pytest.raises(ReaderError, match="only http:// and https://"):
        Fetcher().get("file:///etc/passwd")
    port = int(site.rsplit(":", 1)[1].strip("/"))
    with pytest.raises(ReaderError, match="cannot connect"):
        Fetcher(timeout=2).get(f"http://127.0.0.1:{port + 1 if port < 65535 else 1}/x")
