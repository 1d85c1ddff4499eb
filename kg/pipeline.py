"""The publishing pipeline: input files -> facts documents -> RDF -> SHACL gate -> store.

Each article is one unit of work: it is published whole (one transaction) or not at all, and one bad
article never stops the others.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article
from .facts import FactsDocument
from .iris import KG, Minter
from .mapping import KnownEntity, MappedArticle, Mapper, MappingError, RegistryLookup
from .readers import Fetcher, is_url, read_source
from .store.engine import die_with_parent
from .validation import Report, check, gate_shapes

INPUT_SUFFIXES = {".txt", ".json", ".html", ".htm", ".xhtml", ".rss", ".atom", ".xml"}
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
    unchanged: bool = False  # already published with the same content: nothing was written

    def to_dict(self) -> dict:
        return {
            "file": self.path,
            "ok": self.ok,
            "unchanged": self.unchanged,
            "article": self.article,
            "error": self.error,
            "triples": self.triples,
            "report": self.report.to_dict() if self.report else None,
        }


class InputError(ValueError):
    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


def discover(paths: Iterable[str | Path]) -> Iterator[Path | str | InputError]:
    """Files as given, URLs as given (str); folders walked for the INPUT_SUFFIXES in a stable order."""
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            yield raw
            continue
        p = Path(raw)
        if p.is_dir():
            yield from sorted(
                x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in INPUT_SUFFIXES
            )
        elif p.is_file():
            yield p
        else:
            yield InputError(str(p), "no such file or folder")


def documents(
    paths: Iterable[str | Path], batch: int = BATCH, fetcher: Fetcher | None = None
) -> Iterator[tuple[str, FactsDocument | Exception]]:
    """Every input as a facts document (or the error that stopped it); articles are extracted in batches."""
    return _documents(discover(paths), batch, fetcher)


def _documents(
    items: Iterable[Path | str | InputError],
    batch: int,
    fetcher: Fetcher | None = None,
    read: Callable = read_source,
) -> Iterator[tuple[str, FactsDocument | Exception]]:
    pending: list[Article] = []

    def flush() -> Iterator[tuple[str, FactsDocument | Exception]]:
        if not pending:
            return
        from .extract import extract_many  # spaCy loads only when there is text to read

        for art, doc in zip(pending, extract_many(pending, batch_size=batch), strict=True):
            yield art.path, doc
        pending.clear()

    for item in items:
        if isinstance(item, InputError):
            yield item.path, item
            continue
        for name, got in read(item, fetcher):  # the reader is picked from the content
            if isinstance(got, Exception):
                yield name, got
            elif isinstance(got, FactsDocument):
                yield from flush()
                yield name, got
            else:
                pending.append(got)
                if len(pending) >= batch:
                    yield from flush()
    yield from flush()


def prepare(
    doc: FactsDocument, path: str, mapper: Mapper, published: dict[str, str] | None = None
) -> tuple[MappedArticle | None, Outcome]:
    """Map and validate; nothing is written here.

    An article whose graph is already published with the same content digest is not validated again:
    it passed the gate when it was written, and a resumed bulk ingest should not pay for it twice.
    """
    try:
        mapped = mapper.map(doc)
    except MappingError as exc:
        return None, Outcome(path, False, error=f"{path}: {exc}")
    if published and published.get(str(mapped.graph_iri)) == str(
        mapped.article_graph.value(mapped.iri, KG.contentDigest)
    ):
        return mapped, Outcome(
            path,
            True,
            article=str(mapped.iri),
            unchanged=True,
            triples=len(mapped.article_graph) + len(mapped.entity_graph),
        )
    report = check(mapped, path)
    outcome = Outcome(
        path,
        report.conforms,
        article=str(mapped.iri),
        report=report,
        triples=len(mapped.article_graph) + len(mapped.entity_graph),
        warnings=[f.line(path) for f in report.warnings],
    )
    if not report.conforms:
        outcome.error = (
            f"{path}: rejected by the SHACL gate ({len(report.violations)} violation(s)); "
            "nothing was published"
        )
    return mapped, outcome


@dataclass
class Prepared:
    """What a worker hands back: the verdict, and the serialized graphs when the article may be written."""

    outcome: Outcome
    graph_iri: str | None = None
    article_nt: str = ""
    entity_nt: str = ""
    digest: str | None = None


class KnownEntities(RegistryLookup):
    """The registry's answers, looked up in the main process and shipped to a worker with the document."""

    def __init__(self, known: dict[str, KnownEntity]):
        self.known = known

    def by_same_as(self, same_as: list[str]) -> dict[str, KnownEntity]:
        return {s: self.known[s] for s in same_as if s in self.known}


