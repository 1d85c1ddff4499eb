"""Two entity IRIs that are one real-world entity: merge OTHER into KEEP, and undo it.

A merge rewrites every triple that names OTHER (in every article graph and the entity graph) to name KEEP,
turns OTHER's names into alternate names of KEEP, and records `KEEP owl:sameAs OTHER`. OTHER then names
nothing but that alias, so its IRI answers 301 to KEEP (kg/web/changes.py). The change record keeps the
exact triples it removed and the ones it added, which is what `unmerge` puts back. Future articles that
would mint OTHER's IRI get KEEP's (`Merges.apply`).
"""

from __future__ import annotations

import copy
import hashlib

from .changes import Change, ChangeLog, lit, now_iso
from .iris import KG, SCHEMA, Minter
from .lifecycle import LifecycleError, _nt_iri, _term

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BASE_TYPES = [f"{SCHEMA}Person", f"{SCHEMA}Organization", f"{SCHEMA}Place"]
KIND_OF = {"Person": "person", "Organization": "organization", "Place": "place"}


def _quads(store, iri: str, skip_graph: str) -> list[tuple[str, str, str, str]]:
    """Every quad naming `iri`, as N-Triples terms (graph, s, p, o)."""
    e = _nt_iri(iri)
    rows = store.select(
        f"""SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{
          {{ {e} ?p ?o BIND({e} AS ?s) }} UNION {{ ?s ?p {e} BIND({e} AS ?o) }} }}
          FILTER(?g != <{skip_graph}>) }}"""
    )
    return [
        (f"<{r['g']['value']}>", _term(r["s"]), f"<{r['p']['value']}>", _term(r["o"])) for r in rows
    ]


def _base_type(store, iri: str, eg: str) -> tuple[str, str | None]:
    rows = store.select(
        f"""SELECT ?t ?name WHERE {{ GRAPH <{eg}> {{ {_nt_iri(iri)} a ?t
            OPTIONAL {{ {_nt_iri(iri)} <{SCHEMA.name}> ?name }} }}
            VALUES ?t {{ {" ".join(f"<{t}>" for t in BASE_TYPES)} }} }}"""
    )
    if not rows:
        raise LifecycleError(f"{iri}: no such person, organization or place is published")
    return rows[0]["t"]["value"], rows[0].get("name", {}).get("value")


