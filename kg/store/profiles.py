"""What each engine needs, one entry per engine: the only place an engine's quirks are written down.

A user names the engine with `KG_ENGINE` and gives one base URL; the profile says where its endpoints
are, how a query must travel, which result formats can be streamed and parsed safely, which
credentials scheme it speaks, and whether its default graph holds only kg's graphs. Facts about
Virtuoso come from runs against 7.2.5 (docs/virtuoso-notes.md); engines marked untested have never been
run against and say so wherever they are named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import Settings


@dataclass(frozen=True)
class Profile:
    name: str
    # query path, update path, Graph Store path (None: none) relative to the base URL
    paths: tuple[str, str, str | None]
    # how a lone query travels: "body" (POST application/sparql-query, no percent-encoding) or "form"
    query_as: str = "body"
    # N-Triples / N-Quads / Turtle dumps and search rows: "tsv" (one SELECT streamed as SPARQL 1.1 TSV)
    # or "graphs" (graph by graph, CONSTRUCT as N-Triples; rows from JSON results)
    lines_from: str = "tsv"
    # the scheme for KG_STORE_USER / KG_STORE_PASSWORD unless KG_STORE_AUTH says otherwise
    auth: str = "basic"
    # the engine's default graph holds graphs that are not kg's (its own system graphs): kg's counts,
    # VoID, dumps, search and summary must be restricted to kg's graphs
    foreign_graphs: bool = False
    # how to make the default graph the union of the named graphs, for the probe's advice
    union_advice: str = "make the engine's default graph the union of its named graphs"
    # articles per update request for `kg ingest` on this engine, and the most triples one INSERT DATA
    # operation may hold (None: no limit)
    batch: int = 16
    insert_chunk: int | None = None
    # what kg's test suite runs it against; None: never run against ("untested")
    tested: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"{self.name} ({'tested: ' + self.tested if self.tested else 'untested'})"


OXIGRAPH = Profile(
    "oxigraph",
    ("/query", "/update", "/store"),
    union_advice="start Oxigraph with --union-default-graph",
    tested="Oxigraph 0.5, embedded and remote",
)
PROFILES: dict[str, Profile] = {
    "oxigraph": OXIGRAPH,
    "virtuoso": Profile(
        "virtuoso",
        ("/sparql", "/sparql-auth", "/sparql-graph-crud-auth"),  # base: http://host:8890
        query_as="form",  # 7.2.5 never answers a POST whose body is application/sparql-query
        lines_from="graphs",  # its TSV is not SPARQL 1.1 TSV (bare IRIs, raw newlines)
        auth="digest",  # /sparql-auth and /sparql-graph-crud-auth speak HTTP Digest only
        foreign_graphs=True,  # its default graph also holds its own system graphs
        # INSERT DATA is compiled to SQL: ~1,400 triples per operation at most, compile time growing much
        # faster than the size, so one article per request and operations of a few hundred triples
        batch=1,
        insert_chunk=400,
        union_advice="Virtuoso's default graph is always the union of all its graphs",
        tested="Virtuoso Open Source 7.2.5 (Debian)",
        notes=(
            "the engine answers CONSTRUCT in N-Quads or TriG with 406 (kg's dumps make both themselves)",
            "a query without GRAPH also sees Virtuoso's own system graphs",
        ),
    ),
    "fuseki": Profile(
        "fuseki",
        ("/sparql", "/update", "/data"),  # base: http://host:3030/DATASET
        union_advice="set tdb2:unionDefaultGraph true on the dataset",
    ),
    "graphdb": Profile(
        "graphdb", ("", "/statements", "/rdf-graphs/service")
    ),  # base: http://host:7200/repositories/REPO
    "neptune": Profile("neptune", ("/sparql", "/sparql", "/sparql/gsp/")),  # https://cluster:8182
    "qlever": Profile("qlever", ("", "", None)),  # no Graph Store: dumps go through CONSTRUCT
}
GENERIC = Profile(
    "generic SPARQL 1.1",
    ("", "", None),
    tested="with Oxigraph as the remote engine",
)


@dataclass(frozen=True)
class Target:
    """Everything needed to open a client for one engine: picklable, so each worker opens its own."""

    query_url: str
    update_url: str
    graphs_url: str | None
    profile: Profile
    timeout: float = 30.0
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    scheme: str = "basic"  # basic | digest (with user/password)
    kg_graphs: str | None = None  # the IRI prefix of kg's graphs, when the engine holds others
    embedded: bool = False

    @property
    def batch(self) -> int:
        """Articles per update request: one on the embedded engine, the profile's on a remote one."""
        return 1 if self.embedded else self.profile.batch

    @property
    def has_credentials(self) -> bool:
        return bool(self.token or self.user)

    def open(self, retries: int = 3):
        from .sparql import SparqlStore

        return SparqlStore(self, retries=retries)


def target_for(settings: Settings, embedded_urls: tuple[str, str, str] | None = None) -> Target:
    """The engine the settings name (see docs/deployment.md); explicit KG_STORE_UPDATE / KG_STORE_GRAPHS
    always win over a profile's paths."""
    kg_graphs = settings.base_iri + "graph/"
    if embedded_urls is not None:
        q, u, g = embedded_urls
        return Target(q, u, g, OXIGRAPH, settings.query_timeout, embedded=True)
    base = settings.store.rstrip("/")
    if settings.engine:
        if settings.engine not in PROFILES:
            raise ValueError(
                f"KG_ENGINE={settings.engine!r} is not one of {', '.join(sorted(PROFILES))}"
            )
        profile = PROFILES[settings.engine]
        q, u, g = profile.paths
        query, update, graphs = base + q, base + u, (base + g if g is not None else None)
    else:
        profile = GENERIC
        query, update, graphs = settings.store, settings.store, None
    scheme = (settings.store_auth or profile.auth).lower()
    if scheme not in ("basic", "digest"):
        raise ValueError(f"KG_STORE_AUTH={settings.store_auth!r} is not basic or digest")
    return Target(
        query,
        settings.store_update or update,
        settings.store_graphs or graphs,
        profile,
        settings.query_timeout,
        user=settings.store_user,
        password=settings.store_password,
        token=settings.store_token,
        scheme=scheme,
        kg_graphs=kg_graphs if profile.foreign_graphs else None,
    )
