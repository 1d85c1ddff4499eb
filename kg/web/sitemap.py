"""/sitemap.xml for the entity and article pages (an index of 50,000-URL files when there are more),
and /robots.txt pointing to it. The list comes from the search index, which already enumerates them."""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort

from .links import app_path, public_url
from .search import index

bp = Blueprint("sitemap", __name__)
PER_FILE = 50_000  # the sitemaps.org limit
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _urls(after: int, limit: int) -> Iterator[str]:
    for _rowid, iri, kind in index().page_of_iris(after, limit):
        path = app_path(iri)
        if path:
            prio = "0.8" if kind == "article" else "0.6"
            yield f"<url><loc>{escape(public_url(path))}</loc><priority>{prio}</priority></url>\n"


def _file_bounds(n: int) -> int:
    """The rowid after which sitemap file n starts (rowids are dense: the index is built in one go)."""
    return (n - 1) * PER_FILE


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    total = index().count()
    if total <= PER_FILE:
        body = HEAD + f"<urlset {NS}>\n" + "".join(_urls(0, PER_FILE)) + "</urlset>\n"
    else:
        files = (total + PER_FILE - 1) // PER_FILE
        body = (
            HEAD
            + f"<sitemapindex {NS}>\n"
            + "".join(
                f"<sitemap><loc>{escape(public_url(f'/sitemap-{i}.xml'))}</loc></sitemap>\n"
                for i in range(1, files + 1)
            )
            + "</sitemapindex>\n"
        )
    return _xml(body)


@bp.get("/sitemap-<int:n>.xml")
def sitemap_part(n: int) -> Response:
    if n < 1 or _file_bounds(n) >= max(index().count(), 1):
        abort(404, "no such sitemap file; start from /sitemap.xml")
    return _xml(
        HEAD + f"<urlset {NS}>\n" + "".join(_urls(_file_bounds(n), PER_FILE)) + "</urlset>\n"
    )


@bp.get("/robots.txt")
def robots() -> Response:
    body = f"User-agent: *\nDisallow: /sparql\nDisallow: /dump.\nSitemap: {public_url('/sitemap.xml')}\n"
    return Response(body, mimetype="text/plain", headers={"Cache-Control": "public, max-age=3600"})


def _xml(body: str) -> Response:
    return Response(
        body, mimetype="application/xml", headers={"Cache-Control": "public, max-age=300"}
    )
