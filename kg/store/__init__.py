"""One access layer for the graph, whatever holds it.

Every backend is spoken to over the W3C protocols (SPARQL 1.1 Query, Update, Graph Store): the embedded
store is an `oxigraph serve` process this package supervises on 127.0.0.1, a remote engine is a URL.
Callers get a `Store` and never know which.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..config import Settings
from .base import Store, StoreError, StoreUnavailable
from .engine import EmbeddedEngine, EngineError
from .presets import remote_endpoints
from .sparql import SparqlStore

__all__ = [
    "Store",
    "StoreError",
    "StoreUnavailable",
    "EngineError",
    "open_store",
    "SparqlStore",
    "EmbeddedEngine",
]


@contextmanager
def open_store(settings: Settings) -> Iterator[Store]:
    """The store the settings name; an embedded engine is started (or joined) for the duration."""
    if settings.is_remote:
        ep = remote_endpoints(settings)
        store = SparqlStore(
            ep.query_url, ep.update_url, ep.graphs_url, timeout=settings.query_timeout, auth=ep.auth
        )
        try:
            yield store
        finally:
            store.close()
        return
    with EmbeddedEngine(settings.store, query_timeout=settings.query_timeout) as engine:
        store = SparqlStore(
            engine.query_url, engine.update_url, engine.graphs_url, timeout=settings.query_timeout
        )
        try:
            yield store
        finally:
            store.close()
