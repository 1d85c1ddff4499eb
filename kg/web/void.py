"""/.well-known/void: the VoID description of the dataset (RFC 5785 place), Turtle for machines, HTML for people.

Counts come from the engine; the partitions (whole-dataset aggregates) are cached per worker while the
triple count stays the same, for a minute at most. Dump
sizes are only known by producing the dumps, so one background job per instance measures them whenever
the dataset's fingerprint (its triple count) changes; until then the description says the dumps exist
without a byte size. Measuring means producing every dump in full, so it is rationed per instance: at
most once per SIZES_MIN_GAP seconds and at most 1/SIZES_DUTY of the time (a graph being ingested into
changes its count every second, and re-measuring on each change kept a core busy: on a million triples a
measurement takes ~30 s, so sizes then follow the data within ~10 minutes).
"""

from __future__ import annotations

import fcntl
import json
import threading
import time
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from . import settings, store
from .dumps import DUMP_TYPES, gzipped
from .limits import query_slots
from .links import PREFIXES, public_url, term_href
from .views import term_label

bp = Blueprint("void", __name__)
VOID = Namespace("http://rdfs.org/ns/void#")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
S = "http://schema.org/"
TTL = 60.0
_stats: dict[str, Any] = {}
_lock = threading.Lock()
_sizing = threading.Lock()
SIZES_DUTY = (
    20  # between the starts of two dump-size measurements: this many times the last one's duration
)
SIZES_MIN_GAP = 1.0  # ... and at least this many seconds


def stats() -> dict[str, Any]:
    """The dataset's counts. The triple count is asked every time (it is also the fingerprint): the class
    and property partitions, the expensive part, are recomputed only when it changed or after TTL."""
    s = store()
    scope = s.scope()  # an engine holding other graphs too (Virtuoso): count kg's graphs only
    triples = s.count_triples()
    with _lock:
        if _stats and _stats["triples"] == triples and time.monotonic() - _stats["at"] < TTL:
            return _stats
    typed = f"GRAPH ?g {{ ?s a ?c }} {scope}" if scope else "?s a ?c"
    classes = {
        r["c"]["value"]: int(r["n"]["value"])
        for r in s.select(
            f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {typed} }} GROUP BY ?c ORDER BY DESC(?n)"
        )
    }
    props = {
        r["p"]["value"]: int(r["n"]["value"])
        for r in s.select(
            f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {scope} }} "
            "GROUP BY ?p ORDER BY DESC(?n)"
        )
    }
    entities = s.count(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ <{S}Person> <{S}Organization> "
        f"<{S}Place> }} {typed} }}"
    )
    graphs = s.count(
        f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} {scope} }}"
    )
    fresh = {
        "at": time.monotonic(),
        "triples": triples,
        "classes": classes,
        "properties": props,
        "entities": entities,
        "articles": classes.get(S + "NewsArticle", 0),
        "graphs": graphs,
    }
    with _lock:
        _stats.clear()
        _stats.update(fresh)
    return fresh


def dump_sizes(fingerprint: str) -> dict[str, int] | None:
    """Sizes measured for this state of the dataset, or None (and a measurement started)."""
    folder = settings().cache_path()
    path = folder / f"dump-sizes-{fingerprint}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        pass
    if not _measurement_due(folder):
        return None
    if _sizing.acquire(blocking=False):
        app = current_app._get_current_object()
        threading.Thread(
            target=_measure, args=(app, path), daemon=True, name="kg-dump-sizes"
        ).start()
    return None


def _measurement_due(folder) -> bool:
    """Whether this instance may measure the dumps again (shared by its workers through the cache folder)."""
    try:
        last = json.loads((folder / "dump-sizes-last.json").read_text())
        return time.time() >= last["at"] + max(SIZES_MIN_GAP, SIZES_DUTY * last["seconds"])
    except (OSError, ValueError, KeyError, TypeError):
        return True


def _measure(app, path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.parent / "dump-sizes.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            if not _measurement_due(
                path.parent
            ):  # another worker measured while we waited for the lock
                return
            began = time.time()
            last = path.parent / "dump-sizes-last.json"
            last.write_text(json.dumps({"at": began, "seconds": 0}))
            try:
                _write_sizes(app, path)
            finally:  # a failed measurement is rationed too
                last.write_text(json.dumps({"at": began, "seconds": time.time() - began}))
            for old in path.parent.glob(
                "dump-sizes-*.json"
            ):  # one file per state measured: keep the newest
                if old != path and old != last:
                    old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - sizes are optional; a later VoID request tries again
        pass
    finally:
        _sizing.release()


