"""What makes a word an event: the closed trigger lists and the rules that choose an event's type.

Nouns name events ("vote", "earthquake"); verbs tell them ("resigned", "was sworn in", "crashed").
Some verbs are events only with the right object or subject, and their type comes from it:
"signed an agreement" is a deal and "signed the bill" legislation; "launched an investigation" an
investigation and "launched a satellite" a launch; "cut 300 jobs" a layoff and "cut interest rates"
a policy change; "the court ruled" a court ruling and "the party ruled out" nothing.
Kept apart from events.py (which dates, places and merges events) so that the vocabulary reads at a
glance and grows without touching the rules.
"""

from __future__ import annotations

from spacy.tokens import Token

from .context import Context

NOUN_TRIGGERS = {
    "vote": "Vote",
    "referendum": "Vote",
    "ballot": "Vote",
    "election": "Election",
    "runoff": "Election",
    "resignation": "Resignation",
    "appointment": "Appointment",
    "ruling": "CourtRuling",
    "verdict": "CourtRuling",
    "judgment": "CourtRuling",
    "judgement": "CourtRuling",
    "conference": "Conference",
    "summit": "Conference",
    "convention": "Conference",
    "earthquake": "Earthquake",
    "quake": "Earthquake",
    "tremor": "Earthquake",
    "aftershock": "Earthquake",
    "flood": "Flood",
    "flooding": "Flood",
    "landslide": "Disaster",
    "storm": "Storm",
    "hurricane": "Storm",
    "cyclone": "Storm",
    "typhoon": "Storm",
    "tornado": "Storm",
    "wildfire": "Wildfire",
    "bushfire": "Wildfire",
    "tsunami": "Disaster",
    "eruption": "Disaster",
    "drought": "Disaster",
    "avalanche": "Disaster",
    "mudslide": "Disaster",
    "deal": "Deal",
    "acquisition": "Deal",
    "merger": "Deal",
    "takeover": "Deal",
    "purchase": "Deal",
    "protest": "Protest",
    "demonstration": "Protest",
    "rally": "Protest",
    "strike": "Strike",
    "walkout": "Strike",
    "meeting": "Meeting",
    "talks": "Meeting",
    "announcement": "Announcement",
    "attack": "Attack",
    "bombing": "Attack",
    "airstrike": "Attack",
    "assault": "Attack",
    "final": "Match",
    "match": "Match",
    "semifinal": "Match",
    "semi-final": "Match",
    "derby": "Match",
    "hearing": "Hearing",
    "sentencing": "Hearing",
    "conviction": "CourtRuling",
    "acquittal": "CourtRuling",
    "speech": "Statement",
    "address": "Statement",
    "agreement": "Deal",
    "accord": "Deal",
    "treaty": "Deal",
    "contract": "Deal",
    "lawsuit": "Lawsuit",
    "arrest": "Arrest",
    "investigation": "Investigation",
    "probe": "Investigation",
    "inquiry": "Investigation",
    "crash": "Accident",
    "collision": "Accident",
    "derailment": "Accident",
    "explosion": "Accident",
    "ceremony": "Ceremony",
    "inauguration": "Ceremony",
    "funeral": "Ceremony",
    "tournament": "Tournament",
    "championship": "Tournament",
    "bankruptcy": "Bankruptcy",
    "insolvency": "Bankruptcy",
    "visit": "Visit",
    "layoff": "Layoff",
    "ceasefire": "Ceasefire",
    "truce": "Ceasefire",
    "launch": "Launch",
    "liftoff": "Launch",
    "game": "Match",
    "race": "Match",
}

