"""The publishing pipeline: input files -> facts documents -> RDF -> SHACL gate -> store.

Each article is one unit of work: it is published whole (one transaction) or not at all, and one bad
article never stops the others.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .article import Article, ArticleError, read_article
from .facts import FactsDocument, FactsError, is_facts_file, load_facts
from .iris import Minter
from .mapping import KnownEntity, MappedArticle, Mapper, MappingError, RegistryLookup
from .ontology import shapes_graph
from .validation import Report, check

INPUT_SUFFIXES = {".txt", ".json"}
BATCH = 32


@dataclass
class Outcome:
    path: str
    ok: bool
    article: str | None = None
    error: str | None = None
    report: Report | None = None
    triples: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "file": self.path, "ok": self.ok, "article": self.article, "error": self.error, "triples": self.triples,
            "report": self.report.to_dict() if self.report else None,
        }


class InputError(ValueError):
    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


def discover(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files as given; folders walked for *.txt and *.json in a stable order."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in INPUT_SUFFIXES):
                yield f
        elif p.is_file():
            yield p
        else:
            yield InputError(str(p), "no such file or folder")


def documents(paths: Iterable[str | Path], batch: int = BATCH) -> Iterator[tuple[str, FactsDocument | Exception]]:
    """Every input as a facts document (or the error that stopped it); articles are extracted in batches."""
    return _documents(discover(paths), batch)


def _documents(items: Iterable[Path | InputError], batch: int) -> Iterator[tuple[str, FactsDocument | Exception]]:
    pending: list[Article] = []

    def flush() -> Iterator[tuple[str, FactsDocument | Exception]]:
        if not pending:
            return
        from .extract import extract_many  # spaCy loads only when there is text to read

        for art, doc in zip(pending, extract_many(pending, batch_size=batch)):
            yield art.path, doc
        pending.clear()

    for item in items:
        if isinstance(item, InputError):
            yield item.path, item
            continue
        if is_facts_file(item):
            yield from flush()
            try:
                yield str(item), load_facts(item)
            except FactsError as exc:
                yield str(item), exc
            continue
        try:
            pending.append(read_article(item))
        except ArticleError as exc:
            yield str(item), exc
            continue
        if len(pending) >= batch:
            yield from flush()
    yield from flush()


def prepare(doc: FactsDocument, path: str, mapper: Mapper) -> tuple[MappedArticle | None, Outcome]:
    """Map and validate; nothing is written here."""
    try:
        mapped = mapper.map(doc)
    except MappingError as exc:
        return None, Outcome(path, False, error=f"{path}: {exc}")
    report = check(mapped, path)
    outcome = Outcome(path, report.conforms, article=str(mapped.iri), report=report,
                      triples=len(mapped.article_graph) + len(mapped.entity_graph),
                      warnings=[f.line(path) for f in report.warnings])
    if not report.conforms:
        outcome.error = f"{path}: rejected by the SHACL gate ({len(report.violations)} violation(s)); nothing was published"
    return mapped, outcome


@dataclass
class Prepared:
    """What a worker hands back: the verdict, and the serialized graphs when the article may be written."""

    outcome: Outcome
    graph_iri: str | None = None
    article_nt: str = ""
    entity_nt: str = ""


class KnownEntities(RegistryLookup):
    """The registry's answers, looked up in the main process and shipped to a worker with the document."""

    def __init__(self, known: dict[str, KnownEntity]):
        self.known = known

    def by_same_as(self, same_as: list[str]) -> dict[str, KnownEntity]:
        return {s: self.known[s] for s in same_as if s in self.known}


def prepare_job(job: tuple[FactsDocument, str, str, dict[str, KnownEntity]]) -> Prepared:
    """Map, validate and serialize one article: pure CPU work, run in a pool of worker processes."""
    doc, path, base, known = job
    mapped, outcome = prepare(doc, path, Mapper(Minter(base), KnownEntities(known)))
    if mapped is None or not outcome.ok:
        return Prepared(outcome)
    return Prepared(outcome, str(mapped.graph_iri), mapped.article_graph.serialize(format="nt"),
                    mapped.entity_graph.serialize(format="nt"))


class _Done:
    def __init__(self, value: Prepared):
        self.value = value

    def result(self) -> Prepared:
        return self.value


def _in_order(jobs: Iterator[tuple | Prepared], workers: int) -> Iterator[Prepared]:
    """prepare_job over the jobs on `workers` processes, results in input order, a bounded window ahead."""
    if workers <= 1:
        for job in jobs:
            yield job if isinstance(job, Prepared) else prepare_job(job)
        return
    shapes_graph()  # parse the shapes once, before the fork, not once per worker
    window = workers * 4
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque = deque()
        for job in jobs:
            pending.append(_Done(job) if isinstance(job, Prepared) else pool.submit(prepare_job, job))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def write(store, minter: Minter, prepared: Prepared) -> Outcome:
    """One article, one transaction; a refusal leaves the store as it was and says so."""
    from .store import StoreError

    outcome = prepared.outcome
    if outcome.ok and prepared.graph_iri:
        try:
            store.replace_article(prepared.graph_iri, prepared.article_nt, str(minter.entity_graph), prepared.entity_nt)
        except StoreError as exc:
            outcome.ok = False
            outcome.error = f"{outcome.path}: the store refused the article, nothing was published: {exc}"
    return outcome


class Publisher:
    """One document at a time (publishing over HTTP): the same gate and transaction as `run`."""

    def __init__(self, store, minter: Minter, registry: RegistryLookup | None = None):
        self.store, self.minter, self.registry = store, minter, registry

    def publish(self, doc: FactsDocument, path: str) -> Outcome:
        known = self.registry.by_same_as([s for e in doc.entities for s in e.sameAs]) if self.registry else {}
        return write(self.store, self.minter, prepare_job((doc, path, self.minter.base, known)))


def run(paths: Iterable[str | Path], base: str, store=None, registry: RegistryLookup | None = None,
        progress: bool | None = None, workers: int | None = None) -> list[Outcome]:
    """Every input through the gate, and (with a store) each valid article written as one transaction.

    Mapping and SHACL run in worker processes; the registry look-ups and the writes stay here, in input
    order, so that the store sees the same sequence of transactions as a sequential run.
    """
    from tqdm import tqdm

    inputs = list(discover(paths))
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(inputs) >= 8 else 1

    def jobs() -> Iterator[tuple | Prepared]:
        for path, doc in _documents(inputs, BATCH):
            if isinstance(doc, Exception):
                yield Prepared(Outcome(path, False, error=str(doc)))
                continue
            known = registry.by_same_as([s for e in doc.entities for s in e.sameAs]) if registry else {}
            yield (doc, path, base, known)

    show = sys.stderr.isatty() if progress is None else progress
    outcomes: list[Outcome] = []
    minter = Minter(base)
    size = os.get_terminal_size(sys.stderr.fileno()) if show else os.terminal_size((0, 0))
    with tqdm(total=len(inputs), unit="article", disable=not show, file=sys.stderr, leave=False,
              ncols=size.columns or 80, nrows=size.lines or 24) as bar:  # a terminal reporting no size still gets one
        for prepared in _in_order(jobs(), workers):
            outcomes.append(write(store, minter, prepared) if store is not None else prepared.outcome)
            bar.update(1)
    return outcomes
