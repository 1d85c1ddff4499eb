"""/dump.{ttl,nt,nq}[.gz]: the whole dataset, streamed in constant memory from one consistent snapshot.

Why this is a snapshot: the whole dump is one request to the engine (one SELECT, streamed), and Oxigraph
evaluates each request against a single storage snapshot, so an ingest running meanwhile is either
entirely in the dump or not at all. Lines pass through 64 KiB at a time; gzip is applied on the fly. If
the engine breaks off, so does the response (no terminating chunk): a client never gets a short dump
that looks complete.
"""

from __future__ import annotations

import zlib
from typing import Iterator

from flask import Blueprint, Response, abort, request

from . import store

bp = Blueprint("dumps", __name__)
DUMP_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "nq": "application/n-quads"}
GZIP_LEVEL = 3  # fast: the network, not the ratio, is what a dump download waits for


def gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    z = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip container
    pending = bytearray()
    for chunk in chunks:
        pending += z.compress(chunk)
        if len(pending) >= 1 << 16:
            yield bytes(pending)
            pending.clear()
    pending += z.flush()
    yield bytes(pending)


def _source(media: str) -> Iterator[bytes]:
    """The dataset from one engine request (see SparqlStore.dump: one SELECT streamed as TSV)."""
    return store().dump(media)


def _stream(media: str) -> Iterator[bytes]:
    """Start the engine's answer before returning, so a store error becomes an error status, not a cut body."""
    gen = _source(media)
    first = next(gen, b"")

    def rest() -> Iterator[bytes]:
        if first:
            yield first
        yield from gen

    return rest()


@bp.route("/dump.<ext>", methods=["GET", "HEAD"])
@bp.route("/dump.<ext>.gz", methods=["GET", "HEAD"], defaults={"gz": True})
def dump(ext: str, gz: bool = False) -> Response:
    if ext not in DUMP_TYPES:
        abort(404, f"dumps are offered as {', '.join('/dump.' + e for e in DUMP_TYPES)} (each also .gz)")
    media = DUMP_TYPES[ext]
    name = f"dump.{ext}" + (".gz" if gz else "")
    if request.method == "HEAD":
        body: Iterator[bytes] | bytes = b""
    else:
        body = _stream(media)
        if gz:
            body = gzipped(body)
    resp = Response(body, mimetype="application/gzip" if gz else media, direct_passthrough=True)
    if not gz:
        resp.headers["Content-Type"] = f"{media}; charset=utf-8"
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    resp.headers["Cache-Control"] = "public, max-age=300"
    resp.headers["X-Accel-Buffering"] = "no"
    resp.headers["Link"] = '</.well-known/void>; rel="describedby"; type="text/turtle"'
    return resp