VERB_TRIGGERS = {
    "vote": "Vote",
    "resign": "Resignation",
    "quit": "Resignation",
    "appoint": "Appointment",
    "nominate": "Appointment",
    "elect": "Election",
    "reelect": "Election",
    "re-elect": "Election",
    "acquire": "Deal",
    "buy": "Deal",
    "merge": "Deal",
    "protest": "Protest",
    "demonstrate": "Protest",
    "meet": "Meeting",
    "attack": "Attack",
    "bomb": "Attack",
    "announce": "Announcement",
    "declare": "Announcement",
    "crash": "Accident",
    "collide": "Accident",
    "derail": "Accident",
    "capsize": "Accident",
    "explode": "Accident",
    "flee": "Evacuation",
    "evacuate": "Evacuation",
    "rescue": "Rescue",
    "arrive": "Visit",
    "visit": "Visit",
    "arrest": "Arrest",
    "detain": "Arrest",
    "sue": "Lawsuit",
    "fire": "Dismissal",
    "sack": "Dismissal",
    "dismiss": "Dismissal",
    "oust": "Dismissal",
    "erupt": "Disaster",
    "discover": "Discovery",
    "beat": "Match",
    "defeat": "Match",
    "draw": "Match",
}
PARTICLE_TRIGGERS = {
    ("step", "down"): "Resignation",
    ("strike", "down"): "CourtRuling",
    ("take", "over"): "Appointment",
    ("swear", "in"): "Ceremony",
    ("lay", "off"): "Layoff",
    ("blast", "off"): "Launch",
    ("lift", "off"): "Launch",
}
COURT_VERBS = {"rule", "overturn", "uphold", "acquit", "convict", "sentence", "quash", "dismiss"}
# Verbs whose event type is that of their object (or of their passive subject).
OBJECT_VERBS: dict[str, dict[str, str]] = {
    "sign": {
        **dict.fromkeys(
            ("agreement", "deal", "contract", "accord", "treaty", "memorandum", "partnership"),
            "Deal",
        ),
        **dict.fromkeys(("law", "bill", "decree", "order", "act", "legislation"), "Legislation"),
        "ceasefire": "Ceasefire",
        "truce": "Ceasefire",
    },
    "launch": {
        **dict.fromkeys(("investigation", "probe", "inquiry", "review"), "Investigation"),
        **dict.fromkeys(("campaign", "drive", "appeal"), "Campaign"),
        **dict.fromkeys(("attack", "offensive", "strike", "raid", "assault"), "Attack"),
        **dict.fromkeys(
            (
                "rocket",
                "satellite",
                "mission",
                "probe",
                "spacecraft",
                "telescope",
                "product",
                "service",
                "app",
                "model",
                "vessel",
                "ship",
                "missile",
            ),
            "Launch",
        ),
    },
    "open": dict.fromkeys(("investigation", "probe", "inquiry", "case"), "Investigation"),
    "cut": {
        **dict.fromkeys(
            ("job", "jobs", "staff", "workforce", "position", "post", "role"), "Layoff"
        ),
        **dict.fromkeys(("rate", "rates", "tax", "taxes", "tariff", "tariffs"), "PolicyChange"),
    },
    "raise": dict.fromkeys(
        ("rate", "rates", "tax", "taxes", "price", "prices", "tariff", "tariffs"), "PolicyChange"
    ),
    "pass": dict.fromkeys(
        ("law", "bill", "legislation", "budget", "amendment", "motion"), "Legislation"
    ),
    "approve": dict.fromkeys(
        (
            "law",
            "bill",
            "legislation",
            "budget",
            "amendment",
            "vaccine",
            "merger",
            "deal",
            "takeover",
        ),
        "Legislation",
    ),
    "adopt": dict.fromkeys(
        ("law", "bill", "legislation", "budget", "amendment", "resolution"), "Legislation"
    ),
    "win": {
        **dict.fromkeys(
            ("election", "vote", "seat", "seats", "majority", "runoff", "presidency"), "Election"
        ),
        **dict.fromkeys(
            (
                "match",
                "game",
                "final",
                "semifinal",
                "race",
                "derby",
                "tie",
                "title",
                "trophy",
                "cup",
                "championship",
                "medal",
                "gold",
                "bout",
                "fight",
            ),
            "Match",
        ),
    },
    "strike": {"deal": "Deal", "agreement": "Deal"},
    "reach": {
        "deal": "Deal",
        "agreement": "Deal",
        "settlement": "Deal",
        "accord": "Deal",
        "ceasefire": "Ceasefire",
        "truce": "Ceasefire",
        "final": "Match",
        "verdict": "CourtRuling",
    },
    "file": {
        "lawsuit": "Lawsuit",
        "suit": "Lawsuit",
        "complaint": "Lawsuit",
        "bankruptcy": "Bankruptcy",
        "insolvency": "Bankruptcy",
    },
    "lose": dict.fromkeys(
        ("match", "game", "final", "semifinal", "race", "derby", "tie", "bout"), "Match"
    ),
}
AGREE_XCOMP = {
    "buy": "Deal",
    "acquire": "Deal",
    "merge": "Deal",
    "sell": "Deal",
    "pay": "Deal",
    "supply": "Deal",
    "build": "Deal",
    "invest": "Deal",
}
DISASTER_SUBJECTS = {
    "earthquake",
    "quake",
    "tremor",
    "storm",
    "typhoon",
    "hurricane",
    "cyclone",
    "tornado",
    "flood",
    "floods",
    "tsunami",
    "wildfire",
    "fire",
    "landslide",
    "aftershock",
}
ATTACK_SUBJECTS = {
    "missile",
    "missiles",
    "drone",
    "drones",
    "airstrike",
    "airstrikes",
    "rocket",
    "rockets",
    "jet",
    "jets",
    "bomb",
    "bombs",
    "shell",
    "shells",
    "forces",
    "troops",
}
SCORE_RE_CHARS = set("0123456789-–")


