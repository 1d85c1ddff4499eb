"""HTTP validators for pages and data documents: ETag, Last-Modified, 304 and a Cache-Control a CDN can use.

The store records no modification times, so validators are derived from the data itself: the ETag is a
digest of the engine's answers to the queries a page is built from (the article graphs and entity
descriptions it depends on), computed before anything is rendered, so a 304 costs only those queries.
Last-Modified is the moment this instance first served that ETag for that URL, kept in a small SQLite
file shared by the workers of the instance: it only moves forward, so it never claims an old copy is
fresh. ETag stays authoritative (If-None-Match wins over If-Modified-Since, RFC 9110).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections import OrderedDict
from email.utils import formatdate
from pathlib import Path

from flask import Response, request

from . import settings

VERSION = "ld-2"  # bump when templates change what a page shows for the same data
CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=600, stale-if-error=86400"
_local = threading.local()
_memo: dict[str, tuple[str, int]] = {}
_MEMO_MAX = 50_000


def make_etag(digest: bytes, variant: str) -> str:
    """Weak: equal ETags promise the same triples, not the same bytes (JSON-LD key order may differ)."""
    return (
        'W/"'
        + hashlib.sha256(digest + b"\0" + variant.encode() + b"\0" + VERSION.encode()).hexdigest()[
            :32
        ]
        + '"'
    )


def _db() -> sqlite3.Connection:
    path = settings().cache_path() / "validators.sqlite"
    conn = getattr(_local, "conn", None)
    if conn is None or getattr(_local, "path", None) != path:
        path.parent.mkdir(parents=True, exist_ok=True)
        # a short busy timeout: under a burst of new URLs, a page never waits on another worker's write
        conn = sqlite3.connect(
            str(path), timeout=0.05, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, etag TEXT NOT NULL, since INTEGER NOT NULL)"
        )
        _local.conn, _local.path = conn, path
    return conn


def first_seen(url: str, etag: str) -> int:
    """When this instance first served `etag` for `url` (seconds since the epoch)."""
    hit = _memo.get(url)
    if hit and hit[0] == etag:
        return hit[1]
    try:
        conn = _db()
        row = conn.execute("SELECT etag, since FROM seen WHERE url = ?", (url,)).fetchone()
        if row and row[0] == etag:
            since = int(row[1])
        else:
            since = int(time.time())
            conn.execute(
                "INSERT OR REPLACE INTO seen (url, etag, since) VALUES (?, ?, ?)",
                (url, etag, since),
            )
    except (sqlite3.Error, OSError):  # a read-only or full disk must not break pages
        since = int(time.time())
    if len(_memo) > _MEMO_MAX:
        _memo.clear()
    _memo[url] = (etag, since)
    return since


def not_modified(etag: str, since: int) -> bool:
    inm = request.headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    ims = request.if_modified_since
    return ims is not None and int(ims.timestamp()) >= since


def validators(digest: bytes, variant: str) -> tuple[str, int]:
    """(ETag, Last-Modified) for the current URL in the given representation."""
    etag = make_etag(digest, variant)
    return etag, first_seen(request.full_path.rstrip("?") + "|" + variant, etag)


def apply(resp: Response, etag: str, since: int, vary: str | None = None) -> Response:
    resp.headers["ETag"] = etag
    resp.headers["Last-Modified"] = formatdate(since, usegmt=True)
    resp.headers["Cache-Control"] = CACHE_CONTROL
    if vary:
        resp.headers["Vary"] = vary
    return resp


class RenderCache:
    """Rendered bodies keyed by (URL, representation, ETag), per worker, bounded in bytes. Always correct:
    the key holds the digest of the data, so a change in the store can only miss, never serve old bytes."""

    def __init__(self, max_bytes: int = 64 << 20):
        self.max_bytes, self.size = max_bytes, 0
        self.items: OrderedDict[tuple, tuple[bytes, dict]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> tuple[bytes, dict] | None:
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
            return hit

    def put(self, key: tuple, body: bytes, headers: dict) -> None:
        if len(body) > self.max_bytes // 16:
            return
        with self.lock:
            old = self.items.pop(key, None)
            self.size -= len(old[0]) if old else 0
            self.items[key] = (body, headers)
            self.size += len(body)
            while self.size > self.max_bytes and self.items:
                _, (b, _h) = self.items.popitem(last=False)
                self.size -= len(b)


renders = RenderCache()


def conditional_cached(digest: bytes, variant: str, render, vary: str | None = None) -> Response:
    """304 when the client's copy is current, else `render()`, its body reused while the data it was rendered
    from is unchanged; validators and Cache-Control on both."""
    etag, since = validators(digest, variant)
    if not_modified(etag, since):
        return apply(Response(status=304), etag, since, vary)
    key = (request.full_path, variant, etag)
    hit = renders.get(key)
    if hit is None:
        resp = render()
        renders.put(
            key,
            resp.get_data(),
            {k: v for k, v in resp.headers.items() if k not in ("Content-Length",)},
        )
    else:
        body, headers = hit
        resp = Response(body)
        for k, v in headers.items():
            resp.headers.add(k, v) if k == "Link" else resp.headers.__setitem__(k, v)
    return apply(resp, etag, since, vary)


def cache_dir() -> Path:
    path = settings().cache_path()
    path.mkdir(parents=True, exist_ok=True)
    return path
