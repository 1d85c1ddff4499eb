"""Named queries: the `.rq` files of queries/, their header comments, and binding their parameters safely.

A header is a block of `#` lines at the top of the file:

    # title: Who said what about an entity
    # description: Every claim about the entity, with who made it and where.
    # param entity: iri, required, example=id/person/imran-khan — the entity the claims are about
    # param limit: integer, default=100 — the most rows to return

In the query body a parameter is the variable `$name`. A value never reaches the query as text: it
becomes an RDF term first (an IRI checked by Oxigraph's IRI parser, a literal escaped by its
serializer, a date or integer checked by shape), and that term replaces the `$name` token only
(never the same characters inside a string, an IRI or a comment).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from .config import QUERIES_DIR
from .sparql_tokens import dollar_variables, substitute

TYPES = ("iri", "string", "date", "integer")
XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
_HEADER = re.compile(r"^#\s*(title|description)\s*:\s*(.*)$")
_PARAM = re.compile(r"^#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*(?:—|--)\s*(.*)$")
MAX_INTEGER = 100_000


class ParamError(ValueError):
    """A parameter is missing or its value is not of its type; the message says which and why."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    required: bool = False
    default: str | None = None
    example: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    form: str = "SELECT"
    extra: dict = field(default_factory=dict)

    def bind(self, values: dict[str, str], base_iri: str) -> str:
        """The query with every parameter replaced by its RDF term (defaults filled in)."""
        terms: dict[str, str] = {}
        for p in self.params:
            raw = values.get(p.name)
            if raw is None or (raw == "" and (p.required or p.type == "integer")):
                if (
                    p.required or raw == ""
                ):  # an empty number is no number: say so rather than guess
                    raise ParamError(
                        f"parameter '{p.name}' ({p.type}) "
                        + ("is required" if p.required else "is empty")
                        + f": {p.description}"
                    )
                raw = p.default
            if raw is None:
                raise ParamError(f"parameter '{p.name}' has no value and no default")
            terms[p.name] = to_term(p, raw, base_iri)
        unknown = sorted(set(values) - {p.name for p in self.params})
        if unknown:
            known = ", ".join(p.name for p in self.params) or "none"
            raise ParamError(
                f"unknown parameter(s) {', '.join(unknown)} (this query takes: {known})"
            )
        return substitute(self.text, terms)

    def example_query(self, base_iri: str) -> str:
        """The query with example (or default) values, for the query page."""
        values = {
            p.name: p.example or p.default
            for p in self.params
            if (p.example or p.default) is not None
        }
        try:
            return self.bind(values, base_iri)
        except ParamError:
            return self.text


def to_term(p: Param, raw: str, base_iri: str) -> str:
    if p.type == "iri":
        iri = raw.strip()
        if not re.match(
            r"^[A-Za-z][A-Za-z0-9+.-]*:", iri
        ):  # `id/person/x` or `/id/person/x`: under BASE
            iri = base_iri + iri.lstrip("/")
        try:
            return str(NamedNode(iri))
        except ValueError as exc:
            raise ParamError(f"parameter '{p.name}': {raw!r} is not an IRI ({exc})") from exc
    if p.type == "date":
        try:
            dt.date.fromisoformat(raw.strip())
        except ValueError as exc:
            raise ParamError(f"parameter '{p.name}': {raw!r} is not a date (YYYY-MM-DD)") from exc
        return str(Literal(raw.strip(), datatype=XSD_DATE))
    if p.type == "integer":
        digits = raw.strip(" \t")
        if not re.fullmatch(r"[0-9]{1,9}", digits) or not 0 <= int(digits) <= MAX_INTEGER:
            raise ParamError(
                f"parameter '{p.name}': {raw!r} is not an integer between 0 and {MAX_INTEGER}"
            )
        return str(int(digits))
    return str(Literal(raw))  # string: quoted and escaped by Oxigraph's own serializer


def parse_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if m := _HEADER.match(line):
            key = m.group(1)
            meta[key] = (meta.get(key, "") + " " + m.group(2)).strip()
        elif m := _PARAM.match(line):
            params.append(_param(path, m.group(1), m.group(2), m.group(3)))
    if "title" not in meta:
        raise ValueError(f"{path}: the header has no '# title:' line")
    declared = {p.name for p in params}
    used = dollar_variables(text)
    if used != declared:
        raise ValueError(
            f"{path}: parameters declared {sorted(declared)} but the query uses {sorted(used)}"
        )
    form = "CONSTRUCT" if re.search(r"^\s*CONSTRUCT\b", text, re.M | re.I) else "SELECT"
    return NamedQuery(
        path.stem, meta["title"], meta.get("description", ""), tuple(params), text, form
    )


def _param(path: Path, name: str, attrs: str, description: str) -> Param:
    parts = [a.strip() for a in attrs.split(",") if a.strip()]
    if not parts or parts[0] not in TYPES:
        raise ValueError(f"{path}: parameter {name}: type must be one of {', '.join(TYPES)}")
    opts = {k.strip(): v.strip() for k, _, v in (a.partition("=") for a in parts[1:])}
    return Param(
        name,
        parts[0],
        description.strip(),
        required="required" in opts,
        default=opts.get("default"),
        example=opts.get("example"),
    )


@lru_cache(maxsize=4)
def load_all(folder: str = str(QUERIES_DIR)) -> dict[str, NamedQuery]:
    """Every named query, by file name without `.rq`; read once per process."""
    return {q.name: q for q in (parse_file(p) for p in sorted(Path(folder).glob("*.rq")))}
