"""`/sparql`: the SPARQL 1.1 Protocol (query and update) in front of the engine.

The Python layer only polices and negotiates: it reads the operation as the protocol says, refuses
what the configuration forbids (SERVICE, LOAD, over-long queries, writes without the token), picks the
media type, caps the rows, and hands the engine's own bytes back. It never builds results itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..store.base import QueryTimeout, StoreError, TooLarge
from ..store.complete import check_complete
from . import settings, store
from .auth import write_refusal
from .errors import ProtocolError, busy_response, error_response
from .limits import Busy, query_slots, report_overrun
from .negotiation import GRAPH_TYPES, RESULT_TYPES
from .rowcap import truncate
from .sparql_page import landing
from .sparqltext import analyze, with_row_cap

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
GRAPH_OFFERS = {k: GRAPH_TYPES[k] for k in ("ttl", "jsonld", "nt", "rdf", "nq", "trig")}
# The names SPARQLWrapper puts in `format` (with output= and results=) beside its Accept header, and other
# common spellings. A Turtle answer is a valid N3 document, so N3 gets Turtle.
FORMAT_NAMES = {
    "turtle": "ttl",
    "n3": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "xml": "rdf",
    "rdf+xml": "rdf",
    "rdfxml": "rdf",
    "json-ld": "jsonld",
}
ALIASES = {  # what clients also send, and what they get
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
}
MAX_RESULT_BYTES = 256 * 1024 * 1024


@dataclass
class Operation:
    kind: str  # "query" or "update"
    text: str
    graphs: list[tuple[str, str]] = field(
        default_factory=list
    )  # protocol dataset parameters, as sent


@bp.errorhandler(ProtocolError)
def _protocol_error(exc: ProtocolError):
    resp = error_response(exc.status, exc.title, exc.message, exc.headers)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.errorhandler(Busy)
def _busy(exc: Busy):
    resp = busy_response(exc)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    op = read_operation()
    if op is None:
        return landing()
    prepared = admit(op)
    if op.kind == "update":
        return run_update(op, prepared)
    media = negotiate(prepared.analysis.form, requested_format(), request.headers.get("Accept"))
    body, headers = answer_query(op, prepared, media)
    return Response(body, 200, headers)


def admit(op: Operation) -> Prepared:
    """The checks every operation passes before the engine sees it (the fast path runs the same ones)."""
    s = settings()
    if len(op.text) > s.max_query_length:
        raise ProtocolError(
            413,
            "Query Too Long",
            f"the {op.kind} is {len(op.text)} characters; the limit is {s.max_query_length}",
        )
    prepared = prepare(op.text, op.kind, s.row_limit, s.base_iri)
    refuse_remote_fetch(prepared.analysis)
    return prepared


@dataclass(frozen=True)
class Prepared:
    analysis: object  # sparqltext.Analysis
    text: str  # what the engine is sent: row cap applied (SELECT), BASE added when needed
    capped: bool  # whether the row cap can bite (X-KG-Truncated must be worked out)


def prepare(text: str, kind: str, row_limit: int, base_iri: str) -> Prepared:
    """Lex the operation once, and derive from that one lexing everything the request needs.

    The same query text comes back again and again (named queries, pages, clients polling), so the
    outcome is remembered per text; very long texts are not kept.
    """
    if len(text) <= 8192:
        return _prepare_cached(text, kind, row_limit, base_iri)
    return _prepare(text, kind, row_limit, base_iri)


def _prepare(text: str, kind: str, row_limit: int, base_iri: str) -> Prepared:
    analysis = analyze(text)
    capped = False
    if kind == "query" and analysis.form == "SELECT":
        text, capped = with_row_cap(text, analysis, row_limit)
    return Prepared(analysis, with_base(text, analysis, base_iri), capped)


_prepare_cached = lru_cache(maxsize=512)(_prepare)


def refuse_remote_fetch(analysis) -> None:
    """SERVICE and LOAD make the server fetch any URL a stranger names: off unless configured."""
    s = settings()
    if analysis.uses_service and not s.allow_service:
        raise ProtocolError(
            403,
            "SERVICE Refused",
            "federated queries (SERVICE) are disabled on this endpoint "
            "(the operator can enable them with KG_SPARQL_SERVICE=1)",
        )
    if analysis.uses_load and not s.allow_load:
        raise ProtocolError(
            403,
            "LOAD Refused",
            "LOAD is disabled on this endpoint (the operator can enable it with KG_SPARQL_LOAD=1)",
        )


def with_base(text: str, analysis, base_iri: str) -> str:
    """Relative IRIs resolve against this endpoint, not against the engine's private address."""
    if any(t.kind == "iri" and not _ABSOLUTE.match(t.text[1:-1]) for t in analysis.toks):
        return f"BASE <{base_iri}sparql> " + text
    return text


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


