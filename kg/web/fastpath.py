"""`/sparql` queries without Flask's request machinery: the hot path of the endpoint, kept thin.

Why: for a small query, Flask's own work for a request (its request and response objects, contexts, URL
matching, hooks) costs about as much CPU as the engine's answer, and a third of what the worker spends on
the request (profiled with py-spy under wrk; BENCHMARKS.md, "SPARQL endpoint"). A plain query — GET with
`query` (and `format`), or POST with an `application/sparql-query` body — is answered here, by the same
functions the Flask view calls (`sparql.admit`, `negotiate`, `answer_query`), with the same headers. Anything
else (updates, forms, dataset parameters, the query page) goes to Flask untouched, and so does every
failure: the error is rendered by the app's own handlers, so it reads the same on both paths.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.http import parse_options_header

from . import sparql
from .errors import CORS_HEADERS, DATA_HEADERS

ALLOWED_PARAMS = frozenset(("query", "format"))
UTF8 = ("utf-8", "utf8")

StartResponse = Callable[..., object]


class QueryFastPath:
    """WSGI middleware in front of the Flask app (`app.wsgi_app`), as Flask's documentation suggests."""

    def __init__(self, app: Flask):
        self.app = app
        self.flask = app.wsgi_app
        self.max_body = (
            4 * app.config["KG_SETTINGS"].max_query_length
        )  # UTF-8: at most 4 bytes a character

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/sparql":
            return self.flask(environ, start_response)
        plain = self._plain_query(environ)
        if plain is None:
            return self.flask(environ, start_response)
        text, fmt = plain
        with self.app.app_context():
            try:
                op = sparql.Operation("query", text)
                prepared = sparql.admit(op)
                media = sparql.negotiate(prepared.analysis.form, fmt, environ.get("HTTP_ACCEPT"))
                body, headers = sparql.answer_query(op, prepared, media)
            except Exception as exc:  # noqa: BLE001 - every failure is answered by the app's handlers
                return self._flask_error(environ, start_response, exc)
        start_response(
            "200 OK", [*headers, ("Content-Length", str(len(body))), *DATA_HEADERS, *CORS_HEADERS]
        )
        return [body]

    def _plain_query(self, environ: dict) -> tuple[str, str | None] | None:
        """(query, format) of a plain query request; None for anything the Flask view should read."""
        method = environ.get("REQUEST_METHOD")
        try:  # as werkzeug reads `request.args`: the URL's bytes as UTF-8, bad escapes kept as they came
            url_query = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
        params = parse_qsl(url_query, keep_blank_values=True, errors="werkzeug.url_quote")
        if any(name not in ALLOWED_PARAMS for name, _ in params):
            return None
        queries = [v for k, v in params if k == "query"]
        formats = [v for k, v in params if k == "format"]
        if len(formats) > 1:
            return None
        fmt = formats[0] if formats else None
        if method == "GET":
            return (queries[0], fmt) if len(queries) == 1 else None
        if method != "POST" or queries:
            return None
        mimetype, options = parse_options_header(environ.get("CONTENT_TYPE", ""))
        if mimetype != sparql.QUERY_TYPE or options.get("charset", "utf-8").lower() not in UTF8:
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None
        if not 0 < length <= self.max_body:
            return None
        raw = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(raw)  # whatever happens next, the body can be read again
        try:
            return raw.decode("utf-8"), fmt
        except UnicodeDecodeError:
            return None

    def _flask_error(
        self, environ: dict, start_response: StartResponse, exc: Exception
    ) -> Iterable[bytes]:
        """Answer a failure exactly as the Flask view would: its blueprint's and the app's handlers, its hooks.
        Called while `exc` is being handled, as Flask's own dispatch does."""
        with self.app.request_context(environ):
            try:
                rv = self.app.handle_user_exception(exc)
            except Exception as unhandled:  # noqa: BLE001 - no handler: Flask's own 500
                rv = self.app.handle_exception(unhandled)
            response = self.app.finalize_request(rv)
            return response(environ, start_response)


def install(app: Flask) -> None:
    app.wsgi_app = QueryFastPath(app)  # type: ignore[method-assign]
