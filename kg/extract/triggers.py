"""What makes a word an event: the rules that choose an event's type (the words are in
event_words.py).

Nouns name events ("vote", "earthquake"); verbs tell them ("resigned", "was sworn in", "crashed").
Some verbs are events only with the right object or subject, and their type comes from it:
"signed an agreement" is a deal and "signed the bill" legislation; "launched an investigation" an
investigation and "launched a satellite" a launch; "cut 300 jobs" a layoff and "cut interest rates"
a central bank's announced decision; "the court ruled" a court ruling and "the party ruled out"
nothing; "Milan beat Turin 2-1" a match, "won the prize" a ceremony. Some nouns are events only in
some uses ("the annual session", "a 0-0 draw", "a petition brought by"). Kept apart from events.py,
which dates, places and merges events.
"""

from __future__ import annotations

from spacy.tokens import Token

from .context import Context
from .event_words import (
    AGREE_XCOMP,
    ATTACK_SUBJECTS,
    COURT_VERBS,
    DISASTER_SUBJECTS,
    LAWS,
    LEMMA_FIXES,
    NOUN_TRIGGERS,
    OBJECT_VERBS,
    PARTICLE_TRIGGERS,
    SCORE_RE_CHARS,
    STRIKERS,
    VERB_TRIGGERS,
    VOTING_BODIES,
)


def _obj(tok: Token) -> Token | None:
    """The verb's object, or its passive subject ("the bill was signed")."""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c
    return None


