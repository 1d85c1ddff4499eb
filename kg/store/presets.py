"""Where each kind of SPARQL engine puts its endpoints, so a user gives one base URL and `KG_ENGINE`.

Explicit `KG_STORE_UPDATE` / `KG_STORE_GRAPHS` always win over a preset. Every engine listed treats the
default graph of a query as the union of its named graphs (Oxigraph only with --union-default-graph,
Fuseki only with tdb2:unionDefaultGraph true): kg's queries rely on that.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from ..config import Settings

# engine -> (query path, update path, graph store path or None) relative to the base URL
PRESETS: dict[str, tuple[str, str, str | None]] = {
    "oxigraph": ("/query", "/update", "/store"),
    "fuseki": ("/sparql", "/update", "/data"),  # base: http://host:3030/DATASET
    "graphdb": (
        "",
        "/statements",
        "/rdf-graphs/service",
    ),  # base: http://host:7200/repositories/REPO
    "virtuoso": ("/sparql", "/sparql-auth", "/sparql-graph-crud-auth"),  # base: http://host:8890
    "neptune": ("/sparql", "/sparql", "/sparql/gsp/"),  # base: https://cluster:8182
    "qlever": ("", "", None),  # base: http://host:7001 ; no Graph Store: dumps go through CONSTRUCT
}


class BearerAuth(requests.auth.AuthBase):
    def __init__(self, token: str):
        self.token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self.token}"
        return r

    def __repr__(self) -> str:  # never print the token
        return "BearerAuth(***)"


@dataclass(frozen=True)
class RemoteEndpoints:
    query_url: str
    update_url: str
    graphs_url: str | None
    auth: requests.auth.AuthBase | tuple[str, str] | None = None

    def __repr__(self) -> str:
        return (
            f"RemoteEndpoints({self.query_url}, {self.update_url}, "
            f"{self.graphs_url}, auth={'yes' if self.auth else 'no'})"
        )


def remote_endpoints(settings: Settings) -> RemoteEndpoints:
    """The endpoints and credentials of a remote engine, from the settings (see docs/deployment.md)."""
    base = settings.store.rstrip("/")
    if settings.engine:
        if settings.engine not in PRESETS:
            raise ValueError(
                f"KG_ENGINE={settings.engine!r} is not one of {', '.join(sorted(PRESETS))}"
            )
        q, u, g = PRESETS[settings.engine]
        query, update, graphs = base + q, base + u, (base + g if g is not None else None)
    else:
        query, update, graphs = settings.store, settings.store, None
    auth: requests.auth.AuthBase | tuple[str, str] | None = None
    if settings.store_token:
        auth = BearerAuth(settings.store_token)
    elif settings.store_user:
        auth = (settings.store_user, settings.store_password or "")
    return RemoteEndpoints(
        query, settings.store_update or update, settings.store_graphs or graphs, auth
    )
