"""What callers may ask of a store, and the errors it raises."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Protocol

import requests


class StoreError(RuntimeError):
    """The store refused a request; the message says why, in the engine's words."""

    def __init__(self, message: str, status: int | None = None):
        self.status = status
        super().__init__(message)


class StoreUnavailable(StoreError):
    """The engine does not answer (down, restarting, unreachable)."""


class QueryTimeout(StoreError):
    """The engine stopped a query that ran past its time limit."""


class Store(Protocol):
    def query(
        self,
        sparql: str,
        accept: str,
        *,
        stream: bool = False,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> requests.Response: ...

    def select(self, sparql: str) -> list[dict[str, dict]]: ...

    def ask(self, sparql: str) -> bool: ...

    def update(self, sparql: str) -> None: ...

    def replace_article(
        self, graph_iri: str, article_ntriples: str, shared_graph_iri: str, shared_ntriples: str
    ) -> None: ...

    def dump(self, media_type: str) -> Iterator[bytes]: ...

    def write_dump(self, media_type: str, out: IO[bytes]) -> int: ...

    def ping(self) -> bool: ...

    def close(self) -> None: ...
