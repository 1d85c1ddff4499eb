"""All configuration in one place: environment variables, their defaults, and where files live."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_ROOT = Path(__file__).resolve().parent

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_STORE = "kg-data"


def _shipped_dir(name: str) -> Path:
    """ontology/, shapes/ and queries/ live at the top of the checkout (editable install)."""
    return PROJECT_ROOT / name


ONTOLOGY_DIR = _shipped_dir("ontology")
SHAPES_DIR = _shipped_dir("shapes")
QUERIES_DIR = _shipped_dir("queries")


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SystemExit(f"{name}={raw!r} is not a number") from exc


@dataclass(frozen=True)
class Settings:
    """A snapshot of the environment, taken once; passed to whoever needs it."""

    store: str = DEFAULT_STORE
    store_update: str | None = None
    store_graphs: str | None = None
    base_iri: str = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}/"
    query_timeout: float = 30.0
    write_token: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, store: str | None = None, base_iri: str | None = None) -> "Settings":
        env = os.environ
        base = base_iri or env.get("KG_BASE_IRI") or f"http://{DEFAULT_HOST}:{DEFAULT_PORT}/"
        return cls(
            store=store or env.get("KG_STORE") or DEFAULT_STORE,
            store_update=env.get("KG_STORE_UPDATE") or None,
            store_graphs=env.get("KG_STORE_GRAPHS") or None,
            base_iri=normalize_base(base),
            query_timeout=_float_env("KG_QUERY_TIMEOUT", 30.0),
            write_token=env.get("KG_WRITE_TOKEN") or None,
        )

    @property
    def is_remote(self) -> bool:
        return self.store.startswith(("http://", "https://"))


def normalize_base(base: str) -> str:
    """A base IRI always ends with one slash, so that BASE + 'id/...' is right."""
    return base.rstrip("/") + "/"
