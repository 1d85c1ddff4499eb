"""The kg ontology and the SHACL shapes as shipped files, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from rdflib import OWL, RDF, RDFS, Graph

from .config import ONTOLOGY_DIR, SHAPES_DIR
from .iris import KG, SCHEMA


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    g = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    g = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=1)
def event_classes() -> frozenset[str]:
    """Local names of the kg classes that are (transitively) subclasses of schema:Event."""
    g = ontology_graph()
    found: set[str] = set()
    for cls in g.subjects(RDF.type, OWL.Class):
        if str(cls).startswith(str(KG)) and (SCHEMA.Event in set(g.transitive_objects(cls, RDFS.subClassOf))):
            found.add(str(cls)[len(str(KG)):])
    return frozenset(found)
