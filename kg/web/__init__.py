"""The web service: an application factory and one blueprint per responsibility (Flask's own layout).

The app holds no state of its own beyond caches: every answer comes from the store, so it runs as many
gunicorn workers and instances as the traffic needs.
"""

from __future__ import annotations

from flask import Flask, g

from ..config import Settings
from ..iris import Minter
from ..store import SparqlStore, Target, engine_target, target_for
from ..store.engine import EmbeddedEngine
from ..store.profiles import GENERIC


class Endpoints:
    """The engine this app serves; each worker process opens its own client (and pools) lazily."""

    def __init__(
        self,
        target: Target | str,
        update_url: str | None = None,
        graphs_url: str | None = None,
        timeout: float = 30.0,
    ):
        if isinstance(target, str):  # plain SPARQL 1.1 endpoints, no credentials
            target = Target(target, update_url or target, graphs_url, GENERIC, timeout)
        self.target = target
        self.query_url = target.query_url
        self.graphs_url = target.graphs_url
        self._store: SparqlStore | None = None
        self._pid: int | None = None

    @classmethod
    def for_settings(cls, settings: Settings, engine: EmbeddedEngine | None = None) -> Endpoints:
        if engine is not None:
            return cls(engine_target(settings, engine))
        return cls(target_for(settings))

    def store(self) -> SparqlStore:
        import os

        if self._store is None or self._pid != os.getpid():
            # one retry: a page or a query on a restarting engine waits a moment, not seconds
            self._store = self.target.open(retries=1)
            self._pid = os.getpid()
        return self._store


def create_app(settings: Settings, endpoints: Endpoints) -> Flask:
    app = Flask(__name__)
    app.config.update(
        KG_SETTINGS=settings, JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=16 * 1024 * 1024
    )
    app.extensions["kg.endpoints"] = endpoints
    app.extensions["kg.minter"] = Minter(settings.base_iri)

    from . import errors

    errors.register(app)
    for module_name in BLUEPRINTS:
        module = __import__(f"{__name__}.{module_name}", fromlist=["bp"])
        app.register_blueprint(module.bp)
    from . import fastpath

    fastpath.install(app)
    return app


# Each module exposes `bp`; the order matters only for overlapping routes (there are none).
BLUEPRINTS: list[str] = [
    "home",
    "health",
    "sparql",
    "graph_store",
    "publish",
    "api",
    "ld",
    "search",
    "dumps",
    "void",
    "sitemap",
    "docs",
    "changes",
    "reconcile",
    "editor",
]


def store() -> SparqlStore:
    """The store for this request (the worker's pooled client)."""
    from flask import current_app

    return current_app.extensions["kg.endpoints"].store()


def settings() -> Settings:
    from flask import current_app

    return current_app.config["KG_SETTINGS"]


def minter() -> Minter:
    from flask import current_app

    return current_app.extensions["kg.minter"]


__all__ = ["create_app", "Endpoints", "store", "settings", "minter", "g"]