def prepare_job(
    job: tuple[FactsDocument, str, str, dict[str, KnownEntity], dict[str, str]],
) -> Prepared:
    """Map, validate and serialize one article: pure CPU work, run in a pool of worker processes."""
    doc, path, base, known, published = job
    mapped, outcome = prepare(doc, path, Mapper(Minter(base), KnownEntities(known)), published)
    if mapped is None or not outcome.ok or outcome.unchanged:
        return Prepared(outcome)
    return Prepared(
        outcome,
        str(mapped.graph_iri),
        mapped.article_graph.serialize(format="nt"),
        mapped.entity_graph.serialize(format="nt"),
        str(mapped.article_graph.value(mapped.iri, KG.contentDigest)),
    )


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
    gate_shapes()  # parse the shapes once, before the fork, not once per worker
    window = workers * 4
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_ingest,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque = deque()
        for job in jobs:
            pending.append(
                _Done(job) if isinstance(job, Prepared) else pool.submit(prepare_job, job)
            )
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _die_with_ingest(parent: int) -> None:
    """Runs in each pool worker. Forked workers hold the pipes the pool feeds them through, so when the
    ingest was killed (kill -9, the OOM killer) they never saw the pipes close and waited forever."""
    die_with_parent(signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)


class Writer:
    """Writes prepared articles: unchanged ones skipped, the rest in batches, each article whole or absent.

    A batch is one update request (one transaction); when the engine refuses a batch, its articles are
    retried one by one so that only the bad one fails. When the engine is unreachable the run stops: a
    re-run of the same command skips what was already published (the content digests match) and resumes.
    """

    def __init__(
        self, store, minter: Minter, batch: int = 1, note: str | None = None, force: bool = False
    ):
        from .lifecycle import Lifecycle

        self.store, self.minter, self.batch = store, minter, max(1, batch)
        self.lifecycle = Lifecycle(store, minter, note, force)  # corrections, retractions, the feed
        self.pending: list[Prepared] = []
        self.published = self._published_digests()

    def _published_digests(self) -> dict[str, str]:
        rows = self.store.select(f"""SELECT ?g ?d WHERE {{ GRAPH ?g {{ ?a <{KG.contentDigest}> ?d }}
            FILTER STRSTARTS(STR(?g), "{self.minter.article_graph_prefix}") }}""")
        return {r["g"]["value"]: r["d"]["value"] for r in rows}

    def add(self, prepared: Prepared) -> list[Outcome]:
        """Queue one article; returns the outcomes that are final now (in input order)."""
        outcome = prepared.outcome
        if not outcome.ok or not prepared.graph_iri:
            return [*self.flush(), outcome]
        if self.published.get(prepared.graph_iri) == prepared.digest:
            outcome.unchanged = True
            return [*self.flush(), outcome]
        self.pending.append(prepared)
        return self.flush() if len(self.pending) >= self.batch else []

    def flush(self) -> list[Outcome]:
        from .store import StoreError, StoreUnavailable

        batch, self.pending = self.pending, []
        if not batch:
            return []
        try:
            self.lifecycle.write(*self.lifecycle.stage(batch))
        except StoreUnavailable as exc:
            for p in batch:
                p.outcome.ok = False
                p.outcome.error = f"{p.outcome.path}: not published: the store does not answer"
            raise EngineGone([p.outcome for p in batch]) from exc
        except StoreError as exc:
            if len(batch) > 1:
                return [o for p in batch for o in (self._single(p))]
            p = batch[0]
            p.outcome.ok = False
            p.outcome.error = (
                f"{p.outcome.path}: the store refused the article, nothing was published: {exc}"
            )
            return [p.outcome]
        for p in batch:
            if p.outcome.ok:
                self.published[p.graph_iri] = p.digest
        return [p.outcome for p in batch]

    def _single(self, prepared: Prepared) -> list[Outcome]:
        self.pending = [prepared]
        return self.flush()


