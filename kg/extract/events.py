"""Events: something that happened or is expected, typed in the kg ontology, with date, place and
participants.

Triggers are event nouns ("vote", "earthquake", "conference") and event verbs ("resigned", "was
sworn in", "crashed", "walked out", "agreed to buy", "beat Turin 2-1"), typed by triggers.py from
the lists in event_words.py. Rules:
- an event noun that is definite ("the vote", "that election", "the ruling") refers back to an
  earlier event of its type when there is one, and adds nothing, unless its own phrase dates it
  otherwise ("the conviction in March of a senator");
- a bare plural ("during elections") is generic, unless it is the subject of a verb ("Floods killed");
- an event demanded, urged, refused or alleged is not an event ("called for an early election",
  "ruled out a snap election", "accused the government of planning to raise taxes"); a record is
  not one event ("had won the title twice"); the setting of an event is not another ("will vote
  at an extraordinary meeting");
- the date is the time expression of the smallest clause containing the trigger: its own phrase
  (within four steps, leaving out clauses that tell another event or have their own subject), then
  the clauses it belongs to without a subject of their own (xcomp, conjuncts, participles, objects),
  and a "when" clause takes the time it modifies; "on Sunday, a day after his team lost" dates the
  loss from its head. The search never leaves what somebody said: an event inside a reported
  clause does not take the date of the reporting ("said on Thursday that he would resign" dates
  the statement, not the resignation);
- status: "scheduled" under scheduled/due/set, "expected" under will/expected or with a future date,
  else "happened";
- one event per real-world event: event_merge.py folds later tellings into the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .context import Context, EntityDraft
from .dates import NUMBER_WORDS as NUMBERS
from .dates import time_spans
from .event_merge import compatible, merge_all, merge_into
from .triggers import event_type

DEMAND_VERBS = {
    "call",
    "urge",
    "demand",
    "ask",
    "seek",
    "press",
    "want",
    "threaten",
}
REFUSAL_VERBS = {"reject", "oppose", "avoid", "deny", "refuse"}  # and "rule out"
ANOTHER = {
    "next",
    "upcoming",
    "second",
    "another",
    "new",
    "fresh",
    "further",
    "separate",
    "third",
    "earlier",
    "previous",
}
SCHEDULE_WORDS = {"schedule", "due", "set"}
EXPECT_WORDS = {"expect", "plan", "likely", "will"}


@dataclass
class EventDraft:
    type: str
    name: str
    date: str | None
    status: str
    location: EntityDraft | None
    participants: list[EntityDraft] = field(default_factory=list)
    start: int = 0
    end: int = 0
    anonymous: bool = False  # told of somebody unnamed ("more than 50 members quit")
    another: bool = False  # "a second quake": never the same as an earlier one
    by_verb: bool = False  # told by a verb (typed by rules on its object or subject), not a noun
    tellings: int = 1  # how many tellings were merged into it


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def _when_clause(tok: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ == "when" for c in tok.children)


def _clause_chain(trigger: Token) -> list[Token]:
    """The trigger and the heads whose time it shares (see the module rules)."""
    chain = [trigger]
    node = trigger
    while node.head is not node and len(chain) < 8:
        dep = node.dep_
        if dep in ("ccomp", "parataxis"):
            break
        if dep in ("relcl", "advcl", "acl") and _has_subject(node) and not _when_clause(node):
            break
        if dep == "conj" and node.pos_ in ("VERB", "AUX") and _has_subject(node):
            break
        node = node.head
        chain.append(node)
    return chain


CLAUSES = ("relcl", "acl", "advcl", "xcomp", "conj")


def _tells_event(ctx: Context, tok: Token) -> bool:
    """ "talks that followed an election in December", "the deal, which was approved by the boards
    on Sunday": the time in such a clause belongs to the other event."""
    return tok.pos_ in ("NOUN", "VERB") and event_type(ctx, tok) is not None


MAX_DEPTH = (
    4  # "voted 8-3 in favour of a petition brought by a party who argued ... in 2024": too far
)


def _depth(t: Token, root: Token) -> int:
    d = 0
    while t.i != root.i and t.head.i != t.i and d <= MAX_DEPTH:
        t, d = t.head, d + 1
    return d


