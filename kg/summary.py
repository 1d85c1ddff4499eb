"""A few lines on what the store holds: what `make run` prints after publishing."""

from __future__ import annotations

from .iris import Minter

PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def _v(row: dict, name: str) -> str:
    return row.get(name, {}).get("value", "")


def summarize(store, base_iri: str) -> str:
    m = Minter(base_iri)
    scope = store.scope()  # an engine holding other graphs too (Virtuoso): kg's graphs only
    typed = f"GRAPH ?g {{ ?x a ?type }} {scope}" if scope else "?x a ?type"
    lines: list[str] = []
    articles = store.select(
        PREFIXES
        + f"""
        SELECT ?a ?date ?headline (COUNT(*) AS ?triples) WHERE {{
          GRAPH ?g {{ ?a a schema:NewsArticle ; schema:datePublished ?date ; schema:headline ?headline . ?s ?p ?o }}
          FILTER STRSTARTS(STR(?g), "{m.article_graph_prefix}")
        }} GROUP BY ?a ?date ?headline ORDER BY ?date ?a"""
    )
    lines.append(f"{len(articles)} article(s), each in its own named graph:")
    for r in articles:
        lines.append(f"  {_v(r, 'date')}  {_v(r, 'headline')[:70]}")
        lines.append(f"              {_v(r, 'a')}  ({_v(r, 'triples')} triples)")
    counts = store.select(
        PREFIXES
        + f"""
        SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {{
          VALUES ?type {{ schema:Person schema:Organization schema:Place schema:OrganizationRole
                          schema:Claim schema:Event }}
          {typed} }} GROUP BY ?type ORDER BY ?type"""
    )
    lines.append(
        "What they state: "
        + ", ".join(f"{_v(r, 'n')} {_v(r, 'type').rsplit('/', 1)[-1]}" for r in counts)
    )
    total = store.count_triples()
    lines.append(
        f"{total} triples in all. Try: kg query 'SELECT * WHERE {{ ?s a <http://schema.org/Person> }}'"
    )
    return "\n".join(lines)