class EngineGone(Exception):
    """The store stopped answering in the middle of a run."""

    def __init__(self, outcomes: list[Outcome]):
        self.outcomes = outcomes


class Publisher:
    """One document at a time (publishing over HTTP): the same gate and transaction as `run`."""

    def __init__(
        self,
        store,
        minter: Minter,
        registry: RegistryLookup | None = None,
        note: str | None = None,
        force: bool = False,
    ):
        from .lifecycle import Lifecycle

        self.store, self.minter, self.registry = store, minter, registry
        self.lifecycle = Lifecycle(store, minter, note, force)

    def publish(self, doc: FactsDocument, path: str) -> Outcome:
        from .store import StoreError

        known = (
            self.registry.by_same_as([s for e in doc.entities for s in e.sameAs])
            if self.registry
            else {}
        )
        from .merge import Merges

        doc = Merges(self.store, self.minter).apply(doc)  # OTHER's names go to KEEP (kg merge)
        prepared = prepare_job((doc, path, self.minter.base, known, {}))
        outcome = prepared.outcome
        if outcome.ok and prepared.graph_iri:
            try:
                self.lifecycle.write(*self.lifecycle.stage([prepared]))
            except StoreError as exc:
                outcome.ok = False
                outcome.error = (
                    f"{path}: the store refused the article, nothing was published: {exc}"
                )
        return outcome


def run(
    paths: Iterable[str | Path],
    base: str,
    store=None,
    registry: RegistryLookup | None = None,
    progress: bool | None = None,
    workers: int | None = None,
    batch: int = 1,
    fetcher: Fetcher | None = None,
    read: Callable = read_source,
    note: str | None = None,
    force: bool = False,
    writer: Writer | None = None,
) -> list[Outcome]:
    """Every input through the gate, and (with a store) each valid article written as one transaction.

    Mapping and SHACL run in worker processes; the registry look-ups and the writes stay here, in input
    order, so that the store sees the same sequence of transactions as a sequential run.
    """
    from tqdm import tqdm

    from .store import StoreUnavailable

    inputs = list(discover(paths))
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(inputs) >= 8 else 1
    minter = Minter(base)
    if writer is None and store is not None:
        writer = Writer(store, minter, batch, note, force)
    if store is not None:
        from .merge import Merges

        merges = Merges(store, minter)  # OTHER's names go to KEEP (kg merge)

    def jobs() -> Iterator[tuple | Prepared]:
        for path, doc in _documents(inputs, BATCH, fetcher, read):
            if isinstance(doc, Exception):
                yield Prepared(Outcome(path, False, error=str(doc)))
                continue
            if store is not None:
                doc = merges.apply(doc)
            known = (
                registry.by_same_as([s for e in doc.entities for s in e.sameAs]) if registry else {}
            )
            graph = str(
                minter.article_graph(
                    doc.article.key
                    or minter.article_key(doc.article.datePublished, doc.article.headline)
                )
            )
            yield (
                doc,
                path,
                base,
                known,
                {graph: writer.published[graph]} if writer and graph in writer.published else {},
            )

    show = sys.stderr.isatty() if progress is None else progress
    size = os.get_terminal_size(sys.stderr.fileno()) if show else os.terminal_size((0, 0))
    outcomes: list[Outcome] = []
    with tqdm(
        total=len(inputs),
        unit="article",
        disable=not show,
        file=sys.stderr,
        leave=False,
        ncols=size.columns or 80,
        nrows=size.lines or 24,
    ) as bar:  # a terminal reporting no size still gets one
        try:
            for prepared in _in_order(jobs(), workers):
                done = writer.add(prepared) if writer else [prepared.outcome]
                outcomes += done
                bar.update(len(done))
            if writer:
                outcomes += writer.flush()
        except (EngineGone, StoreUnavailable) as gone:
            outcomes += gone.outcomes if isinstance(gone, EngineGone) else []
            seen = {o.path for o in outcomes}
            outcomes += [
                Outcome(
                    str(p),
                    False,
                    error=f"{p}: not attempted: the store stopped answering; "
                    "run the same command again to resume",
                )
                for p in inputs
                if isinstance(p, Path | str) and str(p) not in seen
            ]
    return outcomes