def _time_ents(ctx: Context, tok: Token, own: bool) -> list[Span]:
    """DATE/TIME entities in the trigger's own phrase (own=True) or attached directly to a head."""
    if own:  # its own phrase, but not a clause telling another event or with its own subject
        skip = {
            t.i
            for c in tok.children
            if c.dep_ in CLAUSES
            and (
                _has_subject(c)
                and not any(g.lower_ in ("that", "which", "who") for g in c.children)
                or any(t.i != c.i and _tells_event(ctx, t) for t in c.subtree)
                or _tells_event(ctx, c)
            )
            for t in c.subtree
        }
        toks = [t for t in tok.subtree if t.i not in skip and _depth(t, tok) <= MAX_DEPTH]
    else:
        toks = [t for c in tok.children for t in (c, *c.children)]
    if tok.ent_type_ in ("DATE", "TIME"):
        toks.append(tok)
    ids = {t.i for t in toks}
    if ctx.times is None:
        ctx.times = time_spans(ctx.doc)
    return [s for s in ctx.times if s.root.i in ids]


def _date(
    ctx: Context, chain: list[Token], resolved: dict[int, str]
) -> tuple[str | None, Span | None]:
    for k, node in enumerate(chain):
        for ent in _time_ents(ctx, node, own=(k == 0)):
            if ent.start in resolved:
                return resolved[ent.start], ent
    return None, None


def _date_from_head(ctx: Context, tok: Token, resolved: dict[int, str]) -> str | None:
    """ "resigned on Sunday, a day after his team lost": the clause's date counted from its head's."""
    if tok.dep_ != "advcl":
        return None
    mark = next((c.lower_ for c in tok.children if c.dep_ == "mark"), None)
    span = next(
        (c for c in tok.children if c.dep_ == "npadvmod" and c.lemma_ in ("day", "week")), None
    )
    if mark not in ("after", "before") or span is None:
        return None
    num = next((c for c in span.children if c.dep_ in ("det", "nummod")), None)
    n = 1 if num is None or num.lower_ in ("a", "an", "one") else NUMBERS.get(num.lower_)
    head_date, _ = _date(ctx, _clause_chain(tok.head), resolved)
    if n is None or head_date is None or len(head_date) != 10:
        return None
    days = n * (7 if span.lemma_ == "week" else 1) * (-1 if mark == "after" else 1)
    return (dt.date.fromisoformat(head_date) + dt.timedelta(days=days)).isoformat()


def _location(ctx: Context, chain: list[Token]) -> EntityDraft | None:
    for k, node in enumerate(chain[:3]):
        pool = (
            list(node.subtree)
            if k == 0
            else [t for c in node.children if c.dep_ in ("prep", "dobj") for t in c.subtree]
        )
        for t in pool:
            e = ctx.entity_at(t)
            if (
                e
                and e.type == "Place"
                and (
                    t.head.lower_ in ("in", "at", "near", "of", "across", "outside")
                    or t.dep_ == "dobj"
                )
            ):
                return e
    return None


def _participants(ctx: Context, chain: list[Token]) -> list[EntityDraft]:
    out: list[EntityDraft] = []
    verbs = [n for n in chain if n.pos_ in ("VERB", "AUX")][:2]
    for node in dict.fromkeys(chain[:2] + verbs):
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "compound", "agent", "conj"):
                for t in (c, *[g for g in c.children if g.dep_ in ("conj", "appos", "pobj")]):
                    e = ctx.agent(t) if t.dep_ in ("nsubj",) else ctx.entity_at(t)
                    if e and e.type != "Place" and e not in out:
                        out.append(e)
    return out


def _has_particle(tok: Token) -> bool:
    """ "set up", "set out": not "set for" a date."""
    return any(c.dep_ == "prt" for c in tok.children)


def _status(chain: list[Token], date: str | None, ref: str) -> str:
    for node in chain:
        lem = node.lemma_.lower() if not _has_particle(node) else ""
        kids = {c.lemma_.lower() for c in node.children if not _has_particle(c)}
        if lem in SCHEDULE_WORDS or kids & SCHEDULE_WORDS:
            return "scheduled"
        if lem in EXPECT_WORDS or any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll") for c in node.children
        ):
            return "expected"
        if any(c.dep_ == "relcl" and c.lemma_.lower() == "expect" for c in node.children):
            return "expected"
    if date and date[:10] > ref[: len(date)]:
        return "expected"
    return "happened"


def _irrealis(tok: Token) -> bool:
    """Under a demand verb: "called for an election", "urged him to step down"; or what somebody
    is accused of planning: "accused the coalition of planning to raise taxes"."""
    node = tok
    for _ in range(4):
        if node.head.i != node.i and node.head.lemma_.lower() in ("accuse", "allege", "suspect"):
            return node.dep_ in ("prep", "pcomp", "pobj", "xcomp", "ccomp", "dobj")
        if node.head is node:
            return False
        head = node.head
        refused = head.lemma_.lower() in REFUSAL_VERBS or (
            head.lemma_.lower() == "rule" and any(c.lower_ == "out" for c in head.children)
        )
        if refused and node.dep_ in ("dobj", "xcomp"):
            return True  # "ruled out a snap election", "rejected a ceasefire"
        if node.head.lemma_.lower() in DEMAND_VERBS and node.dep_ in (
            "xcomp",
            "pobj",
            "dobj",
            "ccomp",
        ):
            return True
        if node.dep_ == "pobj" and node.head.head.lemma_.lower() in DEMAND_VERBS:
            return True
        node = node.head
    return False


