"""One access layer for the graph, whatever holds it: the only package that talks to an engine.

Every backend is spoken to over the W3C protocols (SPARQL 1.1 Query, Update, Graph Store): the embedded
store is an `oxigraph serve` process this package supervises on 127.0.0.1, a remote engine is a URL
with a profile (profiles.py). Callers get a `Store` and never know which.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..config import Settings
from .base import Store, StoreError, StoreUnavailable
from .engine import EmbeddedEngine, EngineError
from .profiles import Target, target_for
from .sparql import SparqlStore

__all__ = [
    "Store",
    "StoreError",
    "StoreUnavailable",
    "EngineError",
    "open_store",
    "SparqlStore",
    "EmbeddedEngine",
    "Target",
    "target_for",
    "engine_target",
]


def engine_target(settings: Settings, engine: EmbeddedEngine) -> Target:
    return target_for(settings, (engine.query_url, engine.update_url, engine.graphs_url))


@contextmanager
def open_store(settings: Settings) -> Iterator[SparqlStore]:
    """The store the settings name; an embedded engine is started (or joined) for the duration."""
    if settings.is_remote:
        store = target_for(settings).open()
        try:
            yield store
        finally:
            store.close()
        return
    with EmbeddedEngine(settings.store, query_timeout=settings.query_timeout) as engine:
        store = engine_target(settings, engine).open()
        try:
            yield store
        finally:
            store.close()
