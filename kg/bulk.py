"""Archive ingest (`kg ingest --bulk`): the same gate and the same graph as `kg ingest`, loaded in chunks.

Everything before the write is the normal pipeline (pipeline.run: extraction, then mapping, the SHACL gate
and serialization on a pool of worker processes). Only the writer differs: instead of one transaction per
article, a chunk of articles goes to the engine's bulk loader in one request (kg/store/bulk.py). The graph
is the one a normal ingest gives: an article whose graph exists is emptied first and written again, an
article published with the same content is skipped, a later input with the same key is loaded after the
earlier one (as its correction), each article's change record goes with it (kg/lifecycle.py), and the
entity registry also sees the entities of chunks not yet loaded.

Resumable: before a chunk is loaded, its graphs are written to a journal; after, the chunk is marked done.
A run that was killed is resumed by running the same command: the graphs of a chunk begun but not done are
treated as unpublished (whatever part of them reached the store is replaced), everything else that reached
the store is skipped as unchanged. The journal is removed when a run ends with every chunk done.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from rdflib import URIRef

from .iris import SCHEMA, Minter
from .mapping import KnownEntity, RegistryLookup
from .pipeline import EngineGone, Outcome, Prepared, Writer
from .registry import BASE_TYPES

CHUNK = 500  # articles per bulk load: ~165,000 quads, ~25 MB of N-Quads
SAME_AS = f"<{SCHEMA.sameAs}>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
NAME = f"<{SCHEMA.name}>"


class Journal:
    """Append-only JSON lines: {"begin": n, "graphs": [...]} before a chunk loads, {"done": n} after."""

    def __init__(self, path: Path):
        self.path = path
        self.begun: dict[int, list[str]] = {}  # unfinished when the journal was read
        self.open: set[int] = set()  # begun by this run and not done
        self.next = 0
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:  # the last line of a killed run may be cut short
                    continue
                self.next = max(self.next, entry.get("begin", entry.get("done", -1)) + 1)
                if "begin" in entry:
                    self.begun[entry["begin"]] = entry["graphs"]
                elif "done" in entry:
                    self.begun.pop(entry["done"], None)
        self.unfinished = {g for graphs in self.begun.values() for g in graphs}

    def _write(self, entry: dict) -> None:
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def begin(self, graphs: list[str]) -> int:
        n, self.next = self.next, self.next + 1
        self._write({"begin": n, "graphs": graphs})
        self.open.add(n)
        return n

    def done(self, n: int) -> None:
        self._write({"done": n})
        self.open.discard(n)

    def finish(self) -> None:
        self.path.unlink(missing_ok=True)


class PendingRegistry(RegistryLookup):
    """The store's registry plus the entities of articles prepared but not yet loaded.

    A normal ingest writes each article before it looks up the ones after it (up to the pool's window);
    a bulk ingest writes a chunk at a time, so the sameAs links of the pending chunk are answered here,
    the same way the store would (the smallest entity IRI per link)."""

    def __init__(self, registry: RegistryLookup | None):
        self.registry = registry
        self.pending: dict[str, dict[str, KnownEntity]] = {}

    def note(self, entity_nt: str) -> None:
        if SAME_AS not in entity_nt:
            return
        lines = [line.split(" ", 2) for line in entity_nt.splitlines() if line]
        for s, p, o in lines:
            if p != SAME_AS:
                continue
            link = o.rsplit(" ", 1)[0].strip()[1:-1]
            types = [
                BASE_TYPES.get(x[2].rsplit(" ", 1)[0][1:-1]) for x in lines if x[:2] == [s, TYPE]
            ]
            names = [x[2] for x in lines if x[:2] == [s, NAME]]
            base = next((t for t in types if t), None)
            if base:
                name = json.loads(names[0].rsplit(" ", 1)[0]) if names else None
                self.pending.setdefault(link, {})[s[1:-1]] = KnownEntity(
                    URIRef(s[1:-1]), base, name
                )

    def clear(self) -> None:
        self.pending.clear()

    def by_same_as(self, same_as: list[str]) -> dict[str, KnownEntity]:
        found = self.registry.by_same_as(same_as) if self.registry else {}
        for link in same_as:
            candidates = list(self.pending.get(link, {}).values())
            if link in found:
                candidates.append(found[link])
            if candidates:
                found[link] = min(candidates, key=lambda k: str(k.iri))
        return found


class BulkWriter(Writer):
    """Writer's decisions (unchanged, replaced, refused), applied a chunk at a time."""

    def __init__(
        self,
        store,
        minter: Minter,
        journal: Journal,
        bulk_loader: bool,
        registry: PendingRegistry | None = None,
        chunk: int = CHUNK,
    ):
        super().__init__(store, minter, batch=chunk)
        self.journal, self.bulk_loader, self.registry = journal, bulk_loader, registry
        self.present = set(self.published) | journal.unfinished  # graphs to empty before loading
        if journal.unfinished:  # begun, not done: maybe half there; emptied, then loaded again
            from .store.bulk import drop_graphs

            drop_graphs(store, sorted(journal.unfinished))
        for graph in journal.unfinished:
            self.published.pop(graph, None)
        self.chunk: dict[str, Prepared] = {}  # graph -> the latest input for it in this chunk
        self.waiting: list[Outcome] = []  # outcomes in input order, final when the chunk is loaded
        self.loaded = self.chunks = 0
        self.seconds = 0.0

    def add(self, prepared: Prepared) -> list[Outcome]:
        outcome = prepared.outcome
        done: list[Outcome] = []
        earlier = self.chunk.get(prepared.graph_iri) if outcome.ok and prepared.graph_iri else None
        if earlier is not None and earlier.digest != prepared.digest:
            # a later version of an article of this chunk: the earlier one is loaded first, so that this
            # one is its correction (with its change record), as in a normal ingest
            done = self.flush()
            earlier = None
        self.waiting.append(outcome)
        if outcome.ok and prepared.graph_iri:
            graph = prepared.graph_iri
            if (earlier.digest if earlier else self.published.get(graph)) == prepared.digest:
                outcome.unchanged = True
            else:
                self.chunk[graph] = prepared
                if self.registry:
                    self.registry.note(prepared.entity_nt)
        return done + (self.flush() if len(self.chunk) >= self.batch else [])

    def flush(self) -> list[Outcome]:
        from .store import StoreError, StoreUnavailable
        from .store.bulk import drop_graphs, load

        chunk, outcomes = list(self.chunk.values()), self.waiting
        self.chunk, self.waiting = {}, []
        if not chunk:
            return outcomes
        # the normal writer's decisions: retracted articles refused (unless forced), corrections marked,
        # a change record for each article (kg/lifecycle.py), so the feed is the same either way
        staged, records = self.lifecycle.stage(chunk)
        chunk = [p for p, _ in staged]
        if not chunk:
            return outcomes
        graphs = [p.graph_iri for p in chunk]
        n = self.journal.begin(graphs)
        start = time.perf_counter()
        try:
            drop_graphs(self.store, [g for g in graphs if g in self.present])
            load(
                self.store,
                [(p.graph_iri, nt) for p, nt in staged],
                str(self.minter.entity_graph),
                [p.entity_nt for p in chunk],
                self.bulk_loader,
                (str(self.lifecycle.log.graph), records),
            )
        except StoreUnavailable:
            for p in chunk:
                p.outcome.ok = False
                p.outcome.error = f"{p.outcome.path}: not published: the store does not answer"
            raise EngineGone(outcomes) from None
        except StoreError as exc:
            for p in chunk:
                p.outcome.ok = False
                p.outcome.error = (
                    f"{p.outcome.path}: the store refused the chunk this article was in; "
                    f"run the same command again to retry it: {exc}"
                )
            return outcomes
        self.journal.done(n)
        self.seconds += time.perf_counter() - start
        self.chunks += 1
        self.loaded += len(chunk)
        for p in chunk:
            self.published[p.graph_iri] = p.digest
            self.present.add(p.graph_iri)
        if self.registry:
            self.registry.clear()  # now the store answers for them
        return outcomes


def ingest(
    paths: list[str],
    settings,
    workers: int | None = None,
    chunk: int = CHUNK,
    progress: bool | None = None,
    fetcher=None,
) -> tuple[list[Outcome], str]:
    """`kg ingest --bulk`: the outcomes (as `kg ingest` gives them) and a closing report."""
    import sys

    from .pipeline import run
    from .registry import StoreRegistry
    from .store import open_store

    minter = Minter(settings.base_iri)
    journal_path = settings.cache_path() / "bulk-journal.jsonl"
    journal_path.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with open_store(settings) as store:
        journal = Journal(journal_path)
        if journal.unfinished:
            print(
                f"resuming: {len(journal.unfinished)} article(s) of an interrupted bulk ingest are "
                "loaded again",
                file=sys.stderr,
            )
        registry = PendingRegistry(StoreRegistry(store, minter))
        writer = BulkWriter(
            store, minter, journal, not settings.is_remote, registry=registry, chunk=chunk
        )
        outcomes = run(
            paths,
            settings.base_iri,
            store=store,
            registry=registry,
            progress=progress,
            workers=workers,
            writer=writer,
            fetcher=fetcher,
        )
    # Every chunk of this run loaded (refused articles are not in the store and need no journal); a run
    # the engine broke off keeps it, and so does one with a chunk the engine refused.
    if not journal.open and not any("not attempted" in (o.error or "") for o in outcomes):
        journal.finish()
    seconds = time.perf_counter() - start
    failed = sum(not o.ok for o in outcomes)
    unchanged = sum(o.unchanged for o in outcomes)
    triples = sum(o.triples for o in outcomes if o.ok and not o.unchanged)
    how = "Oxigraph's bulk loader" if not settings.is_remote else "SPARQL updates"
    report = (
        f"bulk ingest: {len(outcomes)} input(s) in {seconds:.1f} s "
        f"({len(outcomes) / seconds if seconds else 0:.1f}/s): {writer.loaded} published in "
        f"{writer.chunks} chunk(s) ({triples:,} triples, {how}, {writer.seconds:.1f} s loading), "
        f"{unchanged} unchanged, {failed} failed"
    )
    return outcomes, report
