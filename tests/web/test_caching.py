"""ETag, Last-Modified, 304 and Cache-Control on pages and data documents."""

from __future__ import annotations

import time

import pytest

from .ld_docs import article_doc, entity, write

PATHS = ["/page/person/imran-khan", "/data/person/imran-khan.ttl", "/data/person/imran-khan.jsonld"]


@pytest.mark.parametrize("path", PATHS)
def test_validators_and_304(live_server, path):
    r = live_server.get(path)
    assert r.status_code == 200
    etag, lm, cc = r.headers["ETag"], r.headers["Last-Modified"], r.headers["Cache-Control"]
    assert etag.startswith('W/"') and "public" in cc and "s-maxage" in cc
    again = live_server.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    assert live_server.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    assert live_server.get(path, headers={"If-Modified-Since": lm}).status_code == 304
    assert (
        live_server.get(
            path, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
        ).status_code
        == 200
    )


def test_representations_have_different_etags(live_server):
    tags = {live_server.get(p).headers["ETag"] for p in PATHS}
    assert len(tags) == len(PATHS)


def test_etag_follows_the_articles_a_page_depends_on(live_server, tmp_path):
    key = f"cache-{time.time_ns()}"
    name = f"Orla Cachewright {key[-6:]}"

    def publish(i: int) -> None:
        body = f"{name} spoke on day {i}."
        doc = article_doc(
            f"ld-{key}-{i}",
            f"{name} speaks {i}",
            body,
            [entity("o", name, "Person", body, name, key=key)],
        )
        live_server.kg("ingest", str(write(tmp_path / f"d{i}", [doc])), check=True)

    publish(1)
    first = live_server.get(f"/page/person/{key}")
    publish(2)  # a new article mentioning the entity changes its page
    second = live_server.get(
        f"/page/person/{key}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    unrelated = live_server.get("/page/place/pakistan")
    assert (
        live_server.get(
            "/page/place/pakistan", headers={"If-None-Match": unrelated.headers["ETag"]}
        ).status_code
        == 304
    )
