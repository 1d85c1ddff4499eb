"""The facts document: what extraction found in one article, in a form an editor can review and correct.

It is the only thing the RDF mapping reads, so an edited document is published exactly as edited.
Format: JSON, described by `kg/schemas/facts.schema.json` (see docs/facts-format.md).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from .article import Article
from .config import package_path
from .iris import source_key

FORMAT = "kg-facts/1"
SCHEMA_PATH = package_path("schemas", "facts.schema.json")


class FactsError(ValueError):
    """A facts document that cannot be read: names the file and the place in it."""

    def __init__(self, path: str, message: str, where: str | None = None):
        self.path = path
        self.where = where
        self.message = message
        super().__init__(f"{path}: {where + ': ' if where else ''}{message}")


@dataclass
class Evidence:
    start: int
    end: int
    exact: str

    @classmethod
    def of(cls, body: str, start: int, end: int) -> Evidence:
        return cls(start, end, body[start:end])


@dataclass
class Agent:
    name: str
    type: str = "Person"


@dataclass
class ArticleFacts:
    headline: str
    datePublished: str
    authors: list[Agent]
    body: str
    publisher: Agent | None = None
    language: str = "en"
    key: str | None = None
    # Source metadata (kg/readers); left out of the JSON when absent, so older documents read the same.
    url: str | None = None
    dateModified: str | None = None
    description: str | None = None
    image: str | None = None
    section: str | None = None
    keywords: list[str] = field(default_factory=list)


SOURCE_FIELDS = ("url", "dateModified", "description", "image", "section", "keywords")


@dataclass
class Entity:
    id: str
    type: str
    name: str
    subtypes: list[str] = field(default_factory=list)
    alternateNames: list[str] = field(default_factory=list)
    sameAs: list[str] = field(default_factory=list)
    key: str | None = None
    mentions: list[Evidence] = field(default_factory=list)
    confidence: float | None = None
    containedInPlace: str | None = None


@dataclass
class Role:
    id: str
    person: str
    roleName: str | None = None
    organization: str | None = None
    former: bool = False
    evidence: Evidence | None = None
    confidence: float | None = None


@dataclass
class Claim:
    id: str
    speaker: str
    text: str | None = None
    verb: str | None = None
    kind: str = "claim"
    direct: bool = False
    about: list[str] = field(default_factory=list)
    denies: str | None = None
    evidence: Evidence | None = None
    confidence: float | None = None


@dataclass
class Event:
    id: str
    type: str
    name: str | None = None
    startDate: str | None = None
    location: str | None = None
    participants: list[str] = field(default_factory=list)
    status: str = "happened"
    evidence: Evidence | None = None
    confidence: float | None = None


@dataclass
class FactsDocument:
    article: ArticleFacts
    entities: list[Entity] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    source: str | None = None
    extractor: str | None = None

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_article(cls, art: Article) -> FactsDocument:
        """The metadata part, which needs no language processing."""
        return cls(
            article=ArticleFacts(
                headline=art.headline,
                datePublished=art.published or art.date.isoformat(),
                authors=[Agent(a) for a in art.authors],
                body=art.body,
                publisher=Agent(art.publisher, "Organization") if art.publisher else None,
                language=art.language,
                key=source_key(art.identifier) if art.identifier else None,
                url=art.url,
                dateModified=art.date_modified,
                description=art.description,
                image=art.image,
                section=art.section,
                keywords=list(art.keywords),
            ),
            source=art.path,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str = "<facts>") -> FactsDocument:
        errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            err = errors[0]
            where = _json_path(err.absolute_path) or "document"
            more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
            raise FactsError(path, err.message + more, where)
        a = data["article"]
        doc = cls(
            article=ArticleFacts(
                headline=a["headline"],
                datePublished=a["datePublished"],
                authors=[Agent(**x) for x in a["authors"]],
                body=a["body"],
                publisher=Agent(**a["publisher"]) if a.get("publisher") else None,
                language=a.get("language", "en"),
                key=a.get("key"),
                **{k: a[k] for k in SOURCE_FIELDS if a.get(k) is not None},
            ),
            entities=[_entity(e) for e in data.get("entities", [])],
            roles=[
                Role(**{**r, "evidence": _ev(r.get("evidence"))}) for r in data.get("roles", [])
            ],
            claims=[
                Claim(**{**c, "evidence": _ev(c.get("evidence"))}) for c in data.get("claims", [])
            ],
            events=[
                Event(**{**v, "evidence": _ev(v.get("evidence"))}) for v in data.get("events", [])
            ],
            source=data.get("source"),
            extractor=data.get("extractor"),
        )
        doc.check_references(path)
        return doc

    # -- integrity ---------------------------------------------------------------------------
    def check_references(self, path: str = "<facts>") -> None:
        """Every id is unique and every reference points at something: the mapping relies on it."""
        seen: dict[str, str] = {}
        for section in ("entities", "roles", "claims", "events"):
            for i, item in enumerate(getattr(self, section)):
                if item.id in seen:
                    raise FactsError(
                        path,
                        f"id {item.id!r} is used twice (also at {seen[item.id]})",
                        f"{section}[{i}].id",
                    )
                seen[item.id] = f"{section}[{i}]"
        entities = {e.id for e in self.entities}
        claims = {c.id for c in self.claims}

        def need(ref: str | None, pool: set[str], where: str, what: str) -> None:
            if ref is not None and ref not in pool:
                raise FactsError(
                    path, f"refers to {ref!r}, which is no {what} of this document", where
                )

        for i, e in enumerate(self.entities):
            need(e.containedInPlace, entities, f"entities[{i}].containedInPlace", "entity")
        for i, r in enumerate(self.roles):
            need(r.person, entities, f"roles[{i}].person", "entity")
            need(r.organization, entities, f"roles[{i}].organization", "entity")
        for i, c in enumerate(self.claims):
            need(c.speaker, entities, f"claims[{i}].speaker", "entity")
            need(c.denies, claims, f"claims[{i}].denies", "claim")
            for j, ref in enumerate(c.about):
                need(ref, entities, f"claims[{i}].about[{j}]", "entity")
        for i, v in enumerate(self.events):
            need(v.location, entities, f"events[{i}].location", "entity")
            for j, ref in enumerate(v.participants):
                need(ref, entities, f"events[{i}].participants[{j}]", "entity")

    def entity(self, local_id: str) -> Entity:
        for e in self.entities:
            if e.id == local_id:
                return e
        raise KeyError(local_id)

    # -- serialisation -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT, "source": self.source, "extractor": self.extractor}
        out["article"] = {
            k: v for k, v in asdict(self.article).items() if k not in SOURCE_FIELDS or v
        }
        for section in ("entities", "roles", "claims", "events"):
            out[section] = [_without_none_confidence(asdict(x)) for x in getattr(self, section)]
        return out

    def facts(self) -> list[tuple[str, Entity | Role | Claim | Event]]:
        """Every fact with its place in the document ("events[2]"), for review listings."""
        return [
            (f"{section}[{i}]", x)
            for section in ("entities", "roles", "claims", "events")
            for i, x in enumerate(getattr(self, section))
        ]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _without_none_confidence(d: dict[str, Any]) -> dict[str, Any]:
    """A fact with no confidence (written by hand) has no field, not a null the schema refuses."""
    for key in ("confidence", "containedInPlace"):
        if key in d and d[key] is None:
            del d[key]
    return d


def _ev(raw: dict[str, Any] | None) -> Evidence | None:
    return Evidence(**raw) if raw else None


def _entity(raw: dict[str, Any]) -> Entity:
    return Entity(**{**raw, "mentions": [Evidence(**m) for m in raw.get("mentions", [])]})


def _json_path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def is_facts_file(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def load_facts(path: str | Path) -> FactsDocument:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FactsError(str(p), f"cannot read file: {exc.strerror}") from None
    return parse_facts(raw, p)


def parse_facts(raw: bytes, p: str | Path) -> FactsDocument:
    """A facts document from bytes (a file or a fetched URL); errors name the source and the place."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FactsError(str(p), f"not valid UTF-8 (offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise FactsError(
            str(p), f"not valid JSON: {exc.msg}", f"line {exc.lineno} column {exc.colno}"
        ) from None
    if not isinstance(data, dict):
        raise FactsError(str(p), "expected a JSON object with 'format' and 'article'")
    return FactsDocument.from_dict(data, str(p))
