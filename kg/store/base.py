"""What callers may ask of a store, the errors it raises, and the one place HTTP failures become them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Protocol


class StoreError(RuntimeError):
    """The store refused a request; the message says why, in the engine's words."""

    def __init__(self, message: str, status: int | None = None):
        self.status = status
        super().__init__(message)


class StoreUnavailable(StoreError):
    """The engine does not answer (down, restarting, unreachable)."""


class QueryTimeout(StoreError):
    """The engine stopped a query that ran past its time limit."""


class TooLarge(StoreError):
    """The result is bigger than the byte cap."""


class Failed(StoreError):
    """The engine began a 200 and then failed; `message` is what it appended."""


class BrokenOff(StoreUnavailable):
    """The engine's connection ended in the middle of an answer: it died, or was restarted (the runaway
    watchdog does that). Nothing the client did: a 503 to retry, like an engine that does not answer."""


def failure(status: int, text: str, url: str) -> StoreError:
    """An engine's error answer as kg's exception: the only place an HTTP status is interpreted."""
    text = text.strip()
    if text[:15].lower().startswith(("<!doctype html", "<html")):
        text = ""  # an HTML error page (Virtuoso's 406) says nothing a log line can use
    low = text.lower()
    if (
        status in (503, 504)
        or "has been cancelled" in low
        or "timed out" in low
        or (status >= 500 and "timeout" in low)
    ):
        return QueryTimeout(text or f"HTTP {status}", status)
    if status in (401, 403):
        return StoreError(
            f"the engine at {url} refused the credentials (HTTP {status}): "
            "check KG_STORE_USER / KG_STORE_PASSWORD / KG_STORE_TOKEN"
            + (f" ({text[:200]})" if text else ""),
            status,
        )
    return StoreError(text or f"HTTP {status} from {url}", status)


@dataclass
class Answer:
    """An engine's whole answer, checked: what the web tier hands back as it is."""

    status: int
    content_type: str
    body: bytes
    cut_at: int | None = (
        None  # the engine's row cap, when it says it applied one (X-SPARQL-MaxRows)
    )


@dataclass
class Relayed:
    """A Graph Store answer relayed as a stream: status, the headers worth passing on, the body's chunks."""

    status: int
    headers: dict[str, str]
    chunks: Iterator[bytes]
    close: object  # a callable: releases the connection when the body is not read to its end


class Store(Protocol):
    def answer(
        self,
        sparql: str,
        accept: str,
        *,
        graphs: list[tuple[str, str]] | None = None,
        deadline: float | None = None,
        max_bytes: int = ...,
    ) -> Answer: ...

    def stream(self, sparql: str, accept: str) -> Iterator[bytes]: ...

    def select(self, sparql: str) -> list[dict[str, dict]]: ...

    def rows(self, sparql: str) -> Iterator[tuple[str, ...]]: ...

    def ask(self, sparql: str) -> bool: ...

    def count(self, sparql: str) -> int: ...

    def update(self, sparql: str) -> None: ...

    def run_update(self, sparql: str, graphs: list[tuple[str, str]], deadline: float) -> None: ...

    def replace_article(
        self, graph_iri: str, article_ntriples: str, shared_graph_iri: str, shared_ntriples: str
    ) -> None: ...

    def replace_articles(
        self, articles: list[tuple[str, str]], shared_graph_iri: str, shared_ntriples: str
    ) -> None: ...

    def drop_graph(self, graph_iri: str) -> None: ...

    def dump(self, media_type: str) -> Iterator[bytes]: ...

    def write_dump(self, media_type: str, out: IO[bytes]) -> int: ...

    def graph_store(
        self, method: str, params: list[tuple[str, str]], headers: dict, body: bytes | None
    ) -> Relayed: ...

    def ping(self) -> bool: ...

    def close(self) -> None: ...
