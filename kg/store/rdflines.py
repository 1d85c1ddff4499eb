"""Streaming line formats: SPARQL TSV rows to N-Triples / N-Quads, and N-Triples to readable Turtle.

Everything here works chunk by chunk, so a dump of any size passes through in constant memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

XSD = "http://www.w3.org/2001/XMLSchema#"


def _term(raw: bytes) -> bytes:
    """TSV may write numbers and booleans bare (Turtle style); N-Triples needs them typed."""
    first = raw[:1]
    if first in (b"<", b'"', b"_"):
        return raw
    if raw in (b"true", b"false"):
        return b'"' + raw + b'"^^<' + XSD.encode() + b"boolean>"
    if b"e" in raw or b"E" in raw:
        kind = b"double"
    elif b"." in raw:
        kind = b"decimal"
    else:
        kind = b"integer"
    return b'"' + raw + b'"^^<' + XSD.encode() + kind + b">"


class BrokenRow(ValueError):
    """A row that is not a TSV result row: the engine appended an error (a timeout, a cancellation)."""


def _row(line: bytes) -> bytes:
    terms = line.split(b"\t")
    if len(terms) not in (3, 4) or not all(terms):
        raise BrokenRow(
            f"the engine's answer broke off with: {line[:200].decode('utf-8', 'replace')}"
        )
    terms[2] = _term(terms[2])
    return b" ".join(terms) + b" .\n"


def tsv_to_lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """SPARQL TSV rows of ?s ?p ?o [?g] -> N-Triples / N-Quads lines, streamed chunk by chunk."""
    rest = b""
    header = True
    for chunk in chunks:
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        out = []
        for line in lines:
            if header:
                header = False
                continue
            if line:
                out.append(_row(line))
        if out:
            yield b"".join(out)
    if rest and not header:
        yield _row(rest)


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


TURTLE_PREFIXES = {
    b"http://schema.org/": b"schema",
    b"http://www.w3.org/1999/02/22-rdf-syntax-ns#": b"rdf",
    b"http://www.w3.org/2000/01/rdf-schema#": b"rdfs",
    b"http://www.w3.org/ns/prov#": b"prov",
    b"http://www.w3.org/ns/oa#": b"oa",
    b"https://w3id.org/kg-news/ontology#": b"kg",
}
RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _predicate(p: bytes) -> bytes:
    if p == RDF_TYPE:
        return b"a"
    iri = p[1:-1]
    for ns, prefix in TURTLE_PREFIXES.items():
        if iri.startswith(ns):
            local = iri[len(ns) :]
            if local and local.replace(b"_", b"").isalnum() and local[:1].isalpha():
                return prefix + b":" + local
    return p


def as_turtle(triples: Iterator[bytes]) -> Iterator[bytes]:
    """Turtle from a stream of N-Triples: prefixes for predicates, one subject block per run of its triples
    (the engine scans graph by graph, subject by subject, so a subject's triples arrive together)."""
    head = b"".join(
        b"@prefix " + pfx + b": <" + ns + b"> .\n" for ns, pfx in TURTLE_PREFIXES.items()
    )
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


_ESC = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def tsv_term(cell: str) -> str:
    """The lexical form of one SPARQL TSV cell: <iri>, "literal"@lang / ^^<dt> (Turtle escapes), or a bare number."""
    if cell.startswith("<") and cell.endswith(">"):
        return cell[1:-1]
    if cell.startswith('"'):
        end = cell.rfind('"')
        return _ESC.sub(
            lambda m: (
                chr(int(m.group(1) or m.group(2), 16))
                if (m.group(1) or m.group(2))
                else _SIMPLE.get(m.group(3), m.group(3))
            ),
            cell[1:end],
        )
    return cell
