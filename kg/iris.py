"""Minting IRIs: readable, URL-safe, and a pure function of the input, so that re-ingesting is a no-op."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rdflib import Namespace, URIRef

SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
KG = Namespace("https://w3id.org/kg-news/ontology#")
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

KINDS = ("article", "person", "organization", "place", "event", "claim", "role")
KIND_OF_TYPE = {"Person": "person", "Organization": "organization", "Place": "place"}
MAX_SLUG_WORDS = 6


def slugify(text: str, max_words: int | None = None) -> str:
    """'Recep Tayyip Erdoğan' -> 'recep-tayyip-erdogan'; falls back to a hash for scripts with no ASCII form."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", folded.lower().replace("'", "").replace("’", ""))
    if max_words:
        words = words[:max_words]
    if words:
        return "-".join(words)
    return "x" + short_hash(text)


def short_hash(*parts: object, length: int = 10) -> str:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return h[:length]


def normalize_url(url: str) -> str:
    """One spelling per page: scheme and host lower-cased, default port, fragment and utm_* tracking
    parameters dropped, so that the same article reached by two links keeps one identity."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    host = parts.hostname or ""
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if port is None or port == default else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, True) if not k.startswith("utm_")])
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def source_key(identifier: str) -> str:
    """The article key of a source identity (a canonical URL, a ninjs uri): a pure function of it, so
    that publishing the same URL again replaces that article, whatever its headline has become."""
    norm = normalize_url(identifier)
    parts = urlsplit(norm)
    last = (parts.path or "").rstrip("/").rsplit("/", 1)[-1] or parts.netloc or norm
    last = re.sub(r"\.(html?|php|aspx?)$", "", last)
    return f"{slugify(last, MAX_SLUG_WORDS)}-{short_hash(norm, length=10)}"


class Minter:
    """All IRIs under one base; the web layer uses the same to turn a path back into an IRI."""

    def __init__(self, base: str):
        self.base = base if base.endswith("/") else base + "/"

    def id(self, kind: str, key: str) -> URIRef:
        return URIRef(f"{self.base}id/{kind}/{key}")

    def article_key(self, date_published: str, headline: str) -> str:
        """Date, the headline's first words, and a hash of the whole headline: readable, and two
        articles of one day whose headlines merely start alike never share a key."""
        return f"{date_published[:10]}-{slugify(headline, MAX_SLUG_WORDS)}-{short_hash(headline, length=6)}"

    def article(self, key: str) -> URIRef:
        return self.id("article", key)

    def article_graph(self, key: str) -> URIRef:
        return URIRef(f"{self.base}graph/article/{key}")

    @property
    def entity_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/entities")

    @property
    def article_graph_prefix(self) -> str:
        return f"{self.base}graph/article/"

    def entity(self, base_type: str, name: str, key: str | None = None) -> URIRef:
        return self.id(KIND_OF_TYPE[base_type], key or slugify(name))

    def fact(self, kind: str, article_key: str, *identity: object) -> URIRef:
        """A fact's key hashes what makes it that fact, never its position in the document."""
        return self.id(kind, f"{article_key}-{short_hash(*identity)}")
