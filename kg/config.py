"""All configuration in one place: environment variables, their defaults, and where files live."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

# The top of a checkout: only the developer tools (kg evaluate's gold files) look there; an installed kg
# finds everything it needs inside the package (package_path).
PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_STORE = "kg-data"


def package_path(*parts: str) -> Path:
    """A file shipped inside the kg package, found through importlib.resources, so that a wheel, pipx or a
    container image finds it as surely as a checkout does. kg is installed as files (a wheel unpacks), so
    the resource is a plain path that rdflib, Flask and glob can read."""
    root = files("kg")
    if not isinstance(root, Path):
        raise RuntimeError(
            f"kg is installed as {type(root).__name__}, not as files; reinstall it with pip"
        )
    return root.joinpath(*parts)


def _shipped_dir(name: str) -> Path:
    """ontology/, shapes/ and queries/ at the top of the checkout are the one copy, where people look for
    them. kg/shipped/<name> is a symbolic link to each: in a checkout (editable install) it leads back to
    the top; building the wheel, setuptools follows it and copies the files into the package (see
    [tool.setuptools.package-data] in pyproject.toml)."""
    return package_path("shipped", name)


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


def _bool_env(name: str) -> bool:
    """Off unless set to a yes: these switches open the server to fetching arbitrary URLs."""
    return (os.environ.get(name) or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """A snapshot of the environment, taken once; passed to whoever needs it."""

    store: str = DEFAULT_STORE
    store_update: str | None = None
    store_graphs: str | None = None
    base_iri: str = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}/"
    query_timeout: float = 30.0
    write_token: str | None = field(default=None, repr=False)
    # SPARQL endpoint limits (issue 4; documented in docs/sparql.md)
    row_limit: int = 10000
    max_query_length: int = 100_000
    max_concurrent_queries: int = 16
    allow_service: bool = False
    allow_load: bool = False
    # linked-data pages and search (issue 5; documented in docs/linked-data.md)
    max_concurrent_dumps: int = (
        4  # KG_MAX_CONCURRENT_DUMPS: each reads the whole store and spools it to disk
    )
    cache_dir: str | None = (
        None  # KG_CACHE_DIR: search index and validators; default beside the store
    )
    trusted_proxies: int = (
        0  # KG_TRUSTED_PROXIES: how many reverse proxies' X-Forwarded-* headers to believe
    )
    page_cache_seconds: float = (
        0.0  # KG_PAGE_CACHE_SECONDS: reuse a description this long (0: always fresh)
    )
    # remote engines (docs/deployment.md): a preset fills in the endpoints from one base URL
    engine: str | None = None  # KG_ENGINE: oxigraph|fuseki|graphdb|virtuoso|neptune|qlever
    store_user: str | None = field(
        default=None, repr=False
    )  # KG_STORE_USER / KG_STORE_PASSWORD: basic auth
    store_password: str | None = field(default=None, repr=False)
    store_token: str | None = field(default=None, repr=False)  # KG_STORE_TOKEN: bearer auth
    store_auth: str | None = None  # KG_STORE_AUTH: basic|digest (default: the engine's profile)

    @classmethod
    def from_env(cls, store: str | None = None, base_iri: str | None = None) -> Settings:
        env = os.environ
        base = base_iri or env.get("KG_BASE_IRI") or f"http://{DEFAULT_HOST}:{DEFAULT_PORT}/"
        return cls(
            store=store or env.get("KG_STORE") or DEFAULT_STORE,
            store_update=env.get("KG_STORE_UPDATE") or None,
            store_graphs=env.get("KG_STORE_GRAPHS") or None,
            base_iri=normalize_base(base),
            query_timeout=_float_env("KG_QUERY_TIMEOUT", 30.0),
            write_token=env.get("KG_WRITE_TOKEN") or None,
            row_limit=int(_float_env("KG_ROW_LIMIT", 10000)),
            max_query_length=int(_float_env("KG_MAX_QUERY_LENGTH", 100_000)),
            max_concurrent_queries=int(_float_env("KG_MAX_CONCURRENT_QUERIES", 16)),
            allow_service=_bool_env("KG_SPARQL_SERVICE"),
            allow_load=_bool_env("KG_SPARQL_LOAD"),
            max_concurrent_dumps=int(_float_env("KG_MAX_CONCURRENT_DUMPS", 4)),
            cache_dir=env.get("KG_CACHE_DIR") or None,
            trusted_proxies=int(_float_env("KG_TRUSTED_PROXIES", 0)),
            page_cache_seconds=_float_env("KG_PAGE_CACHE_SECONDS", 0.0),
            engine=(env.get("KG_ENGINE") or "").strip().lower() or None,
            store_user=env.get("KG_STORE_USER") or None,
            store_password=env.get("KG_STORE_PASSWORD") or None,
            store_token=env.get("KG_STORE_TOKEN") or None,
            store_auth=(env.get("KG_STORE_AUTH") or "").strip().lower() or None,
        )

    @property
    def is_remote(self) -> bool:
        return self.store.startswith(("http://", "https://"))

    def cache_path(self) -> Path:
        """Per-instance derived files (never the truth: the store is); shared by the workers of one instance."""
        if self.cache_dir:
            return Path(self.cache_dir)
        if self.is_remote:
            import hashlib
            import tempfile

            return (
                Path(tempfile.gettempdir())
                / f"kg-cache-{hashlib.sha256(self.store.encode()).hexdigest()[:12]}"
            )
        return Path(self.store) / "cache"


def normalize_base(base: str) -> str:
    """A base IRI always ends with one slash, so that BASE + 'id/...' is right."""
    return base.rstrip("/") + "/"
