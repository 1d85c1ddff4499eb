"""Claims: reported speech and attribution.

A claim is a reporting verb (said, told, accused, denied, rejected, suggested, warned, announced,
urged, "called for", "according to" ...) with a speaker and what was said:
- the speaker is the verb's subject, or the subject of the verb it is conjoined to ("said ... and
  accused ...") or of the clause a participle hangs on ("UEFA rejected ..., saying ..."); pronouns,
  "American officials", "the company" and lower-case institutions are resolved by the context;
- what was said (schema:text) is the complement clause (ccomp), the object and its complement for
  accuse/urge ("accused X of Y", "urged him to Z"), the object for deny/reject/report, the object of
  "for" in "called for", or the quotation the verb introduces or follows ("...," he said). A claim is
  direct when its text is one quotation.
A denial or rejection whose object is a pronoun or a noun for a claim ("the accusation", "the
report", "that explanation") denies the latest earlier claim by someone else (the latest accusation,
for "the accusation/charge/allegation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from . import names
from .context import Context, EntityDraft
from .lexicon import ACCUSATION_NOUNS, CLAIM_NOUNS, CLAUSE_ONLY_VERBS, REPORTING_VERBS

QUOTE_RE = re.compile(r"“[^”]+”|\"[^\"\n]+\"")
EDGE_PUNCT = " ,.;:\n\"“”'"


@dataclass
class ClaimDraft:
    speaker: EntityDraft
    text: str
    text_start: int
    text_end: int
    verb: str
    kind: str
    direct: bool
    start: int
    end: int
    about: list[EntityDraft] = field(default_factory=list)
    denies: ClaimDraft | None = None
    object_head: Token | None = None
    id: str = ""


def quotes(body: str) -> list[tuple[int, int]]:
    """Character spans of quotations, quote marks included."""
    return [(m.start(), m.end()) for m in QUOTE_RE.finditer(body)]


def _misattached_conj(verb: Token) -> bool:
    """'said Johnson was unfit and called for an election': the parser often hangs the second
    reporting verb on the reported clause; a subject-less past-tense reporting verb conjoined inside the
    complement of a past-tense reporting verb coordinates with that reporting verb instead."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBD"
        and not any(c.dep_ == "nsubj" for c in verb.children)
        and verb.lemma_.lower() in REPORTING_VERBS
        and head.dep_ == "ccomp"
        and head.head.lemma_.lower() in REPORTING_VERBS
        and head.head.tag_ == "VBD"
    )


def _subject(verb: Token) -> Token | None:
    """The verb's subject, inherited through conjunction and from a participle's host clause."""
    node = verb
    if _misattached_conj(verb):
        node = verb.head.head
    elif (
        verb.tag_ == "VBG"
        and verb.dep_ == "advcl"
        and verb.head.dep_ == "ccomp"
        and (verb.head.head.lemma_.lower() in REPORTING_VERBS)
    ):
        node = (
            verb.head.head
        )  # "denied that ..., telling reporters ...": the participle goes with "denied"
    for _ in range(3):
        subj = next((c for c in node.children if c.dep_ in ("nsubj",)), None)
        if subj is not None:
            return subj
        if node.dep_ == "conj" or (node.dep_ in ("advcl", "xcomp") and node.tag_ == "VBG"):
            node = node.head
            continue
        break
    return _subject_before(verb)


def _subject_before(verb: Token) -> Token | None:
    """'..., the city's mayor, Chen Wei-ling, told reporters': the parser lost the subject; the name
    right before the verb (across a comma) is who speaks."""
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].text in (",", "—"):
        i -= 1
    if i >= 0 and doc[i].pos_ == "PROPN" and doc[i].dep_ in ("appos", "nsubj", "conj"):
        return doc[i]
    return None


