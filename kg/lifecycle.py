"""What happens to an article after it is published: corrected (re-ingested changed) or retracted.

Each change is one update request: the article's graph, the entity descriptions and the change record
(kg/changes.py) move together, so the feed never names a change the store does not hold, nor the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .changes import Change, ChangeLog, lit, now_iso
from .iris import KG, SCHEMA, Minter

XSD = "http://www.w3.org/2001/XMLSchema#"


class LifecycleError(ValueError):
    """The change cannot be made; the message says why (nothing was written)."""


def _nt_iri(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        raise LifecycleError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


@dataclass
class Target:
    article: str
    graph: str


def resolve(target: str, minter: Minter) -> Target:
    """An article IRI (or its page or graph IRI) or the file it was published from, to its IRIs."""
    if target.startswith(("http://", "https://")):
        for prefix in ("id/article/", "page/article/", "data/article/", "graph/article/"):
            if target.startswith(minter.base + prefix):
                key = target[len(minter.base + prefix) :]
                return Target(str(minter.article(key)), str(minter.article_graph(key)))
        raise LifecycleError(f"{target}: not an article IRI under {minter.base}id/article/")
    path = Path(target)
    if not path.is_file():
        raise LifecycleError(f"{target}: no such file, and not an article IRI")
    from .facts import FactsError, is_facts_file, load_facts

    try:
        if is_facts_file(path):
            a = load_facts(path).article
            key = a.key or minter.article_key(a.datePublished, a.headline)
        else:
            from .article import read_article

            art = read_article(path)
            key = minter.article_key(art.date.isoformat(), art.headline)
    except (FactsError, ValueError) as exc:
        raise LifecycleError(str(exc)) from exc
    return Target(str(minter.article(key)), str(minter.article_graph(key)))


def retract(store, minter: Minter, target: str, reason: str) -> Change:
    """Drop the article's graph, and the descriptions of entities no other article mentions; keep a
    tombstone (the change record) that says when and why."""
    if not reason or not reason.strip():
        raise LifecycleError("a retraction needs a reason (--reason TEXT)")
    t = resolve(target, minter)
    log = ChangeLog(store, minter)
    g = _nt_iri(t.graph)
    if not store.ask(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"):
        gone = log.tombstone(t.article)
        if gone:
            raise LifecycleError(f"{t.article}: already retracted on {gone.created} ({gone.note})")
        raise LifecycleError(f"{t.article}: no such article is published")
    eg, prefix = str(minter.entity_graph), minter.article_graph_prefix
    rows = store.select(
        f"""SELECT DISTINCT ?e WHERE {{
          GRAPH {g} {{ {{ ?x ?y ?e }} UNION {{ ?e ?y ?x }} }}
          FILTER(isIRI(?e))
          GRAPH <{eg}> {{ ?e a ?type }}
          FILTER NOT EXISTS {{ GRAPH ?other {{ {{ ?x2 ?y2 ?e }} UNION {{ ?e ?y2 ?x2 }} }}
            FILTER(?other != {g} && STRSTARTS(STR(?other), {lit(prefix)})) }}
        }}"""
    )
    purged = sorted(r["e"]["value"] for r in rows)
    digest = store.select(f"SELECT ?d WHERE {{ GRAPH {g} {{ ?a <{KG.contentDigest}> ?d }} }}")
    created = now_iso()
    change = Change(
        ChangeLog.new_key(created, 0, t.article),
        "retracted",
        t.article,
        t.graph,
        digest[0]["d"]["value"] if digest else None,
        created,
        reason.strip(),
        purged,
    )
    deletes = "".join(
        f"DELETE WHERE {{ GRAPH <{eg}> {{ {_nt_iri(e)} ?p ?o }} }} ;\n"
        f"DELETE WHERE {{ GRAPH <{eg}> {{ ?s ?p {_nt_iri(e)} }} }} ;\n"
        for e in purged
    )
    # SILENT: Virtuoso refuses a plain DROP of a graph never made by CREATE GRAPH (its existence is
    # checked above). The tombstone goes first: where a request is not atomic (Virtuoso), a failure
    # part-way leaves the article listed as retracted and `kg retract` can be run again, never an
    # article gone without its tombstone.
    store.update(
        f"INSERT DATA {{ GRAPH <{log.graph}> {{\n{log.triples(change)}\n}} }} ;\n"
        f"{deletes}DROP SILENT GRAPH {g}"
    )
    return change


class Lifecycle:
    """The writer's companion: refuses retracted articles (unless forced), marks corrections, and writes
    each batch with its change records in one update request."""

    def __init__(self, store, minter: Minter, note: str | None = None, force: bool = False):
        self.store, self.minter, self.note, self.force = store, minter, note, force
        self.log = ChangeLog(store, minter)

    def _state(self, graphs: list[str]) -> tuple[dict[str, str], dict[str, list[str]], set[str]]:
        """(published digest, correction lines kept from the old graph, retracted) for each graph."""
        values = " ".join(_nt_iri(g) for g in graphs)
        digests = {
            r["g"]["value"]: r["d"]["value"]
            for r in self.store.select(
                f"SELECT ?g ?d WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?a <{KG.contentDigest}> ?d }} }}"
            )
        }
        kept: dict[str, list[str]] = {}
        if digests:
            rows = self.store.select(
                f"""SELECT ?g ?a ?c ?p ?o WHERE {{ VALUES ?g {{ {" ".join(_nt_iri(g) for g in digests)} }}
                GRAPH ?g {{ ?a <{SCHEMA.correction}> ?c . ?c ?p ?o }} }}"""
            )
            for r in rows:
                a, c, p, o = (r[k]["value"] for k in ("a", "c", "p", "o"))
                lines = kept.setdefault(r["g"]["value"], [])
                lines.append(f"<{a}> <{SCHEMA.correction}> <{c}> .")
                lines.append(f"<{c}> <{p}> {_term(r['o'])} .")
        retracted: set[str] = set()
        missing = [g for g in graphs if g not in digests]
        if missing:
            rows = self.store.select(
                f"""SELECT ?graph ?action ?key WHERE {{ GRAPH <{self.log.graph}> {{
                  VALUES ?graph {{ {" ".join(_nt_any(g) for g in missing)} }}
                  ?c <{KG.changedGraph}> ?graph ; <{KG.action}> ?action ; <{KG.changeKey}> ?key }} }}
                ORDER BY ?key"""
            )
            last: dict[str, str] = {}
            for r in rows:
                last[r["graph"]["value"]] = r["action"]["value"]
            retracted = {g for g, a in last.items() if a == "retracted"}
        return digests, kept, retracted

    def stage(self, batch: list) -> tuple[list[tuple], str]:
        """(prepared, graph N-Triples) for the articles of `batch` (pipeline.Prepared) that may be written,
        corrections added to their graphs, and the change records to write with them. Refused ones get a
        failed outcome. Nothing in `batch` is changed otherwise, so a batch may be staged again."""
        if not batch:
            return [], ""
        digests, kept, retracted = self._state([p.graph_iri for p in batch])
        created = now_iso()
        ok, records = [], []
        for n, p in enumerate(batch):
            article = p.outcome.article
            if p.graph_iri in retracted and not self.force:
                gone = self.log.tombstone(article)
                p.outcome.ok = False
                p.outcome.error = (
                    f"{p.outcome.path}: {article} was retracted"
                    + (f" on {gone.created} ({gone.note})" if gone else "")
                    + "; nothing was published (ingest with --force to publish it again)"
                )
                continue
            if digests.get(p.graph_iri) == p.digest:  # the same content again: nothing to record
                p.outcome.unchanged = True
                continue
            action = "published"
            if p.graph_iri in digests:
                action = "corrected"
                old = kept.get(p.graph_iri, [])
                number = sum(1 for line in old if f"<{SCHEMA.correction}>" in line) + 1
                c = f"{article}#correction-{number}"
                lines = [
                    *old,
                    f"<{article}> <{SCHEMA.correction}> <{c}> .",
                    f"<{c}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SCHEMA.CorrectionComment}> .",
                    f'<{c}> <{SCHEMA.datePublished}> "{created}"^^<{XSD}dateTime> .',
                ]
                # a source that states when it changed (a page's dateModified, kg/readers) is believed;
                # kg's clock stands in only where it says nothing (one dateModified: shapes/article.ttl)
                if f"<{article}> <{SCHEMA.dateModified}> " not in p.article_nt:
                    lines.append(
                        f'<{article}> <{SCHEMA.dateModified}> "{created}"^^<{XSD}dateTime> .'
                    )
                if self.note:
                    lines.append(f"<{c}> <{SCHEMA.text}> {lit(self.note)} .")
                nt = p.article_nt.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
            else:
                nt = p.article_nt
            change = Change(
                ChangeLog.new_key(created, n, article),
                action,
                article,
                p.graph_iri,
                p.digest,
                created,
                self.note if action == "corrected" else None,
            )
            records.append(self.log.triples(change))
            ok.append((p, nt))
        return ok, "\n".join(records)

    def write(self, staged: list[tuple], records: str) -> None:
        """The batch's graphs replaced, entity descriptions added, change records added: one request."""
        if not staged:
            return
        drops = "".join(f"DROP SILENT GRAPH <{p.graph_iri}> ;\n" for p, _ in staged)
        graphs = "".join(f" GRAPH <{p.graph_iri}> {{\n{nt}\n }}\n" for p, nt in staged)
        entity_nt = "\n".join(p.entity_nt for p, _ in staged)
        self.store.update(
            f"{drops}INSERT DATA {{\n{graphs}"
            f" GRAPH <{self.minter.entity_graph}> {{\n{entity_nt}\n }}\n"
            f" GRAPH <{self.log.graph}> {{\n{records}\n }}\n}}"
        )


def _nt_any(iri: str) -> str:
    return f"{lit(iri)}^^<{XSD}anyURI>"


def _term(cell: dict) -> str:
    """A SPARQL JSON result term back to N-Triples."""
    if cell["type"] == "uri":
        return f"<{cell['value']}>"
    if cell["type"] == "bnode":
        return f"_:{cell['value']}"
    out = lit(cell["value"])
    if "xml:lang" in cell:
        return f"{out}@{cell['xml:lang']}"
    dt = cell.get("datatype")
    return f"{out}^^<{dt}>" if dt and dt != XSD + "string" else out
