"""How sure extraction is of each fact, from the rule that found it (0..1, two decimals).

Not a probability fitted to data: an ordering, so that `kg extract --review` shows an editor the
facts built on weaker evidence first. What raises or lowers it:
- entities: a name the authority file knows, or the tagger and the gazetteer agree on, is surest; a
  name whose type a rule changed against the tagger (a city it took for a person, an organization
  it took for a place), or a one-word name, is less sure;
- roles: a role tied to an organization is surer than one without;
- claims: a direct quote is surer than a reported clause, and a reported clause surer than a
  denial or accusation whose scope the parser had to guess;
- events: a noun names an event more surely than a verb tells one; a resolved date, a place or a
  participant, and several tellings merged into one, each make it surer; no date makes it less sure.
"""

from __future__ import annotations

from .claims import ClaimDraft
from .context import EntityDraft
from .events import EventDraft
from .places import lookup as place_lookup
from .roles import RoleDraft

TAGGER_LABELS = {"Person": {"PERSON"}, "Place": {"GPE", "LOC", "FAC"}, "Organization": {"ORG"}}


def _clamp(x: float) -> float:
    return round(min(0.95, max(0.3, x)), 2)


def entity(e: EntityDraft) -> float:
    if e.authority_key:
        return 0.95
    if e.generic:
        return 0.8
    labels = {m.label for m in e.mentions}
    agreed = bool(labels & TAGGER_LABELS.get(e.type, set()))
    score = 0.85 if agreed else 0.65
    if e.type == "Place" and place_lookup(e.name) is not None:
        score += 0.05
    if e.type == "Person" and len(e.name.split()) < 2:
        score -= 0.15  # a person known by one word only
    elif len(e.name.split()) < 2 and e.type != "Place":
        score -= 0.05
    if len(e.mentions) > 1:
        score += 0.05
    return _clamp(score)


def role(r: RoleDraft) -> float:
    return _clamp(0.85 if r.organization is not None else 0.75)


def claim(c: ClaimDraft) -> float:
    if c.direct:
        return _clamp(0.9)
    return _clamp(0.75 if c.kind == "claim" else 0.7)


def event(v: EventDraft) -> float:
    score = 0.7 if v.by_verb else 0.8
    score += 0.05 if v.date else -0.1
    if v.location is None and not v.participants:
        score -= 0.05
    score += 0.05 * min(2, v.tellings - 1)
    return _clamp(score)
