"""kg's whole dataset as N-Triples, N-Quads, Turtle or TriG, streamed in constant memory, two ways.

- From one SELECT in SPARQL 1.1 TSV, whose rows are N-Triples terms (Oxigraph and engines like it): the
  engine neither deduplicates (CONSTRUCT does, in memory) nor sorts, and the whole dump is one snapshot.
- Graph by graph, each a CONSTRUCT as N-Triples (Virtuoso, whose TSV writes bare IRIs and raw newlines):
  memory is bounded by the largest graph, and each graph's triple count is checked against what
  arrived, so a graph cut short by the engine's row cap (Virtuoso's ResultSetMaxRows) is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .base import StoreError
from .complete import check_complete
from .http import checked
from .rdflines import BrokenRow, as_turtle, tsv_to_lines

if TYPE_CHECKING:
    from .sparql import SparqlStore

TRIPLE = re.compile(rb"(\S+)[ \t]+(\S+)[ \t]+(.*)$")  # IRIs and blank node labels hold no blanks
NT = "application/n-triples"
TRIPLES_QUERY = "SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {scope} }}"
QUADS_QUERY = "SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {scope} }}"
LINE_FORMATS = {
    NT: TRIPLES_QUERY,
    "text/turtle": TRIPLES_QUERY,
    "application/n-quads": QUADS_QUERY,
}
CONSTRUCT_QUERY = "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {scope} }}"


def dump_by_tsv(store: SparqlStore, media_type: str) -> Iterator[bytes]:
    scope = store.scope()
    if media_type in LINE_FORMATS:
        _, chunks = store.stream(
            LINE_FORMATS[media_type].format(scope=scope), "text/tab-separated-values"
        )
        lines = tsv_to_lines(chunks)
        try:
            yield from as_turtle(lines) if media_type == "text/turtle" else lines
        except BrokenRow as exc:
            raise StoreError(str(exc)) from None
        return
    if store.graphs_url and media_type == "application/trig" and not scope:
        resp = store.http.request(
            "GET",
            store.graphs_url,
            idempotent=True,
            headers={"Accept": media_type},
            stream=True,
            timeout=(5, 3600),
        )
        try:
            yield from checked(resp, store.graphs_url)
        finally:
            resp.close()
        return
    _, chunks = store.stream(CONSTRUCT_QUERY.format(scope=scope), media_type)
    yield from chunks


def _graph_lines(store: SparqlStore, graph: str) -> list[bytes]:
    """One graph's triples as N-Triples lines (tabs between terms become spaces), checked complete."""
    answer = store.answer(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
        NT,
        deadline=store.timeout * 10 + 60,
        idempotent=True,
    )
    check_complete(answer.body, NT)
    lines = []
    for raw in answer.body.split(b"\n"):
        if raw.strip() and not raw.startswith(
            b"#"
        ):  # Virtuoso writes an empty graph as `# Empty NT`
            m = TRIPLE.match(raw.strip())
            if m is None:
                raise StoreError(f"the engine sent a line that is not N-Triples: {raw[:200]!r}")
            lines.append(m[1] + b" " + m[2] + b" " + m[3] + b"\n")
    expected = store.count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    if len(lines) < expected:
        raise StoreError(
            f"the engine sent {len(lines):,} of the {expected:,} triples of <{graph}> "
            "(its result row cap, e.g. Virtuoso's ResultSetMaxRows, is smaller than the graph)"
        )
    return lines


def dump_by_graph(store: SparqlStore, media_type: str) -> Iterator[bytes]:
    if media_type not in (*LINE_FORMATS, "application/trig"):
        raise StoreError(f"no dump as {media_type} from the {store.profile.name} engine", 406)
    graphs = sorted(store.graphs())

    def triples() -> Iterator[bytes]:
        for g in graphs:
            yield b"".join(_graph_lines(store, g))

    if media_type == NT:
        yield from triples()
    elif media_type == "text/turtle":
        yield from as_turtle(triples())
    elif media_type == "application/n-quads":
        for g in graphs:
            tail = b" <" + g.encode() + b"> .\n"
            yield b"".join(line.rstrip()[:-1].rstrip() + tail for line in _graph_lines(store, g))
    else:  # TriG: each graph's N-Triples inside its block (N-Triples lines are valid TriG triples)
        for g in graphs:
            yield b"<" + g.encode() + b"> {\n" + b"".join(_graph_lines(store, g)) + b"}\n"
