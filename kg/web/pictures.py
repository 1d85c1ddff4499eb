"""Pictures drawn on the server as SVG: the publication timeline, an entity's timeline, its co-mention network.

Why server-side SVG (docs/pages.md argues it at length): no script to load or run, nothing to vendor, the
picture is in the HTML the first byte after the headers, it prints, it works under the CSP and without
JavaScript, each mark carries a <title> a screen reader and a mouse both read, and each mark that stands
for articles is a link to them. Pure functions: data in, markup out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass
class Span:
    label: str
    start: str  # ISO date
    end: str
    href: str | None = None


@dataclass
class Point:
    label: str
    date: str
    kind: str  # claim | event
    href: str | None = None


def _day(iso: str) -> int:
    return dt.date.fromisoformat(iso[:10]).toordinal()


def dated(iso: str | None) -> str | None:
    """The ISO day of a date the timeline can place ('2022', '2022-04' and '2022-04-03' can), else None."""
    if not iso:
        return None
    text = iso[:10]
    text = text + "-01-01" if len(text) == 4 else text + "-01" if len(text) == 7 else text
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _a(href: str | None, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _svg(width: int, height: int, title: str, desc: str, body: list[str], cls: str) -> Markup:
    """role=img for a picture alone; role=group when its marks are links (an img has no focusable parts)."""
    role = "group" if any("<a href" in b for b in body) else "img"
    return Markup(
        f'<svg class="picture {cls}" viewBox="0 0 {width} {height}" width="100%" role="{role}" '
        f'aria-labelledby="{cls}-t {cls}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{cls}-t">{escape(title)}</title><desc id="{cls}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def publication_bars(months: list[tuple[str, int]], href_of=None) -> Markup:
    """One bar per month; the tallest is the full height."""
    if not months:
        return Markup("")
    w, h, pad = 720, 160, 24
    peak = max(n for _, n in months) or 1
    bw = (w - 2 * pad) / len(months)
    body = [f'<line class="axis" x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}"/>']
    step = max(1, math.ceil(len(months) / 12))
    for i, (month, n) in enumerate(months):
        bh = (h - 2 * pad) * n / peak
        x = pad + i * bw
        rect = (
            f'<rect class="bar" x="{x + 1:.1f}" y="{h - pad - bh:.1f}" width="{max(bw - 2, 1):.1f}" '
            f'height="{bh:.1f}"><title>{escape(month)}: {n} article{"" if n == 1 else "s"}</title></rect>'
        )
        body.append(_a(href_of(month) if href_of and n else None, rect))
        if i % step == 0:
            body.append(
                f'<text class="lbl" x="{x + bw / 2:.1f}" y="{h - 6}" text-anchor="middle">{escape(month)}</text>'
            )
    body.append(f'<text class="lbl" x="{pad}" y="14">{peak} articles at most in a month</text>')
    total = sum(n for _, n in months)
    return _svg(
        w,
        h,
        "Articles published per month",
        f"{total} articles from {months[0][0]} to {months[-1][0]}",
        body,
        "pubtime",
    )


def entity_timeline(
    spans: list[Span], points: list[Point], ticks: list[tuple[str, str | None]]
) -> Markup:
    """Roles as spans (one row each), statements and events as points, articles as ticks on the axis.
    What has no date it can place is left out (the table beside the picture shows it)."""
    spans = [s for s in spans if dated(s.start) and dated(s.end)]
    spans = [Span(s.label, dated(s.start), dated(s.end), s.href) for s in spans]
    points = [Point(p.label, dated(p.date), p.kind, p.href) for p in points if dated(p.date)]
    ticks = [(dated(d), h) for d, h in ticks if dated(d)]
    dates = [s.start for s in spans] + [s.end for s in spans] + [p.date for p in points]
    dates += [d for d, _ in ticks]
    dates = [d for d in dates if d]
    if not dates:
        return Markup("")
    lo, hi = min(_day(d) for d in dates), max(_day(d) for d in dates)
    lo, hi = lo - 15, hi + 15
    w, left, right, row = 720, 180, 20, 22
    h = 40 + row * (len(spans) + 1) + 40

    def x(iso: str) -> float:
        return left + (w - left - right) * (_day(iso) - lo) / max(hi - lo, 1)

    body: list[str] = []
    for i, s in enumerate(spans):
        y = 20 + i * row
        x0, x1 = x(s.start), x(s.end)
        rect = (
            f'<rect class="span" x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 4):.1f}" height="{row - 6}" rx="3">'
            f"<title>{escape(s.label)}: {escape(s.start)} to {escape(s.end)}</title></rect>"
        )
        body.append(
            f'<text class="lbl" x="{left - 6}" y="{y + row - 10}" text-anchor="end">{escape(s.label[:28])}</text>'
        )
        body.append(_a(s.href, rect))
    py = 20 + len(spans) * row + row / 2
    body.append(
        f'<text class="lbl" x="{left - 6}" y="{py + 4:.0f}" text-anchor="end">statements, events</text>'
    )
    for p in points:
        mark = (
            f'<circle class="pt pt-{escape(p.kind)}" cx="{x(p.date):.1f}" cy="{py:.1f}" r="5">'
            f"<title>{escape(p.date)}: {escape(p.label)}</title></circle>"
        )
        body.append(_a(p.href, mark))
    ay = h - 30
    body.append(f'<line class="axis" x1="{left}" y1="{ay}" x2="{w - right}" y2="{ay}"/>')
    for d, href in ticks:
        tick = (
            f'<line class="tick" x1="{x(d):.1f}" y1="{ay - 8}" x2="{x(d):.1f}" y2="{ay}">'
            f"<title>article of {escape(d)}</title></line>"
        )
        body.append(_a(href, tick))
    lo_s, hi_s = dt.date.fromordinal(lo + 15).isoformat(), dt.date.fromordinal(hi - 15).isoformat()
    body.append(f'<text class="lbl" x="{left}" y="{h - 8}">{lo_s}</text>')
    body.append(f'<text class="lbl" x="{w - right}" y="{h - 8}" text-anchor="end">{hi_s}</text>')
    return _svg(
        w,
        h,
        "Timeline",
        f"{len(spans)} roles, {len(points)} statements and events, {len(ticks)} articles, {lo_s} to {hi_s}",
        body,
        "enttime",
    )


@dataclass
class Node:
    iri: str
    label: str
    href: str | None
    weight: int


@dataclass
class Edge:
    a: str
    b: str
    n: int
    href: str | None


def network(center: Node, nodes: list[Node], edges: list[Edge]) -> Markup:
    """The entity in the middle, the entities most often mentioned with it on a circle around it; an edge
    for each pair mentioned together (its width grows with the number of articles; it links to them)."""
    if not nodes:
        return Markup("")
    w, h = 680, 440
    cx, cy, r = w / 2, h / 2, 170
    pos = {center.iri: (cx, cy)}
    for i, n in enumerate(nodes):
        a = 2 * math.pi * i / len(nodes) - math.pi / 2
        pos[n.iri] = (cx + r * math.cos(a), cy + r * math.sin(a))
    peak = max((e.n for e in edges), default=1)
    names = {center.iri: center.label, **{n.iri: n.label for n in nodes}}
    body: list[str] = []
    for e in edges:
        (x1, y1), (x2, y2) = pos[e.a], pos[e.b]
        line = (
            f'<line class="edge{"" if center.iri in (e.a, e.b) else " hop2"}" x1="{x1:.1f}" '
            f'y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{1 + 3 * e.n / peak:.1f}"><title>{escape(names[e.a])} and '
            f"{escape(names[e.b])}: {e.n} article{'' if e.n == 1 else 's'}</title></line>"
        )
        body.append(_a(e.href, line))
    for n in [center, *nodes]:
        x, y = pos[n.iri]
        rad = 14 if n is center else 6 + 6 * min(n.weight, peak) / peak
        cls = "node center" if n is center else "node"
        anchor = "middle" if n is center else ("start" if x >= cx else "end")
        dx = 0 if n is center else (10 if x >= cx else -10)
        dy = -20 if n is center else 4
        body.append(
            _a(
                n.href,
                f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="{rad:.1f}">'
                f"<title>{escape(n.label)}</title></circle>"
                f'<text class="lbl" x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
                f"{escape(n.label[:24])}</text>",
            )
        )
    return _svg(
        w,
        h,
        f"Who is mentioned with {center.label}",
        f"{len(nodes)} entities and {len(edges)} links between them",
        body,
        "network",
    )
