"""Matching a name someone typed (in a spreadsheet, misspelt, partial) against the registry's entities.

Why rapidfuzz's WRatio: one score that forgives what a column of names does to them — a typo ("Imran
Kahn"), a surname alone ("Starmer", scored as a partial match), names in another order ("Johnson, Boris").
Every name and alternate name of an entity is a choice; the entity scores its best one. Ties go to the
entity the articles mention most, which is what an editor means by "the" Khan.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

KINDS = ("person", "organization", "place")
MATCH_SCORE = 90.0  # `match: true` (OpenRefine may accept it unseen) only from here ...
MATCH_MARGIN = 5.0  # ... and this far ahead of the next entity


def fold(text: str) -> str:
    """Lower case, no marks, punctuation as spaces: 'Erdoğan' and 'erdogan' are one spelling."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


@dataclass(frozen=True)
class Candidate:
    iri: str
    kind: str
    name: str
    alternates: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    mentions: int = 0


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    match: bool = False


class Matcher:
    """Every name of every candidate, folded once; a query is scored against them all (C speed)."""

    def __init__(self, candidates: list[Candidate]):
        self.candidates = candidates
        self.choices: dict[str | None, tuple[list[str], list[int]]] = {}
        for kind in (None, *KINDS):
            names, owners = [], []
            for i, c in enumerate(candidates):
                if kind is None or c.kind == kind:
                    for n in dict.fromkeys((c.name, *c.alternates)):
                        if fold(n):
                            names.append(fold(n))
                            owners.append(i)
            self.choices[kind] = (names, owners)

    def match(self, query: str, kind: str | None = None, limit: int = 5) -> list[Scored]:
        q = fold(query)
        names, owners = self.choices.get(kind, ([], []))
        if not q or not names:
            return []
        best: dict[int, float] = {}
        for _name, score, pos in process.extract(
            q, names, scorer=fuzz.WRatio, limit=max(50, limit * 10), score_cutoff=50
        ):
            i = owners[pos]
            best[i] = max(best.get(i, 0.0), score)
        ranked = sorted(
            best.items(),
            key=lambda kv: (-round(kv[1], 1), -self.candidates[kv[0]].mentions, kv[0]),
        )[:limit]
        out = [Scored(self.candidates[i], round(s, 1)) for i, s in ranked]
        if out and out[0].score >= MATCH_SCORE:
            runner_up = out[1].score if len(out) > 1 else 0.0
            if out[0].score - runner_up >= MATCH_MARGIN:
                out[0] = Scored(out[0].candidate, out[0].score, True)
        return out
