"""/dump.{ttl,nt,nq}[.gz]: the whole dataset, streamed in constant memory from one consistent snapshot.

Why this is a snapshot: the whole dump is one request to the engine (a CONSTRUCT for triples, a Graph
Store GET for quads), and Oxigraph evaluates each request against a single storage snapshot, so an
ingest running meanwhile is either entirely in the dump or not at all. The bytes of the engine's own
serializer pass straight through (64 KiB at a time); gzip is applied on the fly.
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


def _lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Whole lines (with their newline) out of arbitrary chunks."""
    rest = b""
    for chunk in chunks:
        buf = rest + chunk
        cut = buf.rfind(b"\n") + 1
        rest = buf[cut:]
        if cut:
            yield from buf[:cut].splitlines(keepends=True)
    if rest:
        yield rest + b"\n"


def drop_graph(line: bytes) -> bytes:
    """One N-Quads line as N-Triples. Subject and predicate never hold spaces, so a line has a graph term
    exactly when its last token is an IRI or blank node and three terms come before it."""
    body = line.rstrip()
    if not body.endswith(b"."):
        return line
    body = body[:-1].rstrip()
    sp = body.rfind(b" ")
    last = body[sp + 1:]
    is_term = (last.startswith(b"<") and last.endswith(b">") and b'"' not in last) or last.startswith(b"_:")
    if is_term and len(body[:sp].split(b" ", 2)) == 3:
        return body[:sp] + b" .\n"
    return body + b" .\n"


def as_ntriples(quads: Iterator[bytes]) -> Iterator[bytes]:
    out: list[bytes] = []
    size = 0
    for line in _lines(quads):
        t = drop_graph(line)
        out.append(t)
        size += len(t)
        if size >= 1 << 16:
            yield b"".join(out)
            out, size = [], 0
    if out:
        yield b"".join(out)


TURTLE_PREFIXES = {
    b"http://schema.org/": b"schema", b"http://www.w3.org/1999/02/22-rdf-syntax-ns#": b"rdf",
    b"http://www.w3.org/2000/01/rdf-schema#": b"rdfs", b"http://www.w3.org/ns/prov#": b"prov",
    b"http://www.w3.org/ns/oa#": b"oa", b"https://w3id.org/kg-news/ontology#": b"kg",
}
RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _predicate(p: bytes) -> bytes:
    if p == RDF_TYPE:
        return b"a"
    iri = p[1:-1]
    for ns, prefix in TURTLE_PREFIXES.items():
        if iri.startswith(ns):
            local = iri[len(ns):]
            if local and local.replace(b"_", b"").isalnum() and local[:1].isalpha():
                return prefix + b":" + local
    return p


def as_turtle(triples: Iterator[bytes]) -> Iterator[bytes]:
    """Turtle from a stream of N-Triples: prefixes for predicates, one subject block per run of its triples."""
    head = b"".join(b"@prefix " + pfx + b": <" + ns + b"> .\n" for ns, pfx in TURTLE_PREFIXES.items())
    out: list[bytes] = [head, b"\n"]
    size, subject = 0, None
    for line in _lines(triples):
        body = line.rstrip()[:-1].rstrip()
        s, p, o = body.split(b" ", 2)
        if s == subject:
            piece = b" ;\n    " + _predicate(p) + b" " + o
        else:
            piece = (b" .\n" if subject is not None else b"") + s + b" " + _predicate(p) + b" " + o
            subject = s
        out.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            yield b"".join(out)
            out, size = [], 0
    out.append(b" .\n" if subject is not None else b"")
    yield b"".join(out)


def _source(media: str) -> Iterator[bytes]:
    """The dataset from one engine request. Triples are derived from the Graph Store's N-Quads stream (the
    engine's fastest path, and flat in memory); a CONSTRUCT is the fallback for engines without one."""
    s = store()
    if s.graphs_url:
        quads = s.dump("application/n-quads")
        if media == "application/n-quads":
            return quads
        nt = as_ntriples(quads)
        return nt if media == "application/n-triples" else as_turtle(nt)
    return s.dump(media)


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