def _span(toks: list[Token]) -> tuple[int, int]:
    lo, hi = min(t.i for t in toks), max(t.i for t in toks)
    doc = toks[0].doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _trim(body: str, toks: list[Token]) -> tuple[int, int]:
    """Character span of the content: without the complementizer 'that', edge punctuation and
    conjunctions; a quotation that closes the clause keeps its closing mark."""
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].dep_ == "mark" or toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if not toks:
        return 0, 0
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = body[start:end]
    if (text.count("“") + text.count("”") + text.count('"')) % 2 == 1:  # a quotation left open
        close = re.match(r"[.,!?]?[\"”]", body[end : end + 2])
        if close:
            end += close.end()
    return start, end


def _trailing_advcl(tok: Token) -> bool:
    """', after more than 50 members quit ...': a comma-set adverbial clause closing the complement is
    the narrator's framing, not part of what was said."""
    if tok.dep_ != "advcl" or tok.i < tok.head.i:
        return False
    first = min(t.i for t in tok.subtree)
    return first > 0 and tok.doc[first - 1].text == ","


def _content(verb: Token, lemma: str) -> tuple[list[Token], Token | None] | None:
    """Tokens of what was said, and the object head (for denial links)."""
    kids = list(verb.children)
    ccomp = next((c for c in kids if c.dep_ == "ccomp"), None)
    dobj = next((c for c in kids if c.dep_ == "dobj"), None)
    if lemma == "call":
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "for"), None)
        pobj = (
            next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
        )
        return (list(pobj.subtree), pobj) if pobj is not None else None
    if ccomp is not None:
        skip = {
            t.i
            for c in ccomp.children
            if _misattached_conj(c) or _trailing_advcl(c)
            for t in c.subtree
        }
        toks = [t for t in ccomp.subtree if t.i != verb.i and t.i not in skip]
        return toks, None
    if lemma == "warn":
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = (
            next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
        )
        if pobj is not None:  # "warned of landslides in mountainous areas"
            later = [t for c in kids if c.dep_ == "prep" and c.i > pobj.i for t in c.subtree]
            return list(pobj.subtree) + later, None
    after_comma = verb.i > 1 and any(t.text == "," for t in verb.doc[max(0, verb.i - 8) : verb.i])
    if (
        (
            verb.dep_ in ("ccomp", "parataxis")
            or verb.dep_ == "conj"
            and after_comma
            and dobj is None
            or (
                verb.dep_ == "conj"
                and after_comma
                and dobj is not None
                and dobj.lower_ in ("reporters", "investors", "analysts", "journalists")
            )
        )
        and verb.head.i < verb.i
        and verb.head.pos_ in ("VERB", "AUX")
    ):
        # "..., the European Space Agency announced": the host clause before is what was said.
        skip = {t.i for t in verb.subtree}
        return [t for t in verb.head.subtree if t.i not in skip and t.i < verb.i], None
    if lemma in ("accuse", "blame", "urge") and dobj is not None:
        rest = [c for c in kids if c.dep_ in ("prep", "xcomp") and c.i > dobj.i]
        toks = list(dobj.subtree) + [t for c in rest for t in c.subtree]
        return toks, dobj
    if lemma in ("urge", "warn"):
        xcomp = next((c for c in kids if c.dep_ == "xcomp"), None)
        if xcomp is not None:
            return list(xcomp.subtree), None
    if dobj is not None and lemma in (
        "deny",
        "reject",
        "dismiss",
        "refute",
        "report",
        "allege",
        "confirm",
    ):
        return list(dobj.subtree), dobj
    return None


