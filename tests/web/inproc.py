"""The app in this process: a real embedded engine (an `oxigraph serve` of its own), a facts document
published into it, and Flask's test client in front. No gunicorn, no second process to talk to: a module
of tests gets a store of its own in about two seconds, so a test that changes data never disturbs another
module's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from flask import Flask

from kg.config import Settings
from kg.iris import Minter
from kg.pipeline import run
from kg.registry import StoreRegistry
from kg.store import EmbeddedEngine, engine_target
from kg.web import Endpoints, create_app

DATA = Path(__file__).resolve().parent.parent / "data"
BASE = "http://kg.test/"
TOKEN = "inproc-token"


@contextmanager
def embedded_app(tmp: Path, inputs: list[Path] | None = None, **overrides) -> Iterator[Flask]:
    """The app on a fresh embedded store holding `inputs` (default: the Imran Khan facts document)."""
    settings = replace(
        Settings(),
        store=str(tmp / "store"),
        base_iri=BASE,
        write_token=TOKEN,
        cache_dir=str(tmp / "cache"),
        **overrides,
    )
    with EmbeddedEngine(settings.store, query_timeout=settings.query_timeout) as engine:
        store = engine_target(settings, engine).open()
        try:
            outcomes = run(
                inputs or [DATA / "khan.facts.json"],
                BASE,
                store=store,
                registry=StoreRegistry(store, Minter(BASE)),
                progress=False,
            )
        finally:
            store.close()
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        app = create_app(settings, Endpoints.for_settings(settings, engine))
        app.config["TESTING"] = True
        yield app
