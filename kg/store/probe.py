"""What kg needs of an engine, asked of it before any work: reachable, credentials accepted, writes allowed
(when kg is to write), and a default graph that is the union of kg's graphs (kg's pages, search and API
query without GRAPH). A failure is one line that says what is wrong and how to fix it.

`kg serve` and `kg ingest` run the essential checks and stop on a failure; `kg doctor` runs them all and
also tries each feature (result formats, dumps, the Graph Store) to say which work on this engine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

from .base import StoreError
from .sparql import SparqlStore

PROBE_GRAPH = "urn:kg:probe:"  # outside kg's graphs: never counted, dumped or searched


@dataclass
class Check:
    name: str
    ok: bool | None  # None: could not be told (e.g. an empty store)
    detail: str
    fatal: bool = True

    def line(self) -> str:
        mark = {True: "ok  ", False: "FAIL", None: "??  "}[self.ok]
        return f"{mark}  {self.name}: {self.detail}"


def _ms(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:.0f} ms"


def reachable(store: SparqlStore) -> Check:
    started = time.perf_counter()
    try:
        store.results("ASK {}")
    except StoreError as exc:
        return Check("reachable", False, f"{exc} — start the engine or fix KG_STORE")
    return Check("reachable", True, f"{store.query_url} answered ASK {{}} in {_ms(started)}")


def writable(store: SparqlStore) -> Check:
    """One update that leaves nothing behind: a triple put into a probe graph and dropped again."""
    g = PROBE_GRAPH + os.urandom(6).hex()
    try:
        store.update(
            f'INSERT DATA {{ GRAPH <{g}> {{ <{g}> <{g}> "probe" }} }} ;\nDROP SILENT GRAPH <{g}>'
        )
    except StoreError as exc:
        if exc.status in (401, 403):
            fix = (
                "the credentials were refused: check KG_STORE_USER / KG_STORE_PASSWORD / "
                f"KG_STORE_TOKEN (sent as {store.target.scheme if store.target.user else 'bearer'}"
                "; KG_STORE_AUTH=basic|digest chooses)"
                if store.target.has_credentials
                else "the engine wants credentials: set KG_STORE_USER and KG_STORE_PASSWORD"
            )
            return Check("writes", False, f"{store.update_url} answered HTTP {exc.status}: {fix}")
        return Check(
            "writes",
            False,
            f"{store.update_url} refused an update: {str(exc)[:300]} — give kg an update endpoint "
            "it may write to (KG_STORE_UPDATE, and the engine's update rights)",
        )
    who = f" as {store.target.user} ({store.target.scheme})" if store.target.user else ""
    return Check("writes", True, f"{store.update_url} accepted an update{who}")


def union_default_graph(store: SparqlStore, may_write: bool) -> Check:
    """Whether a triple of a named graph is seen by a query without GRAPH."""
    advice = store.profile.union_advice
    scope = store.scope()
    try:
        if store.ask(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} {scope} }}"):
            seen = store.ask(
                f"ASK {{ {{ SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {scope} }} LIMIT 1 }} "
                "?s ?p ?o }"
            )
        elif may_write:
            g = PROBE_GRAPH + os.urandom(6).hex()
            store.update(f'INSERT DATA {{ GRAPH <{g}> {{ <{g}> <{g}> "probe" }} }}')
            try:
                seen = store.ask(f'ASK {{ <{g}> <{g}> "probe" }}')
            finally:
                store.drop_graph(g)
        else:
            return Check(
                "union default graph", None, "not known yet: the store holds no graph", fatal=False
            )
    except StoreError as exc:
        return Check("union default graph", False, f"could not be checked: {str(exc)[:300]}")
    if not seen:
        return Check(
            "union default graph",
            False,
            "a query without GRAPH does not see the named graphs, so pages, search and the API "
            f"would find nothing — {advice}",
        )
    return Check("union default graph", True, "queries without GRAPH see kg's named graphs")


def essential(store: SparqlStore, write: bool) -> list[Check]:
    """The checks `kg serve` (write=False) and `kg ingest` (write=True) start with; stops at the first
    that makes the rest meaningless."""
    checks = [reachable(store)]
    if not checks[0].ok:
        return checks
    if write or store.target.has_credentials:
        w = writable(store)
        if not write and not (w.ok or "HTTP 401" in w.detail or "HTTP 403" in w.detail):
            w.fatal = False  # a read-only engine serves fine; refused credentials do not
        checks.append(w)
    checks.append(union_default_graph(store, may_write=write and checks[-1].ok is True))
    return checks


def first_failure(checks: list[Check]) -> str | None:
    bad = next((c for c in checks if c.ok is False and c.fatal), None)
    return None if bad is None else f"{bad.name}: {bad.detail}"


# -- kg doctor ----------------------------------------------------------------------------------
RESULT_FORMATS = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_FORMATS = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-quads",
    "application/trig",
)
DUMP_FORMATS = ("application/n-triples", "text/turtle", "application/n-quads", "application/trig")


def features(store: SparqlStore) -> Iterator[Check]:
    from .complete import check_complete

    select = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3"
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    for kind, sparql, media_types in (
        ("SELECT", select, RESULT_FORMATS),
        ("CONSTRUCT", construct, GRAPH_FORMATS),
    ):
        for media in media_types:
            try:
                answer = store.answer(sparql, media, deadline=10)
                check_complete(answer.body, media)
                got = answer.content_type.split(";")[0].strip()
                ok = got == media
                yield Check(f"{kind} as {media}", ok, "ok" if ok else f"answered {got}", False)
            except StoreError as exc:
                yield Check(f"{kind} as {media}", False, str(exc).splitlines()[0][:120], False)
    for media in DUMP_FORMATS:
        chunks = store.dump(media)
        try:
            first = next(iter(chunks), b"")
            yield Check(f"dump as {media}", True, f"first {len(first):,} bytes read", False)
        except StoreError as exc:
            yield Check(f"dump as {media}", False, str(exc).splitlines()[0][:120], False)
        finally:
            close = getattr(chunks, "close", None)
            if close:
                close()
    if not store.graphs_url:
        yield Check("Graph Store", None, "no endpoint (KG_STORE_GRAPHS): /store answers 501", False)
    else:
        try:
            relayed = store.graph_store(
                "GET", [("graph", PROBE_GRAPH + "none")], {"Accept": "text/turtle"}, None
            )
            relayed.close()
            yield Check("Graph Store", True, f"{store.graphs_url} answered {relayed.status}", False)
        except StoreError as exc:
            ok = exc.status == 404  # an absent graph: the endpoint works
            text = str(exc).splitlines()[0][:120] if str(exc) else ""
            detail = f"{store.graphs_url} answered {exc.status or ''} {text}".strip()
            yield Check("Graph Store", ok, detail, False)


def describe(store: SparqlStore) -> list[str]:
    t = store.target
    if t.token:
        auth = "bearer token"
    elif t.user:
        auth = f"{t.scheme} as {t.user}"
    else:
        auth = "none"
    kind = "embedded Oxigraph (tested)" if t.embedded else t.profile.label
    return [
        f"engine   {kind}",
        f"query    {t.query_url} (a lone query sent as {'a form' if t.profile.query_as == 'form' else 'the body'})",
        f"update   {t.update_url}",
        f"graphs   {t.graphs_url or 'none'}",
        f"auth     {auth}",
        f"kg's     {'graphs under ' + t.kg_graphs if t.kg_graphs else 'every graph of the engine'}",
        *(f"note     {n}" for n in t.profile.notes),
    ]
