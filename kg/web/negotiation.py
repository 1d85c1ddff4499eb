"""Media types, format names and file extensions in one table, and choosing among them by Accept."""

from __future__ import annotations

from flask import request

# SELECT / ASK results
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
# Graphs (CONSTRUCT / DESCRIBE, data documents, dumps)
GRAPH_TYPES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "nq": "application/n-quads",
    "trig": "application/trig",
}
ALIASES = {  # other names clients send for the same thing
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
}
EXTENSION_OF = {v: k for k, v in {**RESULT_TYPES, **GRAPH_TYPES}.items()}


def best(offers: list[str], default: str | None = None) -> str | None:
    """The offer the client prefers (q-values and wildcards honoured); None when nothing is acceptable."""
    accept = request.accept_mimetypes
    if not accept:
        return default or offers[0]
    return accept.best_match(offers)


def by_format_or_accept(fmt: str | None, table: dict[str, str], default: str) -> str | None:
    """An explicit `format` wins over Accept, as users of a browser address bar expect."""
    if fmt:
        fmt = fmt.lower()
        if fmt in table:
            return table[fmt]
        if fmt in table.values():
            return fmt
        return None
    return best(list(table.values()), default)
