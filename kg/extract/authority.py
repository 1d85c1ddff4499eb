"""The authority file: canonical names, types and Wikidata IRIs of countries and international bodies.

Alias lookup is case-sensitive on purpose: "US" is the country, "us" is a pronoun.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from ..config import package_path

AUTHORITY_PATH = package_path("data", "authority.json")


@dataclass(frozen=True)
class Authority:
    key: str
    name: str
    type: str
    subtypes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    sameAs: tuple[str, ...] = ()
    capital_of: str | None = None


@dataclass
class _Index:
    by_key: dict[str, Authority] = field(default_factory=dict)
    by_name: dict[str, Authority] = field(default_factory=dict)
    by_demonym: dict[str, Authority] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _index() -> _Index:
    data = json.loads(AUTHORITY_PATH.read_text(encoding="utf-8"))
    idx = _Index()
    for raw in data["entries"]:
        a = Authority(
            key=raw["key"],
            name=raw["name"],
            type=raw["type"],
            subtypes=tuple(raw.get("subtypes", [])),
            aliases=tuple(raw.get("aliases", [])),
            demonyms=tuple(raw.get("demonyms", [])),
            sameAs=tuple(raw.get("sameAs", [])),
            capital_of=raw.get("capitalOf"),
        )
        idx.by_key[a.key] = a
        for name in (a.name, *a.aliases):
            # Countries first in the file: a body's alias never shadows a country's name.
            idx.by_name.setdefault(name, a)
            if name.startswith("the "):
                idx.by_name.setdefault(name[4:], a)
        for dem in a.demonyms:
            idx.by_demonym.setdefault(dem, a)
    return idx


def lookup(name: str) -> Authority | None:
    """The entry whose name or alias is exactly `name` (a leading 'the' ignored)."""
    idx = _index()
    name = name.strip()
    hit = idx.by_name.get(name)
    if hit is None and name[:4].lower() == "the ":
        hit = idx.by_name.get(name[4:])
    return hit


def by_demonym(word: str) -> Authority | None:
    """'American' -> United States; only country demonyms are listed."""
    return _index().by_demonym.get(word)


def get(key: str) -> Authority | None:
    return _index().by_key.get(key)


def country_of(entry: Authority | None) -> Authority | None:
    """A country itself, or the country a listed capital city belongs to."""
    if entry is None:
        return None
    if "Country" in entry.subtypes:
        return entry
    return get(entry.capital_of) if entry.capital_of else None