def _block(quads: list[tuple[str, str, str, str]]) -> str:
    by_graph: dict[str, list[str]] = {}
    for g, s, p, o in quads:
        by_graph.setdefault(g, []).append(f"{s} {p} {o} .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())


def _unblock(text: str) -> list[tuple[str, str, str, str]]:
    """`_block`'s text back to quads (one N-Triples statement a line, between `GRAPH <g> {` and `}`)."""
    quads, g = [], None
    for line in text.splitlines():
        if line.startswith("GRAPH <") and line.endswith("{"):
            g = line[len("GRAPH ") : -1].strip()
        elif line == "}":
            g = None
        elif line and g:
            s, p, rest = line.split(" ", 2)
            quads.append((g, s, p, rest[: -len(" .")]))
    return quads


def merge(store, minter: Minter, keep: str, other: str, note: str | None = None) -> Change:
    if keep == other:
        raise LifecycleError("KEEP and OTHER are the same IRI")
    log = ChangeLog(store, minter)
    eg = str(minter.entity_graph)
    keep_type, _ = _base_type(store, keep, eg)
    other_type, _ = _base_type(store, other, eg)
    if keep_type != other_type:
        raise LifecycleError(
            f"cannot merge a {other_type.rsplit('/', 1)[-1]} into a {keep_type.rsplit('/', 1)[-1]}"
        )
    k, o = _nt_iri(keep), _nt_iri(other)
    removed = _quads(store, other, log.graph)
    existing = set(_quads(store, keep, log.graph))
    added: list[tuple[str, str, str, str]] = []
    for g, s, p, obj in removed:
        if s == o and g == f"<{eg}>" and p in (f"<{SCHEMA.name}>", f"<{RDFS_LABEL}>"):
            p = f"<{SCHEMA.alternateName}>"  # OTHER's names become KEEP's alternate names
        quad = (g, k if s == o else s, p, k if obj == o else obj)
        if quad not in existing and quad not in added:
            added.append(quad)
    added.append((f"<{eg}>", k, f"<{OWL_SAME_AS}>", o))
    graphs = sorted(
        {g[1:-1] for g, *_ in removed if g[1:-1].startswith(minter.article_graph_prefix)}
    )
    undo = _block(removed) + "\n#added\n" + _block(added)
    created = now_iso()
    change = Change(
        ChangeLog.new_key(created, 0, other),
        "merged",
        other,
        eg,
        hashlib.sha256(undo.encode()).hexdigest(),
        created,
        note,
        [other],
        keep,
        graphs,
    )
    # added first, then removed (less what is added again: the same end state): where a request is not
    # atomic (Virtuoso), a failure part-way leaves both IRIs' triples and the record that undoes them
    gone = [q for q in removed if q not in added]
    store.update(
        f"INSERT DATA {{ {_block(added)}\n GRAPH <{log.graph}> {{\n{log.triples(change)}\n"
        f"<{log.record_iri(change.key)}> <{KG.undo}> {lit(undo)} .\n}} }}"
        + (f" ;\nDELETE DATA {{ {_block(gone)} }}" if gone else "")
    )
    return change


def unmerge(store, minter: Minter, other: str, note: str | None = None) -> Change:
    log = ChangeLog(store, minter)
    last = next((c for c in reversed(log.about(other)) if c.subject == other), None)
    if last is None or last.action != "merged":
        raise LifecycleError(f"{other}: not merged into anything")
    rows = store.select(
        f"SELECT ?u WHERE {{ GRAPH <{log.graph}> {{ <{log.record_iri(last.key)}> <{KG.undo}> ?u }} }}"
    )
    if not rows:
        raise LifecycleError(f"{other}: the merge record holds nothing to undo")
    removed, _, added = rows[0]["u"]["value"].partition("\n#added\n")
    created = now_iso()
    change = Change(
        ChangeLog.new_key(created, 0, other),
        "unmerged",
        other,
        str(minter.entity_graph),
        hashlib.sha256(rows[0]["u"]["value"].encode()).hexdigest(),
        created,
        note,
        [last.target] if last.target else [],
        last.target,
        last.graphs,
    )
    # put back first, then take away (as in merge: never a state with neither IRI's triples)
    back = set(_unblock(removed))
    drop = [q for q in _unblock(added) if q not in back]
    store.update(
        f"INSERT DATA {{ {removed}\n GRAPH <{log.graph}> {{\n{log.triples(change)}\n}} }}"
        + (f" ;\nDELETE DATA {{ {_block(drop)} }}" if drop else "")
    )
    return change


class Merges:
    """The merges in force, for the mapping of future articles: OTHER's IRI -> (KEEP, KEEP's name)."""

    def __init__(self, store, minter: Minter):
        self.minter = minter
        self.redirects: dict[str, tuple[str, str | None]] = {}
        log = ChangeLog(store, minter)
        state: dict[str, str | None] = {}
        for c in log._rows('FILTER(?action IN ("merged", "unmerged"))', None):
            state[c.subject] = c.target if c.action == "merged" else None
        live = {o: k for o, k in state.items() if k}
        if not live:
            return
        names = {
            r["e"]["value"]: r["n"]["value"]
            for r in store.select(
                f"""SELECT ?e ?n WHERE {{ VALUES ?e {{ {" ".join(_nt_iri(k) for k in set(live.values()))} }}
                GRAPH <{minter.entity_graph}> {{ ?e <{SCHEMA.name}> ?n }} }}"""
            )
        }
        self.redirects = {o: (k, names.get(k)) for o, k in live.items()}

    def apply(self, doc):
        """The document with mentions of a merged-away entity pinned to the entity kept."""
        if not self.redirects:
            return doc
        changed = None
        for i, e in enumerate(doc.entities):
            if e.type not in KIND_OF:
                continue
            minted = str(self.minter.entity(e.type, e.name, e.key))
            hit = self.redirects.get(minted)
            prefix = f"{self.minter.base}id/{KIND_OF[e.type]}/"
            if hit is None or not hit[0].startswith(prefix):
                continue
            changed = changed or copy.deepcopy(doc)
            ent = changed.entities[i]
            keep, name = hit
            ent.key = keep[len(prefix) :]
            if name and name != ent.name:
                ent.alternateNames = [ent.name, *[a for a in ent.alternateNames if a != name]]
                ent.name = name
        return changed or doc
