"""The change log: one record per article published, corrected or retracted, kept in the store itself.

Why in the store: every process and instance (CLI, web workers, a second host) must see the same history,
and a record must be written in the same transaction as the change it describes. Records live in their own
graph (BASE/graph/changes) and name the things they are about with xsd:anyURI literals, never IRIs: the
union default graph that pages, search and counts read would otherwise show a retracted article as still
"existing" (it would be the object of a triple).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .iris import KG, Minter

XSD = "http://www.w3.org/2001/XMLSchema#"
DCT_CREATED = "http://purl.org/dc/terms/created"
ACTIONS = ("published", "corrected", "retracted", "merged", "unmerged")
PAGE = 100


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def lit(text: str) -> str:
    """An N-Triples string literal (the escapes N-Triples requires, nothing more)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{out}"'


def uri_lit(iri: str) -> str:
    return f"{lit(iri)}^^<{XSD}anyURI>"


@dataclass
class Change:
    key: str
    action: str
    subject: str  # the article (or, for merges, the entity merged away)
    graph: str | None = None
    digest: str | None = None
    created: str = ""
    note: str | None = None
    purged: list[str] = field(default_factory=list)  # entities that went with a retracted article
    target: str | None = None  # merges: the entity kept
    graphs: list[str] = field(default_factory=list)  # merges: the article graphs rewritten

    def to_dict(self, base: str) -> dict:
        out = {
            "id": self.key,
            "url": f"{base}changes/{self.key}",
            "action": self.action,
            "subject": self.subject,
            "graph": self.graph,
            "digest": self.digest,
            "updated": self.created,
        }
        if self.note:
            out["note"] = self.note
        if self.purged:
            out["purged"] = sorted(self.purged)
        if self.target:
            out["target"] = self.target
        if self.graphs:
            out["graphs"] = sorted(self.graphs)
        return out


class ChangeLog:
    """Reads and writes the records; writes are N-Triples for the caller's own update request."""

    def __init__(self, store, minter: Minter):
        self.store, self.minter = store, minter

    @property
    def graph(self) -> str:
        return f"{self.minter.base}graph/changes"

    def record_iri(self, key: str) -> str:
        return f"{self.minter.base}change/{key}"

    @staticmethod
    def new_key(created: str, n: int, subject: str) -> str:
        """Sortable by time; the sequence number keeps a batch in input order, the hash apart from others."""
        stamp = created.replace("-", "").replace(":", "").replace(".", "")
        return f"{stamp}-{n:04d}-{hashlib.sha256(subject.encode()).hexdigest()[:8]}"

    def triples(self, c: Change) -> str:
        s = f"<{self.record_iri(c.key)}>"
        lines = [
            f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG.Change}> .",
            f"{s} <{KG.changeKey}> {lit(c.key)} .",
            f"{s} <{KG.action}> {lit(c.action)} .",
            f"{s} <{KG.changed}> {uri_lit(c.subject)} .",
            f'{s} <{DCT_CREATED}> "{c.created}"^^<{XSD}dateTime> .',
        ]
        if c.graph:
            lines.append(f"{s} <{KG.changedGraph}> {uri_lit(c.graph)} .")
        if c.digest:
            lines.append(f"{s} <{KG.contentDigest}> {lit(c.digest)} .")
        if c.note:
            lines.append(f"{s} <{KG.note}> {lit(c.note)} .")
        if c.target:
            lines.append(f"{s} <{KG.mergedInto}> {uri_lit(c.target)} .")
        lines += [f"{s} <{KG.purged}> {uri_lit(e)} ." for e in sorted(c.purged)]
        lines += [f"{s} <{KG.touchedGraph}> {uri_lit(g)} ." for g in sorted(c.graphs)]
        return "\n".join(lines)

    # -- reading -----------------------------------------------------------------------------------
    def _rows(self, where: str, limit: int | None = None) -> list[Change]:
        rows = self.store.select(
            f"""SELECT ?c ?key ?action ?subject ?created ?graph ?digest ?note ?target
                (GROUP_CONCAT(DISTINCT STR(?p); separator=" ") AS ?purged)
                (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?touched) WHERE {{
              GRAPH <{self.graph}> {{
                ?c <{KG.changeKey}> ?key ; <{KG.action}> ?action ; <{KG.changed}> ?subject ;
                   <{DCT_CREATED}> ?created .
                {where}
                OPTIONAL {{ ?c <{KG.changedGraph}> ?graph }}
                OPTIONAL {{ ?c <{KG.contentDigest}> ?digest }}
                OPTIONAL {{ ?c <{KG.note}> ?note }}
                OPTIONAL {{ ?c <{KG.mergedInto}> ?target }}
                OPTIONAL {{ ?c <{KG.purged}> ?p }}
                OPTIONAL {{ ?c <{KG.touchedGraph}> ?t }}
              }}
            }} GROUP BY ?c ?key ?action ?subject ?created ?graph ?digest ?note ?target
            ORDER BY ?key {f"LIMIT {limit}" if limit else ""}"""
        )
        v = lambda r, k: r[k]["value"] if k in r else None  # noqa: E731
        return [
            Change(
                v(r, "key"),
                v(r, "action"),
                v(r, "subject"),
                v(r, "graph"),
                v(r, "digest"),
                v(r, "created"),
                v(r, "note"),
                (v(r, "purged") or "").split(),
                v(r, "target"),
                (v(r, "touched") or "").split(),
            )
            for r in rows
        ]

    def entries(self, after: str | None = None, limit: int = PAGE) -> list[Change]:
        """Oldest first: the order a mirror must apply them in."""
        where = f"FILTER(STR(?key) > {lit(after)})" if after else ""
        return self._rows(where, limit)

    def about(self, iri: str) -> list[Change]:
        """Every record naming `iri` (as the article changed, the entity merged, or an entity purged)."""
        u = uri_lit(iri)
        return self._rows(
            f"{{ ?c <{KG.changed}> {u} }} UNION {{ ?c <{KG.purged}> {u} }} "
            f"UNION {{ ?c <{KG.mergedInto}> {u} }}"
        )

    def latest(self) -> str | None:
        rows = self.store.select(
            f"SELECT (MAX(STR(?k)) AS ?key) WHERE {{ GRAPH <{self.graph}> {{ ?c <{KG.changeKey}> ?k }} }}"
        )
        return rows[0]["key"]["value"] if rows and "key" in rows[0] else None

    def tombstone(self, iri: str) -> Change | None:
        """The retraction that took `iri` away, if the last word about it was one."""
        history = self.about(iri)
        for c in reversed(history):
            if c.action == "retracted" and (c.subject == iri or iri in c.purged):
                return c
            if c.subject == iri and c.action in ("published", "corrected"):
                return None
        return None

    def merged_into(self, iri: str) -> str | None:
        """The entity `iri` was merged into, unless the merge was undone since."""
        for c in reversed(self.about(iri)):
            if c.subject == iri and c.action == "merged":
                return c.target
            if c.subject == iri and c.action == "unmerged":
                return None
        return None