def _subj(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _is_score(tok: Token) -> bool:
    """ "2-1", "0-0" (one token), or "4" followed by "-0" as the tagger splits it."""
    text = tok.text
    if any(ch.isdigit() for ch in text) and set(text) <= SCORE_RE_CHARS and "-" in text[1:]:
        return True
    doc = tok.doc
    return (
        text.isdigit()
        and len(text) <= 2
        and tok.i + 2 < len(doc)
        and doc[tok.i + 1].text in ("-", "–")
        and doc[tok.i + 2].text.isdigit()
    )


def _session_like(tok: Token, lem: str) -> bool:
    """Nouns that are events only in some uses: "the annual session of the Nordic Council", "its
    review of the permits", "a 0-0 draw", "the largest fine"."""
    kids = {c.lower_ for c in tok.children}
    if lem == "session":
        return bool(
            kids & {"annual", "plenary", "parliamentary", "special", "emergency", "of", "year"}
        )
    if lem == "review":
        return any(c.dep_ == "prep" and c.lower_ in ("of", "into") for c in tok.children)
    if lem == "petition":  # "a petition brought by the party": a case before a court
        verbs = {"bring", "file", "lodge", "submit"}
        return tok.head.lemma_.lower() in verbs or any(
            c.dep_ == "acl" and c.lemma_.lower() in verbs for c in tok.children
        )
    if lem == "draw":
        return any(_is_score(c) for c in tok.children) or tok.head.lemma_.lower() in (
            "hold",
            "play",
        )
    return tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in ("impose", "issue")


def _noun_type(tok: Token) -> str | None:
    lem = tok.lemma_.lower()
    etype = NOUN_TRIGGERS.get(lem) or NOUN_TRIGGERS.get(tok.lower_)
    if (
        etype == "Protest"
        and tok.head.lower_ == "in"
        and not any(c.dep_ == "det" for c in tok.children)
    ):
        return None  # "quit in protest": a manner, not a protest
    if etype == "Statement" and not any(c.dep_ == "amod" for c in tok.children):
        return None  # "a televised address", "a speech": not a street address
    if etype == "Visit" and tok.head.lemma_.lower() in ("pay", "make") and tok.dep_ != "dobj":
        return None
    if lem == "probe" and not any(c.lower_ == "into" for c in tok.children):
        return None  # a space probe; "a probe into the deal" is an investigation
    if lem == "ceremony" and any(c.lower_ == "signing" for c in tok.children):
        return None  # "the signing ceremony": the signing is the deal
    if (
        lem == "vote"
        and tok.head.lower_ == "of"
        and tok.head.head.lemma_.lower() in ("percent", "%", "share", "majority", "third", "half")
    ):
        return None  # "31 percent of the vote": a result, the election is the event
    if lem in ("session", "review", "fine", "draw", "petition") and not _session_like(tok, lem):
        return None
    return etype


def _match_verb(ctx: Context, tok: Token, lem: str) -> str | None:
    """beat/defeat/draw/lose/win: a match when sides or a score are told."""
    subj = _subj(tok)
    near = [
        g
        for c in tok.children
        if c.dep_ not in ("relcl", "advcl", "ccomp", "conj")
        for g in (c, *c.children)
    ]
    score = any(_is_score(t) for t in near)
    against = any(
        c.dep_ == "prep" and c.lower_ in ("to", "against", "with") and ctx.entity_in(c)
        for c in tok.children
    )
    obj = _obj(tok)
    obj_entity = obj is not None and ctx.entity_at(obj) is not None
    if lem in ("beat", "defeat"):
        return "Match" if subj is not None and (obj_entity or score) else None
    if lem == "draw":
        return "Match" if score or against else None
    return "Match" if score or (lem == "lose" and against) else None


def event_type(ctx: Context, tok: Token) -> str | None:
    """The kg event class a token triggers, or None."""
    lem = tok.lemma_.lower()
    lem = LEMMA_FIXES.get(lem, lem)
    if tok.pos_ == "PROPN":  # "Typhoon Haikui": a named storm is a disaster
        named = [c for c in tok.children if c.dep_ == "compound" and c.lower_ in NOUN_TRIGGERS]
        if named and tok.dep_ != "compound":
            return NOUN_TRIGGERS[named[0].lower_]
        return None
    nominal = tok.pos_ == "NOUN" or (tok.pos_ == "ADJ" and tok.dep_ in ("pobj", "dobj", "nsubj"))
    if nominal and tok.dep_ != "compound":
        return _noun_type(tok)
    if tok.pos_ != "VERB":
        return None
    prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
    adv = next((c.lower_ for c in tok.children if c.dep_ == "advmod" and c.i == tok.i + 1), None)
    if prt is None and (lem, adv) in PARTICLE_TRIGGERS:
        prt = adv  # "walked out" parsed as an adverb
    if prt and (lem, prt) in PARTICLE_TRIGGERS:
        return PARTICLE_TRIGGERS[(lem, prt)]
    if prt:
        return None  # "ruled out", "called off", "broke up": another verb
    if lem == "find" and any(c.lower_ in ("guilty", "innocent") for c in tok.children):
        return "CourtRuling"  # "a jury found X guilty"
    if lem == "take" and any(c.dep_ == "dobj" and c.lower_ == "effect" for c in tok.children):
        subj = _subj(tok)  # "the law took effect"; "before it takes effect" tells nothing new
        return "Legislation" if subj is not None and subj.lemma_.lower() in LAWS else None
    if lem == "debate":  # "the Chilean Congress will debate it"
        subj = _subj(tok)
        ent = ctx.entity_at(subj) if subj is not None else None
        body = subj is not None and (
            subj.lower_ in VOTING_BODIES
            or ent is not None
            and any(w in ent.name for w in ("Congress", "Parliament", "Senate", "Assembly"))
        )
        return "Legislation" if body else None
    if lem in COURT_VERBS:
        subj = (
            _subj(tok)
            if lem != "sentence"
            else next((c for c in tok.children if c.dep_ == "nsubj"), None)
        )
        ent = ctx.entity_at(subj) if subj is not None else None
        if lem == "vote" and subj is not None and "court" not in subj.lower_:
            return "Vote"
        if subj is not None and (
            "court" in subj.lower_
            or "judge" in subj.lower_
            or "jury" in subj.lower_
            or "tribunal" in subj.lower_
            or (ent is not None and ("court" in ent.name.lower() or "tribunal" in ent.name.lower()))
        ):
            return "CourtRuling"
        if lem in ("acquit", "convict", "sentence") and any(
            c.dep_ == "nsubjpass" for c in tok.children
        ):
            return "CourtRuling"  # "he was sentenced to ten years"
        if lem == "order":
            return None
        if lem not in ("dismiss", "vote"):
            return None
    if lem in ("win", "lose"):
        obj = _obj(tok)
        if obj is not None and obj.lemma_.lower() in OBJECT_VERBS[lem]:
            etype = OBJECT_VERBS[lem][obj.lemma_.lower()]
            # "won the final": the noun is the event already
            return None if obj.lemma_.lower() in NOUN_TRIGGERS else etype
        return _match_verb(ctx, tok, lem)
    if lem in ("beat", "defeat", "draw"):
        return _match_verb(ctx, tok, lem)
    if lem == "host":  # "Milan host Naples on 14 March"
        obj = _obj(tok)
        subj = _subj(tok)
        if obj is not None and subj is not None and ctx.entity_at(obj) and ctx.entity_at(subj):
            sides = [ctx.entity_at(obj), ctx.entity_at(subj)]
            if all(e.type != "Person" for e in sides) or any(
                "SportsTeam" in e.subtypes for e in sides
            ):
                return "Match"
        return None
    if lem == "approve":
        agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children), None)
        voter = (
            agent
            if agent is not None
            else next((c for c in tok.children if c.dep_ == "nsubj"), None)
        )
        if voter is not None and voter.lemma_.lower() in VOTING_BODIES | {"board"}:
            return "Vote"  # "approved by both boards": the boards voted
    if lem == "appeal":  # "it would appeal to the General Court", not "appealed for calm"
        if any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
            return None
        return "Lawsuit" if _subj(tok) is not None else None
    if lem == "strike":
        subj = _subj(tok)
        if subj is not None and subj.lemma_.lower() in ATTACK_SUBJECTS:
            return "Attack"
        if (
            subj is not None
            and (subj.lemma_.lower() in STRIKERS or subj.lower_ in STRIKERS)
            and not _obj(tok)
        ):
            return "Strike"  # "drivers would strike again on 5 May"
    if lem in OBJECT_VERBS:
        obj = _obj(tok)
        if obj is None:
            return None
        etype = OBJECT_VERBS[lem].get(obj.lemma_.lower()) or OBJECT_VERBS[lem].get(obj.lower_)
        if lem == "launch" and obj.dep_ == "nsubjpass" and etype != "Investigation":
            return "Launch"  # "a European probe ... was launched"
        if etype is not None and (
            obj.lemma_.lower() in NOUN_TRIGGERS or obj.lower_ in NOUN_TRIGGERS
        ):
            return None  # "signed an agreement": the noun is the event, dated by the verb's clause
        if (
            etype is None
            and lem == "launch"
            and (obj.dep_ == "nsubjpass" or ctx.entity_at(obj) is not None)
        ):
            return "Launch"  # "the satellite was launched", "launched Orion-3"
        return etype
    if lem == "agree":
        for c in tok.children:
            if c.dep_ == "xcomp" and c.lemma_.lower() in AGREE_XCOMP:
                return "Deal"
            if c.dep_ == "dobj" and c.lemma_.lower() in ("deal", "terms", "merger", "sale"):
                return None if c.lemma_.lower() in NOUN_TRIGGERS else "Deal"
            if c.dep_ == "prep" and any(
                g.lemma_.lower() in ("ceasefire", "truce") for g in c.children
            ):
                return None
        if tok.dep_ in ("acl", "amod") and tok.head.lemma_.lower() in ("plan", "framework", "deal"):
            return "Deal"  # "under a plan agreed in 2023"
        return None
    etype = VERB_TRIGGERS.get(lem)
    if etype == "Announcement":
        dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if dobj is None or any(c.dep_ == "ccomp" for c in tok.children):
            return None  # "announced that ...": a claim
    if etype in ("Visit", "Evacuation") and lem in ("arrive", "flee"):
        subj = _subj(tok)
        if subj is None or ctx.entity_at(subj) is None and ctx.agent(subj) is None:
            return None  # "winter arrived", "thousands fled": no one named
    if lem == "erupt":
        subj = _subj(tok)
        if tok.dep_ == "relcl" and (subj is None or subj.lower_ in ("that", "which")):
            subj = tok.head
        if (
            subj is None
            or subj.lemma_.lower() in DISASTER_SUBJECTS
            or subj.lemma_.lower() in NOUN_TRIGGERS
        ):
            return None  # "a wildfire that erupted": the noun is the event
    if etype in ("Dismissal", "Arrest", "Evacuation") and lem in ("fire", "dismiss"):
        obj = _obj(tok)
        if obj is None or ctx.entity_at(obj) is None and obj.lower_ not in ("him", "her", "them"):
            return None  # "fired shots", "dismissed the claims"
    return etype
