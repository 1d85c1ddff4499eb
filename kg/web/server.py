"""`kg serve`: gunicorn in front of the app, and (for the embedded store) the engine process it supervises.

Process model: this process starts `oxigraph serve` on the store folder (or joins one already running),
then runs gunicorn; every worker talks to the engine over HTTP, exactly as to a remote engine. The engine
runs without a timeout of its own: a worker gives up on a query at KG_QUERY_TIMEOUT and reports it, and the
watchdog here (web/limits.py) kills and restarts an engine still busy with it. Other `kg` commands
(ingest) join the same engine while we serve.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys

from gunicorn.app.base import BaseApplication

from ..config import Settings
from ..store.engine import EmbeddedEngine
from . import Endpoints, create_app


class _Gunicorn(BaseApplication):
    def __init__(self, factory, options: dict):
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.factory()


def gunicorn_options(host: str, port: int, workers: int | None, timeout: float) -> dict:
    return {
        "bind": f"{host}:{port}",
        "workers": workers or (2 * multiprocessing.cpu_count() + 1),
        "worker_class": "gthread",
        "threads": 8,  # slow clients (a dump download) hold a thread, not a worker
        "timeout": int(max(60, timeout * 2 + 30)),
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-",
        # gunicorn's default format logs %(u)s, the user of an `Authorization: Basic` header, decoded: a client
        # that sends the write token that way would have it written to the log. No credentials in logs.
        "access_log_format": '%(h)s %(l)s - %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"',
        "errorlog": "-",
        "loglevel": "info",
        "post_worker_init": _freeze_startup_objects,
    }


def _freeze_startup_objects(worker) -> None:
    """Move what start-up created (modules, the app, templates: ~75,000 objects) out of the collector's
    sight: otherwise every full collection walks them all, 10-15 ms with every thread of the worker
    stopped, which is what a page's p99 latency then shows."""
    gc.collect()
    gc.freeze()


def _probe_failure(endpoints: Endpoints) -> str | None:
    from ..store.probe import essential, first_failure

    store = endpoints.target.open(retries=3)
    try:
        return first_failure(essential(store, write=False))
    finally:
        store.close()


def serve(settings: Settings, host: str, port: int, workers: int | None = None) -> int:
    engine = (
        None
        if settings.is_remote
        else EmbeddedEngine(settings.store, query_timeout=settings.query_timeout)
    )
    if engine is not None:
        engine.start()
        if engine.owned:
            engine.watch()
            from .limits import start_watchdog

            # kills an engine still busy with a query the workers gave up on; watch() restarts it
            start_watchdog(engine, engine.query_url)
    try:
        endpoints = Endpoints.for_settings(settings, engine)
        failed = _probe_failure(endpoints)
        if failed:
            print(f"kg serve: not serving, the engine is not ready: {failed}", file=sys.stderr)
            return 2
        print(
            f"kg: serving {settings.base_iri} on http://{host}:{port}/ "
            f"(store: {settings.store}{'' if engine is None else f', engine {engine.base_url}'})",
            file=sys.stderr,
        )
        _Gunicorn(
            lambda: create_app(settings, endpoints),
            gunicorn_options(host, port, workers, settings.query_timeout),
        ).run()
    finally:
        if engine is not None:
            engine.stop()
    return 0
