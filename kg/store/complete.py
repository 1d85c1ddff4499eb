"""Whether an engine's answer is whole: engines start a 200 and, when a query fails half-way or hits its
time limit, append an error message to the stream. Once kg's own 200 has left it cannot be taken back, so
a buffered answer is checked before its status is chosen."""

from __future__ import annotations

from .base import Failed, QueryTimeout

CANCELLED = (b"has been cancelled", b"timed out", b"timeout")
OXIGRAPH_CANCELLED = (
    b"The SPARQL operation has been cancelled"  # what Oxigraph appends at its deadline
)


def check_complete(body: bytes, media_type: str, is_ask: bool = False) -> None:
    """Raise when the body is not a whole document of its type (the engine gave up half-way)."""
    raw = body[-512:]
    tail = raw.rstrip()
    if media_type in ("text/csv", "text/tab-separated-values"):
        # every row ends with a newline; an appended error message does not
        whole = raw.endswith(b"\n") or (is_ask and tail in (b"true", b"false"))
        if whole and not tail.endswith(OXIGRAPH_CANCELLED):
            return
    elif not body or _whole(tail, media_type) or _only_comments(body):
        return
    message = _appended_message(tail)
    if any(c in message.lower().encode() for c in CANCELLED):
        raise QueryTimeout(f"the engine stopped the query: {message}")
    raise Failed(f"the engine failed while writing the result: {message}", 502)


def _only_comments(body: bytes) -> bool:
    """An empty graph as some engines write it: Virtuoso's `# Empty NT` / `# Empty TURTLE`."""
    return len(body) < 256 and all(
        line.startswith(b"#") for line in body.strip().splitlines() if line.strip()
    )


def _whole(tail: bytes, media_type: str) -> bool:
    if tail.endswith(OXIGRAPH_CANCELLED):
        return False
    if media_type == "application/sparql-results+json":
        return tail.endswith(b"}")
    if media_type == "application/sparql-results+xml":
        return tail.endswith(b"</sparql>")
    if media_type == "application/ld+json":
        return tail.endswith((b"]", b"}"))
    if media_type == "application/rdf+xml":
        return tail.endswith(b"</rdf:RDF>")
    return tail.endswith(b".") or tail.endswith(b"}")  # Turtle, N-Triples, N-Quads, TriG


def _appended_message(tail: bytes) -> str:
    text = tail.decode("utf-8", "replace")
    for stop in ("}", ">", "\n", "]"):
        i = text.rfind(stop)
        if i != -1 and i < len(text) - 1:
            text = text[i + 1 :]
            break
    return text.strip()[:400] or "the result ended early"