# -- reading the operation (SPARQL 1.1 Protocol §2.1, §2.2) ------------------------------------
def read_operation() -> Operation | None:
    if request.method == "GET":
        if "update" in request.args:
            raise ProtocolError(
                405,
                "Method Not Allowed",
                "SPARQL Update must be sent with POST",
                {"Allow": "GET, POST"},
            )
        return _from_params(request.args, "query") if "query" in request.args else None
    ctype = request.mimetype
    _check_charset()
    if ctype == FORM:
        params = request.form
        has_q, has_u = "query" in params, "update" in params
        if has_q and has_u:
            raise ProtocolError(400, "Bad Request", "send either a query or an update, not both")
        if not (has_q or has_u):
            raise ProtocolError(
                400, "Bad Request", "the form has neither a 'query' nor an 'update' parameter"
            )
        return _from_params(params, "query" if has_q else "update", merge_url=True)
    if ctype in (QUERY_TYPE, UPDATE_TYPE):
        try:
            text = request.get_data(cache=False).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(
                415, "Unsupported Media Type", f"the body is not UTF-8: {exc}"
            ) from exc
        kind = "query" if ctype == QUERY_TYPE else "update"
        return Operation(kind, text, _dataset(request.args, kind))
    raise ProtocolError(
        415,
        "Unsupported Media Type",
        f"POST a SPARQL operation as {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}"
        f" (got {ctype or 'no Content-Type'})",
    )


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(
            415, "Unsupported Media Type", f"only UTF-8 is accepted (got charset={charset})"
        )


def _from_params(params, kind: str, merge_url: bool = False) -> Operation:
    values = params.getlist(kind)
    if len(values) != 1:
        raise ProtocolError(
            400, "Bad Request", f"exactly one '{kind}' parameter is allowed (got {len(values)})"
        )
    graphs = _dataset(params, kind)
    if merge_url:
        graphs += _dataset(request.args, kind)
    return Operation(kind, values[0], graphs)


def _dataset(params, kind: str) -> list[tuple[str, str]]:
    names = (
        ("default-graph-uri", "named-graph-uri")
        if kind == "query"
        else ("using-graph-uri", "using-named-graph-uri")
    )
    return [(n, v) for n in names for v in params.getlist(n)]


# -- queries ----------------------------------------------------------------------------------
def requested_format() -> str | None:
    """The `format` parameter, from the URL or (POST) the form."""
    if request.method == "GET":
        return request.args.get("format")
    return request.args.get("format") or request.form.get("format")


def negotiate(form: str | None, fmt: str | None, accept: str | None) -> str:
    """The media type of the answer: an explicit `format` wins over Accept."""
    table = GRAPH_OFFERS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    if fmt:
        key = fmt.lower()
        if table is GRAPH_OFFERS:
            key = FORMAT_NAMES.get(key, key)
        media = table.get(key) or (fmt if fmt in table.values() else None)
        if media:
            return media
        raise _not_acceptable(table, f"format={fmt!r} does not apply to a {form or 'query'} result")
    best = _by_accept(accept, table is GRAPH_OFFERS)
    if best is None:
        raise _not_acceptable(
            table, f"nothing in Accept: {accept!r} fits a {form or 'query'} result"
        )
    return best


