"""Just enough SPARQL lexing to read a query without a parser: tokens with their spans.

Why a tokenizer and not a regex over the text: `SERVICE` inside a string, a comment, an IRI or a
prefixed name (`ex:service`) is not federation, `LIMIT` inside a sub-select is not the query's limit,
and a `$name` inside a string is not a parameter. A full parser (rdflib's) costs milliseconds per
query on the hot path; this costs microseconds. Syntax errors are left to the engine, whose parser
reports them with their position. Used by the named queries (kg/queries.py) and the endpoint's
policing (kg/web/sparqltext.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)
              |\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
              |'(?:[^'\\\n\r]|\\.)*(?:'|$)
              |"(?:[^"\\\n\r]|\\.)*(?:"|$))
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\U000EFFFF]+)
  | (?P<bnode>_:[A-Za-z0-9_\u00B7-\U000EFFFF.-]*)
  | (?P<pname>(?:[A-Za-z\u00C0-\U000EFFFF][A-Za-z0-9_.\u00B7-\U000EFFFF-]*)?:(?:[A-Za-z0-9_:%.\u00B7-\U000EFFFF-]|\\.)*)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str | None:
        return self.text.upper() if self.kind == "word" else None


def tokens(text: str) -> list[Token]:
    """Every token but whitespace and comments, with its span in the text."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, m.group(), m.start(), m.end()))
    return out


def substitute(text: str, bindings: dict[str, str]) -> str:
    """Replace `$name` variables by ready-made RDF terms (already escaped by their makers).

    Only variable tokens are touched, so a `$name` inside a string, IRI or comment stays as written.
    """
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "var" and m.group().startswith("$") and m.group()[1:] in bindings:
            out.append(text[pos : m.start()])
            out.append(bindings[m.group()[1:]])
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def dollar_variables(text: str) -> set[str]:
    return {
        m.group()[1:]
        for m in _TOKEN.finditer(text)
        if m.lastgroup == "var" and m.group().startswith("$")
    }
