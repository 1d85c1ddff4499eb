"""A mirror's side of the change feed, written once for the replay tests on every engine: what a
downstream copy must do, knowing only `/changes.json` and `/dump.nq?since=` (kg/web/changes.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable


def feed_updates(get: Callable, last: str | None, base: str) -> tuple[str, str | None, int]:
    """(the SPARQL update that brings a mirror from feed point `last` to now, the new point, entries).

    The feed is walked two entries a page, to follow its `next` links; retracted graphs and purged
    entities go, then every graph the dump since `last` holds replaces the mirror's (entity
    descriptions subject by subject, the change log added to)."""
    entries, url = [], "/changes.json?limit=2" + (f"&after={last}" if last else "")
    while url:
        page = get(url).json()
        entries += page["entries"]
        url = page["next"] and page["next"] + "&limit=2"
    if not entries:
        return "", last, 0
    dump = get(f"/dump.nq?since={last or ''}")
    assert dump.status_code == 200, dump.text[:300]
    eg, cg = base + "graph/entities", base + "graph/changes"
    updates = []
    for e in entries:
        if e["action"] == "retracted":
            updates.append(f"DROP SILENT GRAPH <{e['graph']}>")
        updates += [
            f"DELETE WHERE {{ GRAPH <{eg}> {{ <{x}> ?p ?o }} }}" for x in e.get("purged", [])
        ]
    by_graph: dict[str, list[str]] = defaultdict(list)
    for line in dump.text.splitlines():
        if line:
            triple, graph = line[: line.rindex(" <")], line[line.rindex(" <") + 2 : -3]
            by_graph[graph].append(triple + " .")
    for g, lines in by_graph.items():
        if g == eg:
            subjects = {t.split(" ", 1)[0] for t in lines}
            updates += [f"DELETE WHERE {{ GRAPH <{eg}> {{ {s} ?p ?o }} }}" for s in subjects]
        elif g != cg:
            updates.append(f"DROP SILENT GRAPH <{g}>")
        updates.append(f"INSERT DATA {{ GRAPH <{g}> {{ {chr(10).join(lines)} }} }}")
    return " ;\n".join(updates), entries[-1]["id"], len(entries)
