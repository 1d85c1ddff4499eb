"""Loading many articles at once: the engine's bulk loader where it has one, batched updates elsewhere.

The embedded engine is Oxigraph, whose server loads a Graph Store POST with `?no_transaction` through its
bulk loader (no transaction log, no per-quad index merges): the whole chunk in one request, while the
engine keeps serving. Without a transaction a chunk cut off half-way stays half-loaded, which is why bulk
ingest keeps a journal (kg/bulk.py) and loads such a chunk again: loading the same quads twice gives the
same graph. A remote engine gets SPARQL updates of several articles each (one transaction per update).
"""

from __future__ import annotations

from .sparql import SparqlStore

UPDATE_BATCH = 64  # articles per SPARQL update on a remote engine


def nquads(articles: list[tuple[str, str]], shared_graph_iri: str, shared_ntriples: str) -> bytes:
    """N-Triples of each article's graph and of the shared entity graph, as one N-Quads document."""
    out: list[str] = []
    for graph, nt in articles:
        tail = f"<{graph}> .\n"
        out.extend(line[:-1] + tail for line in nt.splitlines() if line)
    tail = f"<{shared_graph_iri}> .\n"
    out.extend(line[:-1] + tail for line in dict.fromkeys(shared_ntriples.splitlines()) if line)
    return "".join(out).encode("utf-8")


def drop_graphs(store: SparqlStore, graphs: list[str]) -> None:
    """Graphs that are to be replaced, emptied first: a bulk load only adds."""
    if graphs:
        store.update("".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in graphs).rstrip(" ;\n"))


def load(
    store: SparqlStore,
    articles: list[tuple[str, str]],
    shared_graph_iri: str,
    shared_ntriples: list[str],
    bulk_loader: bool,
    records: tuple[str, str] | None = None,
) -> None:
    """Add the articles' graphs, their entity descriptions and the change records (`records`: the
    change log's graph and its N-Triples) to the store (graphs already emptied)."""
    if bulk_loader:
        extra = [records] if records and records[1] else []
        relayed = store.graph_store(
            "POST",
            [("no_transaction", "")],
            {"Content-Type": "application/n-quads"},
            nquads(articles + extra, shared_graph_iri, "\n".join(shared_ntriples)),
        )
        relayed.close()
        return
    for i in range(0, max(len(articles), len(shared_ntriples)), UPDATE_BATCH):
        store.replace_articles(
            articles[i : i + UPDATE_BATCH],
            shared_graph_iri,
            "\n".join(shared_ntriples[i : i + UPDATE_BATCH]),
        )
    if records and records[1]:
        store.update(f"INSERT DATA {{ GRAPH <{records[0]}> {{\n{records[1]}\n}} }}")
