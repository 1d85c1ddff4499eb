"""The web tier's own reads from the engine (pages, data documents): one SELECT, its JSON parsed.

They go through the pass-through client (one send, one keep-alive connection per thread) and orjson,
not the `requests` session of kg.store: on a typical entity page that session and the standard JSON
parser took over a third of the worker's time.
"""

from __future__ import annotations

import orjson
from flask import current_app

from .passthrough import check_complete, send_query

JSON = "application/sparql-results+json"
MAX_BYTES = 256 * 1024 * 1024


def select(sparql: str) -> list[dict]:
    """The bindings of a SELECT, from the engine this app serves."""
    return _results(sparql)["results"]["bindings"]


def ask(sparql: str) -> bool:
    return bool(_results(sparql)["boolean"])


def _results(sparql: str) -> dict:
    ep = current_app.extensions["kg.endpoints"]
    answer = send_query(ep.query_url, sparql, JSON, ep.timeout + 5, MAX_BYTES, ep.authorization)
    check_complete(answer.body, JSON)
    return orjson.loads(answer.body)
