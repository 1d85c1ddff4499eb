"""The web service: an application factory and one blueprint per responsibility (Flask's own layout).

The app holds no state of its own beyond caches: every answer comes from the store, so it runs as many
gunicorn workers and instances as the traffic needs.
"""

from __future__ import annotations

from flask import Flask, g

from ..config import Settings
from ..iris import Minter
from ..store import SparqlStore
from ..store.engine import EmbeddedEngine
from ..store.presets import remote_endpoints


class Endpoints:
    """Where the engine answers; each worker process opens its own connection pool lazily."""

    def __init__(
        self, query_url: str, update_url: str, graphs_url: str | None, timeout: float, auth=None
    ):
        self.query_url, self.update_url, self.graphs_url, self.timeout = (
            query_url,
            update_url,
            graphs_url,
            timeout,
        )
        self.auth = auth
        self._store: SparqlStore | None = None
        self._pid: int | None = None

    @classmethod
    def for_settings(cls, settings: Settings, engine: EmbeddedEngine | None = None) -> Endpoints:
        if engine is not None:
            return cls(
                engine.query_url, engine.update_url, engine.graphs_url, settings.query_timeout
            )
        ep = remote_endpoints(settings)
        return cls(ep.query_url, ep.update_url, ep.graphs_url, settings.query_timeout, ep.auth)

    @property
    def authorization(self) -> str | None:
        """The engine's credentials as an Authorization header value, for the raw passthrough client."""
        if self.auth is None:
            return None
        if isinstance(self.auth, tuple):
            import base64

            return "Basic " + base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode(
                "ascii"
            )
        return f"Bearer {self.auth.token}"

    def store(self) -> SparqlStore:
        import os

        if self._store is None or self._pid != os.getpid():
            self._store = SparqlStore(
                self.query_url,
                self.update_url,
                self.graphs_url,
                timeout=self.timeout,
                auth=self.auth,
            )
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
