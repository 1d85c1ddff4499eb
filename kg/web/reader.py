"""The reader's part of an entity page (summary, merged roles, statements, events, who appears with it, the
two pictures) as view models, and the same as JSON for the pictures' data URL."""

from __future__ import annotations

from urllib.parse import urlencode

from .describe import Description, S
from .links import local_path
from .pictures import Edge, Node, Point, Span, dated, entity_timeline, network
from .profile import CO_WINDOW, TICK_LIMIT, Profile, RoleLine, names
from .views import fact_views

READER_KINDS = ("person", "organization", "place")


def with_link(*iris: str) -> str:
    """The list of articles that mention all of these."""
    return "/articles?" + urlencode([("with", i) for i in iris])


def _href(iri: str) -> str:
    return local_path(iri) or iri


def _role_view(line: RoleLine, named: dict, on_person: bool) -> dict:
    other = named.get(line.other, (None,))[0] if line.other else None
    return {
        "name": line.name,
        "former": line.former,
        "other": other,
        "other_href": _href(line.other) if line.other else None,
        "label": ", ".join(x for x in (line.name, other) if x)
        if on_person
        else f"{other}: {line.name}",
        "first": line.first,
        "last": line.last,
        "articles": line.articles,
        "sources": [
            {
                "headline": named.get(s.article, (s.article,))[0],
                "date": s.date,
                "exact": s.exact,
                "href": _href(s.article),
                "ev_href": _href(s.article)
                + (f"#ev-{s.start}-{s.end}" if s.start is not None else ""),
            }
            for s in line.sources
        ],
    }


def view(d: Description, p: Profile, select) -> dict:
    """Everything the reader's sections and pictures show."""
    named = names(select, p.iris())
    name = d.label(d.iri) or d.iri
    facts = fact_views(d)
    claims = [f for f in facts if f["kind"] == "claim"]
    events = [f for f in facts if f["kind"] == "event"]
    roles = [_role_view(x, named, True) for x in p.roles]
    members = [_role_view(x, named, False) for x in p.members]
    co = [
        {
            "iri": c.iri,
            "name": named.get(c.iri, (c.iri,))[0],
            "href": _href(c.iri),
            "n": c.n,
            "articles_href": with_link(d.iri, c.iri),
        }
        for c in p.co
        if c.iri in named
    ]
    # pictures
    spans = [
        Span(r["label"], r["first"], r["last"], None)
        for r in (roles or members)
        if dated(r["first"]) and dated(r["last"])
    ]
    points = []
    for f in d.facts:
        if S + "Claim" in f.types or S + "Event" in f.types:
            start = next((t.value for t in f.props.get(S + "startDate", [])), None)
            date = dated(start) or dated(min((e.date for e in f.evidence if e.date), default=None))
            if date:
                kind = "event" if S + "Event" in f.types else "claim"
                label = d.label(f.iri) or next(
                    (t.value for k in (S + "name", S + "text") for t in f.props.get(k, [])), kind
                )
                points.append(Point(label, date[:10], kind, local_path(f.iri)))
    ticks = [(dated(date), _href(a)) for date, a in p.ticks if dated(date)]
    center = Node(d.iri, name, None, p.articles)
    nodes = [Node(c["iri"], c["name"], c["href"], c["n"]) for c in co]
    shown = {c["iri"] for c in co}
    edges = [Edge(d.iri, c["iri"], c["n"], c["articles_href"]) for c in co]
    edges += [
        Edge(x, y, n, with_link(d.iri, x, y)) for x, y, n in p.pairs if x in shown and y in shown
    ]
    return {
        "summary": {"articles": p.articles, "first": p.first, "last": p.last},
        "with_href": with_link(d.iri),
        "roles": roles,
        "members": members,
        "roles_capped": p.roles_capped,
        "said": [f for f in claims if f["rel"] == "Claim made"],
        "about": [f for f in claims if f["rel"] != "Claim made"],
        "events": events,
        "co": co,
        "co_window_full": p.co_window_full,
        "co_window": CO_WINDOW,
        "tick_limit": TICK_LIMIT,
        "timeline": entity_timeline(spans, points, ticks),
        "timeline_rows": sorted(
            [{"date": s.start, "end": s.end, "what": s.label, "kind": "role"} for s in spans]
            + [{"date": x.date, "end": None, "what": x.label, "kind": x.kind} for x in points],
            key=lambda r: r["date"],
        ),
        "network": network(center, nodes, edges),
        "edges": [
            {
                "a": named.get(e.a, (name,))[0],
                "b": named.get(e.b, (name,))[0],
                "n": e.n,
                "href": e.href,
            }
            for e in edges
        ],
        "ticks": ticks,
        "counts": {
            "spans": len(spans),
            "points": len(points),
            "ticks": len(ticks),
            "nodes": len(nodes),
            "edges": len(edges),
        },
    }


def as_json(d: Description, v: dict) -> dict:
    """The pictures' data: what the timeline and the network are drawn from."""
    return {
        "iri": d.iri,
        "summary": v["summary"],
        "timeline": {
            "roles": [
                {"role": r["label"], "from": r["first"], "to": r["last"], "articles": r["articles"]}
                for r in (v["roles"] or v["members"])
            ],
            "points": [r for r in v["timeline_rows"] if r["kind"] != "role"],
            "articles": [{"date": dte, "page": href} for dte, href in v["ticks"]],
        },
        "network": {
            "nodes": [{"iri": c["iri"], "name": c["name"], "articles": c["n"]} for c in v["co"]],
            "edges": v["edges"],
        },
    }