def _write_sizes(app, path) -> None:
    """Produce every dump (and its gzip) once, counting bytes; write the sizes for this state."""
    with app.app_context():
        sizes: dict[str, int] = {}
        for ext, media in DUMP_TYPES.items():
            raw = [0]

            def counted(chunks, raw: list[int] = raw):
                for c in chunks:
                    raw[0] += len(c)
                    yield c

            sizes[f"dump.{ext}.gz"] = sum(len(c) for c in gzipped(counted(store().dump(media))))
            sizes[f"dump.{ext}"] = raw[0]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(sizes))
    tmp.replace(path)


def void_graph(st: dict[str, Any], sizes: dict[str, int] | None) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    g.bind("dcat", DCAT)
    ds = URIRef(public_url("/.well-known/void#dataset"))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCT.title, Literal("kg news graph", lang="en")))
    g.add(
        (
            ds,
            DCT.description,
            Literal(
                "News articles as linked data: who and what they mention, and what they state, "
                "each fact with the sentence it came from.",
                lang="en",
            ),
        )
    )
    g.add((ds, VOID.uriSpace, Literal(settings().base_iri + "id/")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(public_url("/sparql"))))
    g.add((ds, VOID.rootResource, URIRef(public_url("/"))))
    g.add((ds, VOID.uriLookupEndpoint, URIRef(public_url("/search?q="))))
    g.add((ds, VOID.vocabulary, URIRef(S)))
    g.add((ds, VOID.vocabulary, URIRef(PREFIXES["kg"])))
    g.add((ds, VOID.vocabulary, URIRef(PREFIXES["oa"])))
    g.add((ds, VOID.vocabulary, URIRef(PREFIXES["prov"])))
    g.add((ds, VOID.triples, Literal(st["triples"], datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(st["entities"], datatype=XSD.integer)))
    g.add((ds, VOID.documents, Literal(st["articles"], datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(st["classes"]), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(st["properties"]), datatype=XSD.integer)))
    for cls, n in st["classes"].items():
        part = URIRef(public_url(f"/.well-known/void#class-{_frag(cls)}"))
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in st["properties"].items():
        part = URIRef(public_url(f"/.well-known/void#property-{_frag(prop)}"))
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    for ext, media in DUMP_TYPES.items():
        for name, fmt in ((f"dump.{ext}", media), (f"dump.{ext}.gz", "application/gzip")):
            dump = URIRef(public_url("/" + name))
            g.add((ds, VOID.dataDump, dump))
            g.add((dump, DCAT.mediaType, Literal(media)))
            if fmt != media:
                g.add((dump, DCAT.compressFormat, Literal(fmt)))
            if sizes and name in sizes:
                g.add((dump, DCAT.byteSize, Literal(sizes[name], datatype=XSD.nonNegativeInteger)))
    return g


def _frag(iri: str) -> str:
    from .links import curie

    return curie(iri).replace(":", "-").replace("/", "-").replace("#", "-")


@bp.route("/.well-known/void", methods=["GET", "HEAD"])
@bp.route("/void", methods=["GET", "HEAD"])
def void() -> Response:
    with (
        query_slots().hold()
    ):  # counting the whole store is a query like any other: it shares their cap
        st = stats()
    sizes = dump_sizes(str(st["triples"]))
    offers = [
        "text/turtle",
        "text/html",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
    ]
    best = (
        request.accept_mimetypes.best_match(offers) if request.accept_mimetypes else "text/turtle"
    )
    if request.args.get("format") in ("ttl", "nt", "jsonld", "rdf"):
        best = {
            "ttl": "text/turtle",
            "nt": "application/n-triples",
            "jsonld": "application/ld+json",
            "rdf": "application/rdf+xml",
        }[request.args["format"]]
    if (
        best is None
    ):  # Accept refuses every offer (e.g. `text/html;q=0`): say what there is, not a 500
        abort(
            406,
            "the VoID description is offered as "
            + ", ".join(offers)
            + " (or ?format=ttl|nt|jsonld|rdf)",
        )
    if best == "text/html" and request.accept_mimetypes.quality(
        "text/html"
    ) > request.accept_mimetypes.quality("text/turtle"):
        resp = Response(
            render_template(
                "void.html",
                st=st,
                sizes=sizes or {},
                dumps=DUMP_TYPES,
                label=term_label,
                href=term_href,
            ),
            mimetype="text/html",
        )
    else:
        best = best if best != "text/html" else "text/turtle"
        fmt = {
            "text/turtle": "turtle",
            "application/ld+json": "json-ld",
            "application/n-triples": "nt",
            "application/rdf+xml": "xml",
        }[best]
        resp = Response(void_graph(st, sizes).serialize(format=fmt), mimetype=best)
    resp.headers["Vary"] = "Accept"
    resp.headers["Cache-Control"] = "public, max-age=60"
    return resp
