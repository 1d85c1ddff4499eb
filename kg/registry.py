"""The entity registry: which IRI the graph already uses for a real-world entity.

It lives in the store itself (the shared entity graph), so every process and every instance sees the
same answers. Keys are derived from canonical names, which makes IRIs independent of ingest order; the
registry adds one rule on top: an entity whose Wikidata link is already published under another IRI
reuses that IRI (first published wins), so one real-world entity never gets two.
"""

from __future__ import annotations

from rdflib import URIRef

from .iris import SCHEMA, Minter
from .mapping import KnownEntity, RegistryLookup
from .store.base import Store

BASE_TYPES = {
    str(SCHEMA.Person): "Person",
    str(SCHEMA.Organization): "Organization",
    str(SCHEMA.Place): "Place",
}


def _iri_literal(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        raise ValueError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


class StoreRegistry(RegistryLookup):
    def __init__(self, store: Store, minter: Minter):
        self.store = store
        self.minter = minter

    def by_same_as(self, same_as: list[str]) -> dict[str, KnownEntity]:
        wanted = sorted({s for s in same_as if s})
        if not wanted:
            return {}
        values = " ".join(_iri_literal(s) for s in wanted)
        rows = self.store.select(
            f"""PREFIX schema: <http://schema.org/>
            SELECT ?link ?entity ?type ?name WHERE {{
              VALUES ?link {{ {values} }}
              GRAPH <{self.minter.entity_graph}> {{
                ?entity schema:sameAs ?link ; a ?type .
                OPTIONAL {{ ?entity schema:name ?name }}
              }}
              FILTER (?type IN (schema:Person, schema:Organization, schema:Place))
            }} ORDER BY ?link ?entity"""
        )
        found: dict[str, KnownEntity] = {}
        for row in rows:
            link = row["link"]["value"]
            if link not in found:
                found[link] = KnownEntity(
                    URIRef(row["entity"]["value"]),
                    BASE_TYPES[row["type"]["value"]],
                    row.get("name", {}).get("value"),
                )
        return found