def _habitual(tok: Token) -> bool:
    """ "had won the title twice", "has never lost": a record, not one event."""
    return tok.pos_ == "VERB" and any(
        c.lower_ in ("twice", "thrice", "times", "never", "often", "repeatedly", "regularly")
        or any(g.lower_ == "times" for g in c.children)
        for c in tok.children
    )


def _definite(tok: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss")
        and c.lower_ in ("the", "that", "this", "these", "those", "its", "his", "her", "their")
        for c in tok.children
    )


def _noun_name(tok: Token) -> str:
    left = [
        c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "nummod") and c.i < tok.i
    ]
    start = min([t.i for c in left for t in c.subtree] + [tok.i])
    doc = tok.doc
    return doc[start : tok.i + 1].text


def extract(ctx: Context, resolved: dict[int, str]) -> list[EventDraft]:
    events: list[EventDraft] = []
    ref = ctx.date.isoformat()
    for tok in ctx.doc:
        etype = event_type(ctx, tok)
        if etype is None or _irrealis(tok) or _habitual(tok):
            continue
        if tok.pos_ == "VERB" and tok.dep_ == "amod":
            continue  # "an investigating judge"
        if tok.pos_ in ("NOUN", "ADJ"):
            if (
                tok.tag_ == "NNS"
                and not _definite(tok)
                and tok.dep_ not in ("nsubj", "nsubjpass")
                and tok.lower_ != "talks"
            ):
                continue
            if any(
                c.lower_ in ("such", "many", "most", "all", "some", "several") for c in tok.children
            ):
                continue  # "such storms", "many elections": kinds of event, not one
        if tok.dep_ == "pobj" and tok.head.lower_ in ("at", "during"):
            verb = tok.head.head
            if verb.pos_ == "VERB" and event_type(ctx, verb) is not None:
                continue  # "will vote on the offer at a meeting": the vote is the event
        chain = _clause_chain(tok)
        date, date_ent = _date(ctx, chain, resolved)
        if date is None:
            date = _date_from_head(ctx, tok, resolved)
        own = {t.i for t in tok.subtree}
        if (
            tok.pos_ in ("NOUN", "ADJ")
            and _definite(tok)
            and not any(c.lower_ in ANOTHER for c in tok.children)
            and any(
                e.type == etype
                and (compatible(e.date, date) or date_ent is None or date_ent.root.i not in own)
                for e in events
            )
        ) or (etype == "Announcement" and _definite(tok) and tok.pos_ == "NOUN"):
            continue  # "the vote", "that election": told before (unless dated otherwise)
        if date is None and tok.pos_ == "VERB" and tok.dep_ == "relcl":
            continue  # "members who voted against": background to the event told
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        anonymous = (
            subj is not None
            and subj.pos_ in ("NOUN", "NUM")
            and (subj.tag_ == "NNS" or any(c.like_num for c in subj.children) or subj.like_num)
            and ctx.entity_at(subj) is None
            and ctx.agent(subj) is None
        )
        location = _location(ctx, chain)
        participants = _participants(ctx, chain)
        if tok.pos_ in ("NOUN", "ADJ"):
            name = _noun_name(tok)
        else:
            name = ""  # named from its participants once their names are final (extract._build)
        sent = tok.sent
        lo, hi = tok.idx, tok.idx + len(tok.text)
        for s in [date_ent] if date_ent is not None and date_ent.sent == sent else []:
            lo, hi = min(lo, s.start_char), max(hi, s.end_char)
        left = [t for t in tok.subtree]
        lo = min(lo, left[0].idx) if tok.pos_ == "NOUN" else lo
        for node in chain[:2]:
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.sent == sent:
                sm = ctx.mention_at(subj)
                lo = min(
                    lo,
                    sm.start
                    if sm
                    else subj.left_edge.idx
                    if subj.i - subj.left_edge.i < 6
                    else subj.idx,
                )
        for m in ctx.mentions:
            if m.entity is location and m.tok_start >= sent.start and m.tok_end <= sent.end:
                lo, hi = min(lo, m.start), max(hi, m.end)
                break
        draft = EventDraft(
            etype, name, date, _status(chain, date, ref), location, participants, lo, hi
        )
        draft.anonymous = anonymous
        draft.by_verb = tok.pos_ == "VERB"
        draft.another = any(c.lower_ in ANOTHER for c in tok.children)
        if draft.another or not merge_into(events, draft):
            events.append(draft)
    return merge_all(events)
