"""Error answers that say why: HTML for browsers, plain text or JSON for programs; CORS on all of them."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..store.base import QueryTimeout, StoreError, StoreUnavailable
from .limits import Busy


class ProtocolError(Exception):
    """A request the SPARQL protocol refuses (status, title, message); /sparql answers it as an error page
    or JSON. Here rather than in sparql.py so that the query page can raise it too."""

    def __init__(self, status: int, title: str, message: str, headers: dict | None = None):
        self.status, self.title, self.message, self.headers = status, title, message, headers or {}
        super().__init__(message)


def _explicit(media_type: str) -> float:
    """The quality the client gave this exact type (0 when it only matched a wildcard)."""
    return max((q for m, q in request.accept_mimetypes if m == media_type), default=0)


def wants_html() -> bool:
    """Browsers name text/html; curl and programs send */* and get plain text or JSON."""
    html = _explicit("text/html")
    return html > 0 and html >= max(_explicit("application/json"), _explicit("text/plain"))


def error_response(
    status: int, title: str, message: str, headers: dict | None = None, as_json: bool = False
) -> Response:
    """`as_json`: always JSON (an API whose OpenAPI document promises JSON errors)."""
    if as_json:
        resp = jsonify({"status": status, "error": title, "message": message})
        resp.status_code = status
    elif wants_html():
        resp = Response(
            render_template("error.html", status=status, title=title, message=message),
            status,
            mimetype="text/html",
        )
    elif _explicit("application/json") > _explicit("text/plain"):
        resp = jsonify({"status": status, "error": title, "message": message})
        resp.status_code = status
    else:
        resp = Response(f"{title}: {message}\n", status, mimetype="text/plain")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    (
        "Access-Control-Expose-Headers",
        "Content-Type, Content-Length, ETag, Last-Modified, Link, Location, "
        "Retry-After, Vary, X-KG-Row-Limit, X-KG-Truncated",
    ),
)
PREFLIGHT_HEADERS = (
    ("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS"),
    (
        "Access-Control-Allow-Headers",
        "Accept, Authorization, Content-Type, If-None-Match, If-Modified-Since",
    ),
    ("Access-Control-Max-Age", "86400"),
)
# On every answer: no sniffing it into something the browser would run (pages get more, below).
DATA_HEADERS = (("X-Content-Type-Options", "nosniff"),)


def add_cors(resp: Response) -> Response:
    for name, value in CORS_HEADERS:
        resp.headers.setdefault(name, value)
    if request.method == "OPTIONS":
        for name, value in PREFLIGHT_HEADERS:
            resp.headers.setdefault(name, value)
    return resp


# Pages load only our own scripts and styles (kg/web/static); JSON-LD and JSON data blocks are not scripts
# to CSP. No inline script or style, no plugins, no framing, forms and fetches to this origin only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def add_security_headers(resp: Response) -> Response:
    for name, value in DATA_HEADERS:
        resp.headers.setdefault(name, value)
    if resp.mimetype in ("text/html", "application/xhtml+xml"):
        resp.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        resp.headers.setdefault("Referrer-Policy", "same-origin")
    return resp


def store_error_response(exc: StoreError, as_json: bool = False) -> Response:
    """What a failure of the graph store means to the client (StoreUnavailable and QueryTimeout included)."""
    if isinstance(exc, StoreUnavailable):
        # the cause names the engine's private address: for the log, not for the client
        current_app.logger.warning("graph store unavailable: %s", exc)
        return error_response(
            503,
            "Service Unavailable",
            "the graph store does not answer; try again shortly",
            {"Retry-After": "5"},
            as_json=as_json,
        )
    if isinstance(exc, QueryTimeout):
        return error_response(
            503,
            "Query Timeout",
            f"the query was stopped after the time limit: {exc}",
            {"Retry-After": "5"},
            as_json=as_json,
        )
    if exc.status in (401, 403, 407):
        # the engine refused *this service*: the client can do nothing about it, and a 401 would ask it for
        # credentials. The engine's words go to the log (they may name it), not to the client.
        current_app.logger.error(
            "the graph store refused our request (HTTP %s): %s", exc.status, exc
        )
        return error_response(
            502,
            "Bad Gateway",
            "the graph store refused this service's credentials or this "
            "operation; its operator should check KG_STORE_USER / KG_STORE_PASSWORD or "
            "KG_STORE_TOKEN (docs/deployment.md)",
            as_json=as_json,
        )
    status = exc.status if exc.status and 400 <= exc.status < 500 else 502
    return error_response(status, "Store Error", str(exc), as_json=as_json)


def busy_response(exc: Busy, as_json: bool = False) -> Response:
    """Every slot of a limit is taken: never queue, tell the client when to come back."""
    return error_response(
        503, exc.title, exc.message, {"Retry-After": str(exc.retry_after)}, as_json=as_json
    )


def register(app: Flask) -> None:
    app.after_request(add_cors)
    app.after_request(add_security_headers)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        resp = error_response(exc.code or 500, exc.name, exc.description or exc.name)
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            resp.headers["Allow"] = ", ".join(exc.valid_methods)
        return resp

    @app.errorhandler(StoreError)
    def store_error(exc: StoreError):
        return store_error_response(exc)

    @app.errorhandler(Busy)
    def busy(exc: Busy):
        return busy_response(exc)

    @app.errorhandler(Exception)
    def internal(exc: Exception):
        app.logger.exception("unhandled error")
        return error_response(
            500, "Internal Server Error", "something went wrong on our side; it has been logged"
        )
