"""`/store`: the SPARQL 1.1 Graph Store HTTP Protocol, relayed to the engine's own implementation.

Reads are open to all; PUT, POST and DELETE need the write token. `?graph=IRI` names a graph,
`?default` the default graph (which, for reading, is the union of all graphs on this service).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from flask import Blueprint, Response, current_app, request, stream_with_context

from ..store.base import StoreError
from . import settings, store
from .auth import write_refusal
from .errors import error_response

bp = Blueprint("graph_store", __name__)

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
RDF_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "application/n-quads",
    "application/trig",
)


def _absolute(graph: str) -> str:
    """A relative graph IRI resolves against this endpoint (as the protocol says), never against the
    engine's private address, which the engine would otherwise put into the IRI and into its errors."""
    if _SCHEME.match(graph):
        return graph
    try:
        return urljoin(settings().base_iri + "store", graph)
    except ValueError:  # e.g. an unbalanced '[' taken for an IPv6 host
        return settings().base_iri + "store/" + graph


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store():
    graphs_url = current_app.extensions["kg.endpoints"].graphs_url
    if not graphs_url:
        return error_response(
            501,
            "Not Implemented",
            "the configured engine has no Graph Store endpoint (set KG_STORE_GRAPHS)",
        )
    has_graph, has_default = "graph" in request.args, "default" in request.args
    if has_graph and has_default:
        return error_response(400, "Bad Request", "name either ?graph=IRI or ?default, not both")
    if has_graph and len(request.args.getlist("graph")) != 1:
        return error_response(400, "Bad Request", "exactly one ?graph= is allowed")
    if request.method in ("PUT", "POST", "DELETE"):
        refusal = write_refusal()
        if refusal is not None:
            return refusal
        if request.method != "DELETE" and request.mimetype not in RDF_TYPES:
            return error_response(
                415,
                "Unsupported Media Type",
                f"send the graph as one of {', '.join(RDF_TYPES)} (got {request.mimetype or 'none'})",
            )
    params = (
        [("graph", _absolute(request.args["graph"]))]
        if has_graph
        else [("default", "")]
        if has_default
        else []
    )
    headers = {"Accept": request.headers.get("Accept", "text/turtle")}
    if request.method in ("PUT", "POST"):
        headers["Content-Type"] = request.headers["Content-Type"]
    # read the body first: a body over the size limit is the client's 413, not an engine failure
    body = request.get_data(cache=False) if request.method in ("PUT", "POST") else None
    try:
        upstream = store().graph_store(request.method, params, headers, body)
    except StoreError as exc:
        if exc.status is None or exc.status < 400 or exc.status in (401, 403, 407, 503, 504):
            raise  # unavailable, timed out, our credentials refused: the app's handlers answer
        return error_response(exc.status, "Graph Store Error", str(exc))
    out = dict(upstream.headers)
    out["Vary"] = "Accept"
    if request.method == "HEAD" or upstream.status == 204:
        upstream.close()
        return Response(status=upstream.status, headers=out)

    def chunks():
        try:
            yield from upstream.chunks
        finally:
            upstream.close()

    out.pop("Content-Length", None)
    return Response(stream_with_context(chunks()), status=upstream.status, headers=out)
