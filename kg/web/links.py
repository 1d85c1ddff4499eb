"""IRIs <-> local paths, public URLs behind proxies, and the short names people read instead of IRIs.

Why a module of its own: every page, data document, sitemap and VoID description needs the same answers
to "where does this IRI live here?" and "what is it called?", and they must agree exactly.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from flask import request

from . import settings

PREFIXES = {
    "schema": "http://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "kg": "https://w3id.org/kg-news/ontology#",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
}
# Characters an IRI path may carry as they are; everything else (non-ASCII, space, quotes) is percent-encoded.
PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_PCT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]")


def iri_to_path(iri: str) -> str:
    """RFC 3987 IRI -> URI mapping for the path part: UTF-8 percent-encode what a URI cannot hold."""
    return quote(iri, safe=PATH_SAFE)


def uri_to_iri(path: str) -> str:
    """The inverse: decode percent-runs that are UTF-8 text or unreserved ASCII; keep reserved escapes (%2F)."""

    def fix(m: re.Match) -> str:
        raw = m.group(0)
        try:
            text = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return raw
        out = []
        for ch, enc in zip(text, _split_escapes(raw, text), strict=True):
            out.append(ch if (ord(ch) > 127 or _UNRESERVED.match(ch)) else enc)
        return "".join(out)

    return _PCT_RUN.sub(fix, path)


def _split_escapes(raw: str, text: str) -> list[str]:
    """The escape sequence of each decoded character, so reserved ones can be kept escaped."""
    out, i = [], 0
    for ch in text:
        n = len(ch.encode("utf-8")) * 3
        out.append(raw[i : i + n])
        i += n
    return out


def raw_path() -> str:
    """The path exactly as the client sent it (gunicorn's RAW_URI), before any decoding."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if not raw:
        return iri_to_path(request.path)
    raw = raw.split("?", 1)[0].split("#", 1)[0]
    if raw.startswith(("http://", "https://")):  # absolute-form request target
        raw = "/" + raw.split("/", 3)[3] if raw.count("/") >= 3 else "/"
    root = request.script_root
    return raw[len(root) :] if root and raw.startswith(root) else raw


def iri_candidates(kind: str, rest_raw: str) -> list[str]:
    """IRIs a request for /x/{kind}/{rest} may mean: the normalized form first, then as sent, then fully decoded."""
    base = settings().base_iri + f"id/{kind}/"
    forms = [uri_to_iri(rest_raw), rest_raw, unquote(rest_raw)]
    out: list[str] = []
    for f in forms:
        if base + f not in out:
            out.append(base + f)
    return out


def app_path(iri: str, view: str = "page") -> str | None:
    """'/page/person/x' for an IRI minted under our base (fragment kept), None for anything else."""
    base = settings().base_iri + "id/"
    if not iri.startswith(base):
        return None
    rest, _, frag = iri[len(base) :].partition("#")
    path = f"/{view}/" + iri_to_path(rest)
    return path + ("#" + quote(frag, safe="-._~") if frag else "")


def local_path(iri: str, view: str = "page") -> str | None:
    """app_path() as a link from our own pages (under the proxy's prefix, if any)."""
    path = app_path(iri, view)
    return None if path is None else request.script_root + path


def public_root() -> str:
    """Absolute URL of the site root as clients see it: from trusted proxy headers, else KG_BASE_IRI."""
    if settings().trusted_proxies > 0:
        return request.url_root
    return settings().base_iri


def public_url(app_relative: str) -> str:
    """An absolute URL for '/page/...' (a path inside the app, without the proxy prefix)."""
    return public_root().rstrip("/") + "/" + app_relative.lstrip("/")


def curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def humanize(iri: str) -> str:
    """'http://schema.org/alternateName' -> 'alternate name': the fallback label of a vocabulary term."""
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ")
    return words if words.isupper() else words.lower() if local[:1].islower() else words


def term_href(iri: str) -> str:
    """Where a vocabulary term is documented: our ontology page for kg:, the vocabulary's own site otherwise."""
    if iri.startswith(PREFIXES["kg"]):
        return request.script_root + "/ontology#" + iri[len(PREFIXES["kg"]) :]
    if iri.startswith(PREFIXES["schema"]):
        return "https://schema.org/" + iri[len(PREFIXES["schema"]) :]
    return web_href(iri)


def web_href(iri: str) -> str:
    """An IRI from the data as a link target: only http(s) ones. Any scheme is a valid IRI, and
    `javascript:` or `data:` in an href would run when clicked; those get "#" (the IRI stays in the text)."""
    return iri if iri.lower().startswith(("http://", "https://")) else "#"
