"""/dump.{ttl,nt,nq}[.gz]: the whole dataset, streamed in constant memory from one consistent snapshot.

Why this is a snapshot: the whole dump is one request to the engine (one SELECT, streamed), and Oxigraph
evaluates each request against a single storage snapshot, so an ingest running meanwhile is either
entirely in the dump or not at all. Lines pass through 64 KiB at a time; gzip is applied on the fly. If
the engine breaks off, so does the response (no terminating chunk): a client never gets a short dump
that looks complete.

Slow clients: the engine's stream is read at the engine's pace by a thread of its own, into an unlinked
temporary file in the instance's cache folder, and the client is served from that file at its own pace.
Without it, a client reading a few KB/s stalled the engine's connection until the engine gave up on it
(Oxigraph's socket write timeout: "OxHTTP TCP error when writing response … os error 11") and the dump
broke off. Memory stays
constant; the disk holds at most what the engine has produced and the client not yet read.
"""

from __future__ import annotations

import os
import tempfile
import threading
import zlib
from collections.abc import Iterator

from flask import Blueprint, Response, abort, request
from werkzeug.wsgi import ClosingIterator

from . import settings, store
from .limits import dump_slots

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


def spooled(chunks: Iterator[bytes], folder=None, block: int = 1 << 16) -> Iterator[bytes]:
    """`chunks` read to the end at their producer's pace (a thread), handed on at the consumer's pace.

    The bytes wait in an unlinked temporary file in `folder`; a failure of the producer is raised to the
    consumer after the bytes produced before it, so a broken stream still ends broken. When the consumer
    goes away (the client disconnected), the producer stops at its next chunk.
    """
    spool = tempfile.TemporaryFile(dir=folder, prefix="kg-dump-")
    fd = spool.fileno()
    cond = threading.Condition()
    state: dict = {"written": 0, "done": False, "error": None, "stop": False, "users": 2}

    def release() -> (
        None
    ):  # the last of producer and consumer closes the file (never a descriptor in use)
        with cond:
            state["users"] -= 1
            last = state["users"] == 0
        if last:
            spool.close()

    def pump() -> None:
        try:
            for chunk in chunks:
                if state["stop"]:
                    break
                view, off = memoryview(chunk), state["written"]
                while view:
                    n = os.pwrite(fd, view, off)
                    view, off = view[n:], off + n
                with cond:
                    state["written"] = off
                    cond.notify_all()
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, who raises it
            state["error"] = exc
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                try:
                    close()  # releases the engine's response
                except Exception:  # noqa: BLE001
                    pass
            with cond:
                state["done"] = True
                cond.notify_all()
            release()

    threading.Thread(target=pump, name="kg-dump-spool", daemon=True).start()
    read = 0
    try:
        while True:
            with cond:
                while state["written"] == read and not state["done"]:
                    cond.wait()
                written, done = state["written"], state["done"]
            if written > read:
                data = os.pread(fd, min(block, written - read), read)
                read += len(data)
                yield data
            elif done:
                if state["error"] is not None:
                    raise state["error"]
                return
    finally:
        state["stop"] = True
        release()


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
        abort(
            404,
            f"dumps are offered as {', '.join('/dump.' + e for e in DUMP_TYPES)} (each also .gz)",
        )
    media = DUMP_TYPES[ext]
    name = f"dump.{ext}" + (".gz" if gz else "")
    since = request.args.get("since")
    if since is not None:  # what changed after a point of the feed (kg/web/changes.py)
        if ext != "nq" or gz:
            abort(400, "?since= is offered on /dump.nq only (graphs matter to apply it)")
        from .changes import since_quads

        resp = Response(since_quads(since), mimetype=media)
        resp.headers["Content-Type"] = f"{media}; charset=utf-8"
        resp.headers["Cache-Control"] = "no-cache"
        return resp
    release = None
    if request.method == "HEAD":
        body: Iterator[bytes] | bytes = b""
    else:
        release = dump_slots().acquire()  # Busy: a 503 saying when to come back
        try:
            body = _stream(media)
            if gz:
                body = gzipped(body)
            folder = settings().cache_path()
            folder.mkdir(parents=True, exist_ok=True)
            body = spooled(body, folder)  # the engine at its pace, the client at its own
        except BaseException:
            release()
            raise
    if release is not None:
        # given back when the server closes the body: the client has it all, or went away. (Not by
        # Response.call_on_close: a direct-passthrough response hands its iterable over without them.)
        body = ClosingIterator(body, [release])
    resp = Response(body, mimetype="application/gzip" if gz else media, direct_passthrough=True)
    if not gz:
        resp.headers["Content-Type"] = f"{media}; charset=utf-8"
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    resp.headers["Cache-Control"] = "public, max-age=300"
    resp.headers["X-Accel-Buffering"] = "no"
    resp.headers["Link"] = '</.well-known/void>; rel="describedby"; type="text/turtle"'
    return resp
