"""The publishing pipeline: input files -> facts documents -> RDF -> SHACL gate -> store.

Each article is one unit of work: it is published whole (one transaction) or not at all, and one bad
article never stops the others.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .article import Article, ArticleError, read_article
from .facts import FactsDocument, FactsError, is_facts_file, load_facts
from .iris import Minter
from .mapping import MappedArticle, Mapper, MappingError, RegistryLookup
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


class Publisher:
    """Writes validated articles to a store, each as one transaction."""

    def __init__(self, store, minter: Minter, registry: RegistryLookup | None = None):
        self.store = store
        self.minter = minter
        self.mapper = Mapper(minter, registry)

    def publish(self, doc: FactsDocument, path: str) -> Outcome:
        from .store import StoreError

        mapped, outcome = prepare(doc, path, self.mapper)
        if mapped is None or not outcome.ok:
            return outcome
        try:
            self.store.replace_article(
                str(mapped.graph_iri), mapped.article_graph.serialize(format="nt"),
                str(self.minter.entity_graph), mapped.entity_graph.serialize(format="nt"),
            )
        except StoreError as exc:
            outcome.ok = False
            outcome.error = f"{path}: the store refused the article, nothing was published: {exc}"
        return outcome


def run(paths: Iterable[str | Path], handle: Callable[[FactsDocument, str], Outcome],
        progress: bool | None = None) -> list[Outcome]:
    """Drive `handle` over every input, with a progress bar on a terminal, never stopping at a bad file."""
    from tqdm import tqdm

    inputs = list(discover(paths))
    show = sys.stderr.isatty() if progress is None else progress
    outcomes: list[Outcome] = []
    with tqdm(total=len(inputs), unit="article", disable=not show, file=sys.stderr, leave=False) as bar:
        for path, doc in _documents(inputs, BATCH):
            if isinstance(doc, Exception):
                outcomes.append(Outcome(path, False, error=str(doc)))
            else:
                outcomes.append(handle(doc, path))
            bar.update(1)
    return outcomes
