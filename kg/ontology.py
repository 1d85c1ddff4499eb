"""The kg ontology and the SHACL shapes as shipped files, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph

from .config import ONTOLOGY_DIR, SHAPES_DIR
from .iris import KG, SCHEMA


def _turtle_files(folder: Path) -> Graph:
    g = Graph()
    for path in sorted(folder.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return _turtle_files(ONTOLOGY_DIR)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The published shapes. Never hand this graph to pyshacl, which adds to it: see validation.gate_shapes."""
    return _turtle_files(SHAPES_DIR)


@lru_cache(maxsize=1)
def event_classes() -> frozenset[str]:
    """Local names of the kg classes that are (transitively) subclasses of schema:Event."""
    g = ontology_graph()
    found: set[str] = set()
    for cls in g.subjects(RDF.type, OWL.Class):
        if str(cls).startswith(str(KG)) and (
            SCHEMA.Event in set(g.transitive_objects(cls, RDFS.subClassOf))
        ):
            found.add(str(cls)[len(str(KG)) :])
    return frozenset(found)