@lru_cache(maxsize=256)
def _by_accept(header: str | None, graph: bool) -> str | None:
    """The media type an Accept header picks (q-values, wildcards, aliases); None when nothing fits.

    Clients send a handful of distinct Accept headers, so each is parsed and matched once.
    """
    table = GRAPH_OFFERS if graph else RESULT_TYPES
    accept = parse_accept_header(header, MIMEAccept)
    if not accept:
        return next(iter(table.values()))
    offers = list(table.values()) + [a for a, c in ALIASES.items() if c in table.values()]
    best = accept.best_match(offers)
    return None if best is None else ALIASES.get(best, best)


def _not_acceptable(table: dict[str, str], why: str) -> ProtocolError:
    listing = ", ".join(f"{v} (format={k})" for k, v in table.items())
    return ProtocolError(406, "Not Acceptable", f"{why}; available: {listing}")


def answer_query(
    op: Operation, prepared: Prepared, media: str
) -> tuple[bytes, list[tuple[str, str]]]:
    """The engine's own bytes, checked whole and capped, and the headers that describe them."""
    s = settings()
    analysis, capped = prepared.analysis, prepared.capped
    endpoints = current_app.extensions["kg.endpoints"]
    with query_slots().hold():
        answer = _send(
            lambda: store().answer(
                prepared.text,
                media,
                graphs=op.graphs,
                deadline=s.query_timeout + 2,
                max_bytes=MAX_RESULT_BYTES,
            )
        )
    try:
        check_complete(answer.body, media, is_ask=analysis.form == "ASK")
    except QueryTimeout as exc:
        report_overrun(endpoints.query_url)
        raise QueryTimeout(
            f"it ran longer than {s.query_timeout:g} s (KG_QUERY_TIMEOUT) and the engine stopped it; "
            "narrow the query or add a LIMIT"
        ) from exc
    body, truncated = truncate(answer.body, media, s.row_limit) if capped else (answer.body, False)
    headers = [("Content-Type", answer.content_type), ("Vary", "Accept")]
    if analysis.form == "SELECT":
        headers += [
            ("X-KG-Row-Limit", str(s.row_limit)),
            ("X-KG-Truncated", "true" if truncated else "false"),
        ]
    return body, headers


def _send(call):
    """The engine's answer to one operation, its failures told in the protocol's terms."""
    try:
        return call()
    except TooLarge as exc:
        raise ProtocolError(507, "Result Too Large", str(exc)) from exc
    except QueryTimeout as exc:
        report_overrun(current_app.extensions["kg.endpoints"].query_url)
        raise QueryTimeout(
            f"it ran longer than {settings().query_timeout:g} s (KG_QUERY_TIMEOUT) and was stopped; "
            "narrow the query or add a LIMIT"
        ) from exc
    except StoreError as exc:
        status = getattr(exc, "status", None)
        if status == 400:
            what = (
                "SPARQL syntax error"
                if str(exc).startswith("error at")
                else "the engine refused the operation"
            )
            raise ProtocolError(400, "Bad Request", f"{what}: {exc}") from exc
        if status == 406:  # e.g. Virtuoso 7 writes no CONSTRUCT result as N-Quads or TriG
            raise ProtocolError(
                406,
                "Not Acceptable",
                "the engine behind this service does not write this result in the format asked for; "
                "ask for another (see docs/deployment.md for what each engine offers)",
            ) from exc
        raise


# -- updates ----------------------------------------------------------------------------------
def run_update(op: Operation, prepared: Prepared) -> Response:
    refusal = write_refusal()
    if refusal is not None:
        return refusal
    if op.graphs and any(t.keyword in ("USING", "WITH") for t in prepared.analysis.toks):
        raise ProtocolError(
            400,
            "Bad Request",
            "using-graph-uri/using-named-graph-uri cannot be combined with "
            "USING, USING NAMED or WITH in the update itself",
        )
    # Oxigraph's --timeout-s covers queries only: an update runs to its end in the engine even after we
    # stop waiting. Writers hold the token, so they get a longer leash than anonymous queries.
    deadline = max(60.0, settings().query_timeout * 4)
    _send(lambda: store().run_update(prepared.text, op.graphs, deadline))
    return Response(status=204, headers={"Vary": "Accept"})
