"""The front door (what is in the news graph now) and the paged lists of articles, people, organizations and
places, each page also as JSON and CSV (by extension, `format`, or Accept, as the rest of kg/web)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from flask import Blueprint, Response, abort, jsonify, render_template, request

from . import reads, settings
from .catalog import ARTICLE_SORTS, LIST_KINDS, SORTS, Row, by_iri, front, mentioning, page_of
from .describe import iri_ok
from .links import local_path
from .pictures import publication_bars
from .search import index

bp = Blueprint("home", __name__)
PER_PAGE = 50
FORMATS = {"json": "application/json", "csv": "text/csv"}
TITLES = {
    "articles": "Articles",
    "people": "People",
    "organizations": "Organizations",
    "places": "Places",
}


def _format(ext: str | None) -> str:
    """html, json or csv: the extension, then `format`, then Accept."""
    fmt = ext or request.args.get("format")
    if fmt:
        if fmt not in FORMATS:
            abort(400, f"format must be json or csv, not {fmt!r}")
        return fmt
    best = request.accept_mimetypes.best_match(["text/html", "application/json", "text/csv"])
    return {"application/json": "json", "text/csv": "csv"}.get(best or "text/html", "html")


def _vary(resp: Response) -> Response:
    resp.headers["Vary"] = "Accept"
    resp.headers["Cache-Control"] = "public, max-age=30"
    return resp


def row_json(r: Row) -> dict:
    out = {"iri": r.iri, "name": r.name, "page": local_path(r.iri)}
    if r.kind == "article":
        out["date"] = r.last
    else:
        out.update(mentions=r.mentions, firstMention=r.first, latestMention=r.last)
    return out


@bp.get("/")
def home():
    f = front(index().rows, reads.select)
    if _format(None) == "json":
        return _vary(
            jsonify(
                {
                    "counts": f.counts,
                    "latest": [
                        {
                            **row_json(Row(c.iri, "article", c.headline, 0, None, c.date)),
                            "authors": [row_json(a) for a in c.authors],
                            "entities": [row_json(e) for e in c.entities],
                        }
                        for c in f.latest
                    ],
                    "mostMentioned": {k: [row_json(r) for r in v] for k, v in f.top.items()},
                    "recentlyMentioned": {k: [row_json(r) for r in v] for k, v in f.recent.items()},
                    "recentDays": f.cutoff_days,
                    "timeline": "/timeline.json",
                }
            )
        )
    picture = publication_bars(f.timeline)
    html = render_template(
        "home.html", f=f, base=settings().base_iri, href=local_path, picture=picture
    )
    return _vary(Response(html, mimetype="text/html"))


@bp.get("/timeline.json")
def timeline_data():
    """The publication timeline's data (the picture on the home page)."""
    f = front(index().rows, reads.select)
    return _vary(jsonify({"months": [{"month": m, "articles": n} for m, n in f.timeline]}))


def _list(name: str, ext: str | None):
    if ext is not None and ext not in FORMATS:
        abort(404, f"/{name} is offered as .json and .csv, not .{ext}")
    kind = LIST_KINDS[name]
    sorts = ARTICLE_SORTS if kind == "article" else SORTS
    sort = request.args.get("sort", "latest" if kind == "article" else "mentions")
    if sort not in sorts:
        abort(400, f"sort must be one of {', '.join(sorts)}, not {sort!r}")
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        abort(400, "page must be a positive whole number")
    if not 1 <= page <= 100_000:
        abort(400, "page must be between 1 and 100000")
    with_ = request.args.getlist("with")[:5] if kind == "article" else []
    if any(not iri_ok(i) for i in with_):
        abort(400, "each `with` must be an IRI (an entity the articles mention)")
    if with_:
        rows, total = mentioning(reads.select, with_, page, PER_PAGE)
    else:
        rows, total = page_of(index().rows, kind, sort, page, PER_PAGE)
    if page > 1 and not rows:
        abort(404, f"page {page} is past the end of this list ({total} in all)")
    fmt = _format(ext)
    if fmt == "json":
        return _vary(
            jsonify(
                {
                    "kind": kind,
                    "sort": sort,
                    "page": page,
                    "perPage": PER_PAGE,
                    "total": total,
                    "items": [row_json(r) for r in rows],
                }
            )
        )
    if fmt == "csv":
        buf = io.StringIO()
        items = [row_json(r) for r in rows]
        cols = list(items[0]) if items else ["iri", "name", "page"]
        w = csv.DictWriter(buf, cols, lineterminator="\r\n")
        w.writeheader()
        w.writerows(items)
        resp = Response(buf.getvalue(), mimetype="text/csv")
        resp.headers["Content-Disposition"] = f'inline; filename="{name}-{sort}-{page}.csv"'
        return _vary(resp)
    html = render_template(
        "list.html",
        name=name,
        with_=by_iri(index().rows, with_) if with_ else {},
        extra="".join("&with=" + quote(i, safe="") for i in with_),
        title=TITLES[name],
        kind=kind,
        rows=rows,
        total=total,
        sort=sort,
        sorts=list(sorts) if kind != "article" else ["latest", "name"],
        page=page,
        per_page=PER_PAGE,
        href=local_path,
    )
    return _vary(Response(html, mimetype="text/html"))


def _register() -> None:
    for name in LIST_KINDS:
        bp.add_url_rule(f"/{name}", f"list_{name}", lambda name=name: _list(name, None))
        bp.add_url_rule(
            f"/{name}.<ext>",
            f"list_{name}_ext",
            lambda ext, name=name: _list(name, ext),
        )


_register()
