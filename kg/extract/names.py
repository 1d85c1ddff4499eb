"""Within-article name resolution: which mentions name the same entity, and what its canonical name is.

Rules, in order:
1. Authority names and aliases ("US", "U.S.", "America", "Britain") resolve to the authority entry,
   which gives the canonical name, the type and sameAs. A PERSON mention is never looked up there
   ("Jordan" the player is not the country).
2. Multi-word person names are entities. A one-word name ("Khan") is the person whose surname (or
   given name) it is. When several people share it ("Sharif": Shehbaz and Nawaz), it is the one whose
   unambiguous mention (full name, or a mention already resolved) comes nearest before it; if none
   comes before, the nearest after. This also corrects the tagger ("Under Khan" tagged as a place).
3. An organization's short form is the organization whose name starts with it ("Northwind" ->
   "Northwind Energy") or whose initials it is ("USGS").
4. Generic institution names ("Parliament", "the health ministry") are qualified by their country:
   one named in the phrase ("Kenya's Supreme Court", "the ministry in Damascus"), else the nearest
   country before it in the sentence, else the country the article mentions most. The surface form is
   kept as an alternate name.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from . import authority
from .context import Context, EntityDraft, Mention, add_mention, attach_mention, norm_text
from .entities import BASE_TYPE, context_subtype
from .lexicon import GENERIC_INSTITUTIONS, NAME_SUBTYPES, ROLE_NOUNS


def _new(ctx: Context, m: Mention, type_: str) -> EntityDraft:
    e = EntityDraft(type=type_, name=norm_text(m.text))
    ctx.entities.append(e)
    add_mention(ctx, e, m)
    return e


def _person_candidates(people: list[EntityDraft], word: str) -> list[EntityDraft]:
    return [
        p
        for p in people
        if len(p.name.split()) > 1 and word in (p.name.split()[-1], p.name.split()[0])
    ]


def _nearest(cands: list[EntityDraft], m: Mention) -> EntityDraft:
    """Shared surname: the candidate with the nearest unambiguous mention before m, else after it."""

    def unambiguous(e: EntityDraft) -> list[Mention]:
        return [x for x in e.mentions if len(x.text.split()) > 1 or x.entity is e and x is not m]

    before = [(x.start, e) for e in cands for x in unambiguous(e) if x.start < m.start]
    if before:
        return max(before, key=lambda t: t[0])[1]
    after = [(x.start, e) for e in cands for x in unambiguous(e) if x.start > m.start]
    return min(after, key=lambda t: t[0])[1] if after else cands[0]


def resolve(ctx: Context) -> None:
    """Group ctx.mentions into ctx.entities (rules 1-3)."""
    pending: list[Mention] = []
    for m in ctx.mentions:
        entry = None if m.label == "PERSON" else authority.lookup(m.text)
        if entry:
            attach_mention(ctx, m, entry)
        else:
            pending.append(m)
    people: list[EntityDraft] = []
    by_name: dict[tuple[str, str], EntityDraft] = {}
    # Full person names first, so that a short form earlier in the text still finds its person.
    for m in pending:
        if m.label == "PERSON" and len(m.text.split()) > 1:
            key = ("Person", norm_text(m.text))
            if key not in by_name:
                by_name[key] = _new(ctx, m, "Person")
                people.append(by_name[key])
            else:
                add_mention(ctx, by_name[key], m)
    orgs = [m for m in pending if m.label == "ORG" and len(m.text.split()) > 1]
    for m in pending:
        if m.entity is not None:
            continue
        words = m.text.split()
        cands = _person_candidates(people, m.text) if len(words) == 1 else []
        if cands:
            add_mention(ctx, _nearest(cands, m), m)
            continue
        long_org = _org_long_form(m, orgs)
        if long_org is not None:
            key = ("Organization", norm_text(long_org.text))
            if key not in by_name:
                by_name[key] = _new(ctx, long_org, "Organization")
            add_mention(ctx, by_name[key], m)
            continue
        type_ = BASE_TYPE[m.label]
        key = (type_, norm_text(m.text))
        if key in by_name:
            add_mention(ctx, by_name[key], m)
        else:
            by_name[key] = _new(ctx, m, type_)
            if type_ == "Person":
                people.append(by_name[key])
    _untagged_surnames(ctx, people)
    ctx.index()
    for e in ctx.entities:
        _type_from_context(ctx, e)


def _untagged_surnames(ctx: Context, people: list[EntityDraft]) -> None:
    """'Osei rejected ...' after 'Dr. Amara Osei': a surname the tagger missed is still the person;
    likewise an organization's first word ('Northwind' after 'Northwind Energy')."""
    taken = {i for m in ctx.mentions for i in range(m.tok_start, m.tok_end)}
    for tok in ctx.doc:
        if tok.i in taken or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.ent_type_:
            continue
        cands = _person_candidates(people, tok.text)
        if cands:
            m = Mention(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON", tok.i, tok.i + 1)
            add_mention(ctx, _nearest(cands, m), m)
            continue
        if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
            continue  # part of a longer name
        orgs = [
            e
            for e in ctx.entities
            if e.type == "Organization"
            and len(e.name.split()) > 1
            and e.name.split()[0] == tok.text
            and not e.authority_key
        ]
        if len(orgs) == 1:  # "Northwind denied ..." after "Northwind Energy"
            add_mention(
                ctx,
                orgs[0],
                Mention(tok.idx, tok.idx + len(tok.text), tok.text, "ORG", tok.i, tok.i + 1),
            )


def _org_long_form(m: Mention, orgs: list[Mention]) -> Mention | None:
    """'Northwind' -> 'Northwind Energy'; 'USGS' -> 'United States Geological Survey'."""
    if m.label == "PERSON" or m in orgs:
        return None
    words = m.text.split()
    for o in orgs:
        owords = o.text.split()
        if o is not m and len(owords) > len(words) and owords[: len(words)] == words:
            return o
        caps = "".join(w[0] for w in owords if w[:1].isupper())
        if len(words) == 1 and len(caps) > 2 and words[0] == caps:
            return o
    return None


def _type_from_context(ctx: Context, e: EntityDraft) -> None:
    """Subtypes from the name's head word and from appositives; fixes the base type of non-persons."""
    if e.authority_key:
        return
    last = e.name.split()[-1].lower()
    if e.type == "Person" and last in NAME_SUBTYPES and len(e.name.split()) > 1:
        e.type = "Organization"  # "Groningen Athletic", "Acme Inc.": name words no person has
    for m in e.mentions:
        if _beside_role_noun(ctx, m):
            e.type = (
                "Person"  # "The club's president, Anouk de Vries": whoever holds a role is a person
            )
            e.subtypes = []
            return
        hit = context_subtype(ctx, m)
        if hit:  # the nouns listed are never said of a person: "the Dutch club Vitesse Eindhoven"
            base, sub = hit
            e.type = base
            e.add_subtype(sub)
    if e.type == "Organization":
        words = e.name.lower().split()
        sub = NAME_SUBTYPES.get(words[-1]) or (
            NAME_SUBTYPES.get(words[0]) if words[0] in ("university", "college") else None
        )
        if sub and not (sub == "SportsTeam" and e.subtypes):
            e.add_subtype(sub)
        if e.name.lower() in GENERIC_INSTITUTIONS:
            e.generic = True
            e.add_subtype("GovernmentOrganization")


def _beside_role_noun(ctx: Context, m: Mention) -> bool:
    root = ctx.doc[m.tok_start : m.tok_end].root
    if m.tok_end - m.tok_start < 2:
        return False
    nouns = [c for c in root.children if c.dep_ == "appos"] + (
        [root.head] if root.dep_ == "appos" else []
    )
    return any(
        n.pos_ == "NOUN"
        and n.lemma_.lower() in ROLE_NOUNS
        and n.lemma_.lower() not in ("head", "member", "partner", "owner")
        for n in nouns
    )


def institution(ctx: Context, tok: Token) -> EntityDraft | None:
    """A lower-case institution that acts ("the health ministry in Damascus said"): an entity,
    qualified later by its country. Returns None when the phrase is no generic institution."""
    left = [
        c
        for c in tok.children
        if c.dep_ in ("compound", "amod") and c.i < tok.i and c.pos_ in ("NOUN", "ADJ")
    ]
    start = min([c.i for c in left] + [tok.i])
    phrase = ctx.doc[start : tok.i + 1]
    if phrase.text.lower() not in GENERIC_INSTITUTIONS:
        return None
    existing = ctx.mention_at(tok)
    if existing and existing.entity:
        return existing.entity
    for e in ctx.entities:
        if e.generic and phrase.text.lower() in (a.lower() for a in e.alternates):
            country = _country_for(ctx, phrase.start, phrase.end)
            if country is None or e.country is None or country is e.country:
                add_mention(
                    ctx,
                    e,
                    Mention(
                        phrase.start_char,
                        phrase.end_char,
                        phrase.text,
                        "INST",
                        phrase.start,
                        phrase.end,
                    ),
                )
                return e
    country = _country_for(ctx, phrase.start, phrase.end)
    if country is None:
        return None  # "the army" of no known country would merge every army in the graph
    m = Mention(phrase.start_char, phrase.end_char, phrase.text, "INST", phrase.start, phrase.end)
    e = _new(ctx, m, "Organization")
    e.generic = True
    e.add_subtype("GovernmentOrganization")
    e.country = country
    return e


def _country_entity(ctx: Context, tok: Token) -> EntityDraft | None:
    ent = ctx.entity_at(tok)
    if ent is None:
        dem = authority.by_demonym(tok.text)
        return next((e for e in ctx.entities if dem and e.authority_key == dem.key), None)
    if "Country" in ent.subtypes:
        return ent
    country = authority.country_of(authority.get(ent.authority_key or ""))
    return next((e for e in ctx.entities if country and e.authority_key == country.key), None)


def _country_for(ctx: Context, start: int, end: int) -> EntityDraft | None:
    """The country an institution phrase belongs to (rule 4)."""
    doc = ctx.doc
    root = doc[start:end].root
    for child in root.children:
        if child.dep_ in ("poss", "compound", "amod") or (
            child.dep_ == "prep" and child.lower_ in ("in", "of")
        ):
            targets = (
                [child] if child.dep_ != "prep" else [g for g in child.children if g.dep_ == "pobj"]
            )
            for t in targets:
                c = _country_entity(ctx, t)
                if c:
                    return c
    sent = root.sent
    for tok in reversed(doc[sent.start : start]):
        c = _country_entity(ctx, tok)
        if c and "Country" in c.subtypes:
            return c
    return dominant_country(ctx)


def dominant_country(ctx: Context) -> EntityDraft | None:
    """The country the article is about: most mentions, counting capitals and names that contain it."""
    counts: dict[int, tuple[int, int, EntityDraft]] = {}
    for e in ctx.entities:
        if "Country" not in e.subtypes:
            continue
        n = len(e.mentions)
        n += sum(1 for o in ctx.entities if o is not e and e.name in o.name)
        n += sum(
            len(o.mentions)
            for o in ctx.entities
            if o.authority_key and (authority.get(o.authority_key).capital_of == e.authority_key)
        )
        counts[id(e)] = (n, -e.first, e)
    if not counts:
        return None
    return max(counts.values(), key=lambda t: (t[0], t[1]))[2]


def merge_short_forms(ctx: Context) -> None:
    """Rule 3 again, after roles and claims may have retyped an entity ('Riverside's manager')."""
    orgs = [
        e
        for e in ctx.entities
        if e.type == "Organization" and not e.authority_key and e.merged_into is None
    ]
    for a in orgs:
        words = a.name.split()
        for b in orgs:
            bw = b.name.split()
            if b is a or b.merged_into is not None or len(bw) <= len(words):
                continue
            initials = "".join(w[0] for w in bw if w[:1].isupper())
            if bw[: len(words)] == words or (
                len(words) == 1 and len(initials) > 2 and words[0] == initials
            ):
                for m in a.mentions:
                    m.entity = b
                    b.mentions.append(m)
                b.alternates += a.alternates
                for s in a.subtypes:
                    b.add_subtype(s)
                a.mentions = []
                a.merged_into = b
                break
    ctx.entities = [e for e in ctx.entities if e.merged_into is None]
    ctx.index()


def finalize(ctx: Context) -> None:
    """Canonical names (rule 4 qualification), alternates and readable ids."""
    merge_short_forms(ctx)
    home = None
    for e in ctx.entities:
        if e.authority_key is None and e.type != "Person" and e.mentions:
            longest = max((m.text for m in e.mentions if m.label != "INST"), key=len, default=None)
            if longest and not e.generic:
                e.name = norm_text(longest)
        if e.type == "Person":
            e.name = max(
                (norm_text(m.text) for m in e.mentions),
                key=lambda s: len(s.split()),
                default=e.name,
            )
        if e.generic:
            m0 = min(e.mentions, key=lambda m: m.start)
            country = e.country or _country_for(ctx, m0.tok_start, m0.tok_end)
            if country is None:
                home = home or dominant_country(ctx)
                country = home
            surface = e.name if e.name[:1].isupper() else e.name.title()
            if country is not None and country.name.lower() not in surface.lower():
                e.name = f"{surface} of {country.name}"
    used: set[str] = set()
    for e in ctx.entities:
        e.alternates = [a for a in dict.fromkeys(e.alternates) if a != e.name]
        base = re.sub(r"[^a-z0-9]+", "-", e.name.lower()).strip("-") or "entity"
        eid, n = base, 2
        while eid in used:
            eid, n = f"{base}-{n}", n + 1
        used.add(eid)
        e.id = eid
