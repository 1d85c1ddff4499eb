"""The web tier's own reads from the engine (pages, data documents): one SELECT, its JSON parsed.

The store's client sends them on its fast path (one send, one keep-alive connection per thread) and
parses with orjson: on a typical entity page a `requests` session and the standard JSON parser took
over a third of the worker's time.
"""

from __future__ import annotations

from . import store


def select(sparql: str) -> list[dict]:
    """The bindings of a SELECT, from the engine this app serves."""
    return store().select(sparql)


def ask(sparql: str) -> bool:
    return store().ask(sparql)