def _claim_at(ctx: Context, verb: Token, spans: list[tuple[int, int]]) -> ClaimDraft | None:
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma not in REPORTING_VERBS:
        return None
    if any(a <= verb.idx < b for a, b in spans):
        return None  # speech inside a quotation is not the article's attribution
    if any(c.dep_ == "auxpass" for c in verb.children):
        return None
    subj = _subject(verb)
    if subj is None:
        return None
    speaker = ctx.agent(subj) or names.institution(ctx, subj)
    if speaker is None or speaker.type == "Place" and "Country" not in speaker.subtypes:
        return None
    body = ctx.body
    got = _content(verb, lemma)
    direct = False
    obj = None
    if got is not None:
        toks, obj = got
        top = subj  # "..., the city's mayor, Chen Wei-ling, told": the speaker is no part of what was said
        while top.dep_ == "appos" and ctx.entity_at(top.head) is None:
            top = top.head
        own = {t.i for t in top.subtree} if top.i != verb.i else set()
        toks = [t for t in toks if t.i not in own] or toks
        start, end = _trim(ctx.body, toks)
    else:
        sent = verb.sent
        quoted = [
            (a, b)
            for a, b in spans
            if sent.start_char <= a < sent.end_char or sent.start_char < b <= sent.end_char
        ]
        if not quoted:
            return None
        a, b = min(quoted, key=lambda q: abs(q[0] - verb.idx))
        start, end = a + 1, b - 1
    if lemma in CLAUSE_ONLY_VERBS and got is not None and obj is not None:
        return None
    if start >= end:
        return None
    for a, b in spans:
        if a <= start and end <= b:
            direct = True
            start, end = a + 1, b - 1
            while end > start and body[end - 1] in " ,.":
                end -= 1
    subj_m = ctx.mention_at(subj) or next(
        (ctx.mention_at(c) for c in subj.children if c.dep_ == "appos" and ctx.mention_at(c)), None
    )
    s_lo = subj_m.start if subj_m else subj.idx
    s_hi = subj_m.end if subj_m else subj.idx + len(subj.text)
    if subj.i > verb.i + 3 or subj.sent != verb.sent:
        s_lo, s_hi = verb.idx, verb.idx + len(verb.text)
    lo = min(start - (1 if direct else 0), verb.idx, s_lo)
    hi = max(end + (1 if direct else 0), verb.idx + len(verb.text), s_hi)
    about = []
    for m in ctx.mentions:
        if (
            start <= m.start
            and m.end <= end
            and m.entity
            and m.entity is not speaker
            and not m.role_part
        ):
            if m.entity not in about:
                about.append(m.entity)
    return ClaimDraft(
        speaker,
        body[start:end],
        start,
        end,
        verb.text,
        REPORTING_VERBS[lemma],
        direct,
        lo,
        hi,
        about,
        object_head=obj,
    )


def _according_to(ctx: Context) -> list[ClaimDraft]:
    """'..., according to the ministry': the host clause is the claim."""
    out = []
    for tok in ctx.doc:
        if tok.lower_ != "according":
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        pobj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
        if pobj is None:
            continue
        speaker = ctx.agent(pobj) or names.institution(ctx, pobj)
        if speaker is None:
            continue
        host = tok.head
        skip = {t.i for t in tok.subtree}
        toks = [t for t in host.subtree if t.i not in skip]
        if not toks:
            continue
        start, end = _trim(ctx.body, toks)
        lo, hi = _span(list(host.subtree))
        out.append(
            ClaimDraft(
                speaker, ctx.body[start:end], start, end, "according to", "claim", False, lo, hi
            )
        )
    return out


def _link_denials(claims: list[ClaimDraft]) -> None:
    for i, c in enumerate(claims):
        if c.kind not in ("denial", "rejection") or c.object_head is None:
            continue
        head = c.object_head
        noun = head.lemma_.lower()
        if not (head.pos_ == "PRON" or noun in CLAIM_NOUNS):
            continue
        earlier = [p for p in claims[:i] if p.speaker is not c.speaker]
        if noun in ACCUSATION_NOUNS:
            earlier = [p for p in earlier if p.kind == "accusation"] or earlier
        elif noun == "report":
            earlier = [
                p for p in earlier if p.verb and p.verb.lower().startswith("report")
            ] or earlier
        if earlier:
            c.denies = earlier[-1]


def extract(ctx: Context) -> list[ClaimDraft]:
    spans = quotes(ctx.body)
    claims: list[ClaimDraft] = []
    seen: set[tuple[int, int, int]] = set()
    for tok in ctx.doc:
        c = _claim_at(ctx, tok, spans)
        if c is None:
            continue
        key = (id(c.speaker), c.text_start, c.text_end)
        if key not in seen:
            seen.add(key)
            claims.append(c)
    claims.extend(_according_to(ctx))
    claims.sort(key=lambda c: c.start)
    _link_denials(claims)
    return claims
