"""The SHACL gate: every article is validated, as rdflib graphs, before anything of it is written.

The gate runs on the small in-memory graph of one article, and its results are turned into sentences an
editor can act on. Two engines read the same shapes: pyshacl-turbo (Rust, pySHACL's API, its shapes compiled
once per process: ~3 ms of CPU per article) decides by default, and pyshacl, the reference (~60 ms), stays
as `check_reference`: tests/test_gate_equivalence.py requires both to give the same findings on hundreds of
valid and broken documents, and KG_SHACL_ENGINE=pyshacl makes it the gate again.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import pyshacl_turbo
from rdflib import RDF, Graph, Literal, Node, URIRef
from rdflib.namespace import SH

from .mapping import MappedArticle
from .ontology import shapes_graph

# rdflib logs a traceback for every ill-typed literal ("2022-02-30"^^xsd:date); the shapes report it instead.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)

SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass
class Finding:
    severity: str
    focus: str
    where: str
    property: str | None
    value: str | None
    message: str
    shape: str | None = None

    def line(self, path: str) -> str:
        parts = [f"{path}: {self.severity}: {self.where}"]
        if self.property:
            parts.append(f"property {self.property}")
        if self.value is not None:
            parts.append(f"value {self.value}")
        return " | ".join(parts) + f" — {self.message}"


@dataclass
class Report:
    path: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def lines(self) -> list[str]:
        return [f.line(self.path) for f in self.findings]

    def to_dict(self) -> dict:
        return {
            "file": self.path,
            "conforms": self.conforms,
            "findings": [asdict(f) for f in self.findings],
        }


def _short(node: Node | None, g: Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, Literal):
        text = str(node)
        text = text if len(text) <= 80 else text[:77] + "..."
        dt = f" ({node.datatype.split('#')[-1]})" if node.datatype else ""
        return f'"{text}"{dt}'
    if isinstance(node, URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:  # pragma: no cover - rdflib refuses some IRIs as CURIEs
            return f"<{node}>"
    return str(node)


def _locate(mapped: MappedArticle, node: Node) -> str | None:
    """Map a node back to where the editor can fix it in the facts document."""
    if not isinstance(node, URIRef):
        return None
    text = str(node)
    for suffix in ("-selector", "-target"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if URIRef(text) in mapped.where:
        return mapped.where[URIRef(text)]
    head, _, frag = text.partition("#")
    if frag == "evidence" and URIRef(head) in mapped.where:
        return f"{mapped.where[URIRef(head)]}.evidence"
    return None


@lru_cache(maxsize=1)
def gate_shapes() -> Graph:
    """pyshacl adds triples to the shapes graph it is given: it gets its own copy, not the published one."""
    g = Graph()
    for t in shapes_graph():
        g.add(t)
    for prefix, ns in shapes_graph().namespaces():
        g.bind(prefix, ns)
    return g


@lru_cache(maxsize=1)
def compiled_shapes() -> pyshacl_turbo.CompiledShapes:
    """Parsed and compiled once per process (~10 ms); immutable, so every article reuses it."""
    return pyshacl_turbo.compile_shapes(gate_shapes())


def check(mapped: MappedArticle, path: str) -> Report:
    """The gate as ingest and publishing use it: the fast engine, unless KG_SHACL_ENGINE=pyshacl."""
    if os.environ.get("KG_SHACL_ENGINE", "").lower() == "pyshacl":
        return check_reference(mapped, path)
    data = mapped.combined()
    try:
        _conforms, results, _text = compiled_shapes().validate(data, allow_warnings=True)
    except ValueError:
        # the fast engine refuses some terms rdflib holds (an IRI with a control character, made from
        # a key a facts document gave); the reference engine reads them, so the editor still gets a report
        return check_reference(mapped, path)
    return _report(mapped, path, data, results)


def check_reference(mapped: MappedArticle, path: str) -> Report:
    """The gate on pyshacl, the reference implementation the fast engine is held to."""
    from pyshacl import validate  # imported only here: half a second a process saved

    data = mapped.combined()
    _conforms, results, _text = validate(
        data, shacl_graph=gate_shapes(), inference="none", advanced=True, allow_warnings=True
    )
    return _report(mapped, path, data, results)


def _report(mapped: MappedArticle, path: str, data: Graph, results: Graph) -> Report:
    report = Report(path)
    seen: set[tuple] = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        path_node = results.value(result, SH.resultPath)
        # Article-level checks report the offending node as the value: point the editor at that.
        where = (
            (_locate(mapped, value) if focus == mapped.iri else None)
            or _locate(mapped, focus)
            or str(focus)
        )
        finding = Finding(
            severity=SEVERITY.get(results.value(result, SH.resultSeverity), "violation"),
            focus=str(focus),
            where=where,
            property=_short(path_node, data)
            if isinstance(path_node, URIRef)
            else (
                f"^{_short(results.value(path_node, SH.inversePath), data)}"
                if path_node is not None
                else None
            ),
            value=_short(value, data),
            message=str(results.value(result, SH.resultMessage) or "does not conform to its shape"),
            shape=str(results.value(result, SH.sourceShape)),
        )
        identity = (
            finding.severity,
            finding.focus,
            finding.property,
            finding.value,
            finding.message,
        )
        if identity not in seen:
            seen.add(identity)
            report.findings.append(finding)
    report.findings.sort(  # a total order: both engines' findings compare as lists
        key=lambda f: (
            f.severity != "violation",
            f.where,
            f.property or "",
            f.value or "",
            f.message,
            f.focus,
        )
    )
    return report