def _obj(tok: Token) -> Token | None:
    """The verb's object, or its passive subject ("the bill was signed")."""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c
    return None


def _subj(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _is_score(tok: Token) -> bool:
    return any(ch.isdigit() for ch in tok.text) and set(tok.text) <= SCORE_RE_CHARS


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
    if prt and (lem, prt) in PARTICLE_TRIGGERS:
        return PARTICLE_TRIGGERS[(lem, prt)]
    if prt:
        return None  # "ruled out", "called off", "broke up": another verb
    if lem == "find" and any(c.lower_ in ("guilty", "innocent") for c in tok.children):
        return "CourtRuling"  # "a jury found X guilty"
    if lem == "take" and any(c.dep_ == "dobj" and c.lower_ == "effect" for c in tok.children):
        return "PolicyChange"  # "the law took effect"
    if lem in COURT_VERBS:
        subj = (
            _subj(tok)
            if lem != "sentence"
            else next((c for c in tok.children if c.dep_ == "nsubj"), None)
        )
        ent = ctx.entity_at(subj) if subj is not None else None
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
        if lem != "dismiss":
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
    if lem in OBJECT_VERBS:
        obj = _obj(tok)
        if obj is None:
            return None
        etype = OBJECT_VERBS[lem].get(obj.lemma_.lower()) or OBJECT_VERBS[lem].get(obj.lower_)
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
    if lem == "strike":
        subj = _subj(tok)
        if subj is not None and subj.lemma_.lower() in ATTACK_SUBJECTS:
            return "Attack"
        return None  # "the earthquake struck": the noun is the event
    if lem == "agree":
        for c in tok.children:
            if c.dep_ == "xcomp" and c.lemma_.lower() in AGREE_XCOMP:
                return AGREE_XCOMP[c.lemma_.lower()]
            if c.dep_ == "dobj" and c.lemma_.lower() in ("deal", "terms", "merger", "sale"):
                return None if c.lemma_.lower() in NOUN_TRIGGERS else "Deal"
            if c.dep_ == "prep" and any(
                g.lemma_.lower() in ("ceasefire", "truce") for g in c.children
            ):
                return None
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
