"""`/api/{name}`: the named queries of queries/ as a small HTTP API, described by OpenAPI 3.

JSON rows are plain objects (IRIs and literals as strings, numbers as numbers) because that is what a
newsroom script wants; CSV is the engine's own. The OpenAPI document is generated from the `.rq`
headers, so the documentation cannot drift from the queries.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from ..queries import MAX_INTEGER, NamedQuery, ParamError, load_all
from ..store.base import QueryTimeout, StoreError
from ..store.complete import check_complete
from . import settings, store
from .errors import busy_response, error_response, store_error_response
from .limits import Busy, query_slots, report_overrun
from .rowcap import truncate

bp = Blueprint("api", __name__)

NUMERIC = {
    f"http://www.w3.org/2001/XMLSchema#{t}"
    for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")
}
# an iri is absolute, or a path such as id/person/x under BASE: an IRI reference
SCHEMA_OF = {
    "iri": {"type": "string", "format": "iri-reference"},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "integer": {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER},
}


@bp.errorhandler(HTTPException)
@bp.errorhandler(StoreError)
@bp.errorhandler(Busy)
def _json_error(exc):
    """The OpenAPI document promises JSON errors: so every failure of the API answers JSON, whatever Accept says."""
    if isinstance(exc, HTTPException):
        return error_response(exc.code or 500, exc.name, exc.description or exc.name, as_json=True)
    if isinstance(exc, Busy):
        return busy_response(exc, as_json=True)
    return store_error_response(exc, as_json=True)


@bp.get("/api/")
@bp.get("/api")
def index():
    return jsonify(
        {
            "queries": [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "url": f"{settings().base_iri}api/{q.name}",
                    "parameters": [p.name for p in q.params],
                }
                for q in load_all().values()
            ],
            "openapi": f"{settings().base_iri}api/openapi.json",
        }
    )


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(openapi_document(settings().base_iri))


@bp.get("/api/<name>")
def run(name: str):
    q = load_all().get(name)
    if q is None:
        return error_response(
            404,
            "Not Found",
            f"no named query '{name}'; see {settings().base_iri}api/",
            as_json=True,
        )
    repeated = sorted(k for k in request.args if len(request.args.getlist(k)) > 1)
    if repeated:
        return error_response(
            400,
            "Bad Request",
            f"parameter(s) given more than once: {', '.join(repeated)}",
            as_json=True,
        )
    values = {k: v for k, v in request.args.items() if k != "format"}
    fmt = request.args.get("format")
    if fmt is None:
        best = (
            request.accept_mimetypes.best_match(["application/json", "text/csv"])
            if request.accept_mimetypes
            else None
        )
        fmt = "csv" if best == "text/csv" else "json"
    if fmt not in ("json", "csv"):
        return error_response(406, "Not Acceptable", "format must be json or csv", as_json=True)
    try:
        text = q.bind(values, settings().base_iri)
    except ParamError as exc:
        return error_response(400, "Bad Request", str(exc), as_json=True)
    media = "text/csv" if fmt == "csv" else "application/sparql-results+json"
    from .sparqltext import analyze, with_row_cap

    s = settings()
    text, capped = with_row_cap(text, analyze(text), s.row_limit)
    try:
        with query_slots().hold():
            answer = store().answer(text, media, deadline=s.query_timeout + 2)
        check_complete(answer.body, media)
    except QueryTimeout:
        report_overrun(current_app.extensions["kg.endpoints"].query_url)
        raise
    body, truncated = truncate(answer.body, media, s.row_limit) if capped else (answer.body, False)
    headers = {
        "X-KG-Row-Limit": str(s.row_limit),
        "X-KG-Truncated": "true" if truncated else "false",
        "Vary": "Accept",
    }
    if fmt == "csv":
        headers["Content-Disposition"] = f'inline; filename="{q.name}.csv"'
        return Response(body, 200, content_type="text/csv; charset=utf-8", headers=headers)
    import json

    results = json.loads(body)
    columns = results["head"]["vars"]
    rows = [{c: _plain(b[c]) for c in columns if c in b} for b in results["results"]["bindings"]]
    resp = jsonify(
        {
            "query": q.name,
            "title": q.title,
            "parameters": values,
            "columns": columns,
            "rows": rows,
            "truncated": truncated,
        }
    )
    resp.headers.update(headers)
    return resp


def _plain(term: dict):
    value = term["value"]
    if term.get("datatype") in NUMERIC:
        try:
            return int(value) if value.lstrip("-").isdigit() else float(value)
        except ValueError:
            return value
    if term.get("datatype") == "http://www.w3.org/2001/XMLSchema#boolean":
        return value in ("true", "1")
    return value


def openapi_document(base: str) -> dict:
    paths = {f"/api/{q.name}": {"get": _operation(q)} for q in load_all().values()}
    row = {
        "type": "object",
        "additionalProperties": {
            "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "kg news graph: named queries",
            "description": "Questions a journalist asks of the news graph, as parameterized SPARQL queries. "
            "Each is also runnable, and editable, on the query page at /sparql.",
            "version": "1",
        },
        "servers": [{"url": base.rstrip("/")}],
        "paths": paths,
        "components": {
            "schemas": {
                "Rows": {
                    "type": "object",
                    "required": ["query", "columns", "rows", "truncated"],
                    "properties": {
                        "query": {"type": "string"},
                        "title": {"type": "string"},
                        "parameters": {
                            "type": "object",
                            "additionalProperties": {"type": "string"},
                        },
                        "columns": {"type": "array", "items": {"type": "string"}},
                        "rows": {"type": "array", "items": row},
                        "truncated": {
                            "type": "boolean",
                            "description": "true when the row limit cut the result",
                        },
                    },
                },
                "Error": {
                    "type": "object",
                    "properties": {
                        "status": {"type": "integer"},
                        "error": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
            },
        },
    }


def _operation(q: NamedQuery) -> dict:
    params = [
        {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "description": p.description,
            "schema": {
                **SCHEMA_OF[p.type],
                **({"default": _typed(p, p.default)} if p.default else {}),
                **({"minLength": 1} if p.required and p.type != "integer" else {}),
            },
            **({"example": p.example} if p.example else {}),
        }
        for p in q.params
    ]
    params.append(
        {
            "name": "format",
            "in": "query",
            "required": False,
            "description": "json (default) or csv; overrides Accept",
            "schema": {"type": "string", "enum": ["json", "csv"]},
        }
    )
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "operationId": q.name.replace("-", "_"),
        "summary": q.title,
        "description": q.description,
        "parameters": params,
        "responses": {
            "200": {
                "description": "the rows; X-KG-Truncated says whether the row limit cut them",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Rows"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            "400": {"description": "a parameter is missing, unknown, or not of its type", **error},
            "406": {"description": "format is neither json nor csv", **error},
            "414": {
                "description": "the request line is longer than the server accepts (about 4 KB)"
            },
            "503": {
                "description": "the query ran past the time limit, or the endpoint is busy",
                **error,
            },
        },
    }


def _typed(p, value: str):
    return int(value) if p.type == "integer" else value
