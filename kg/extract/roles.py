"""Roles: positions people hold, as the article states them.

Three constructions, read off the dependency parse:
- a title before the name: "Prime Minister Imran Khan of Pakistan", "Gen. Qamar Javed Bajwa",
  "Opposition leader Karim Hossain" (title words are a closed list; honorifics such as "Dr." are not roles);
- an appositive whose head is a role noun, on either side: "the army chief, Gen. Qamar Javed Bajwa",
  "Bret Taylor, Twitter's independent board chair", "Keir Starmer, the leader of the opposition
  Labour Party", "Khan, a former international cricket star";
- a predicate or "as" phrase of be/remain/become/serve/resign...: "he would remain prime minister",
  "resign as leader of Britain's Conservative Party".
The role name is the head noun with its compound and adjective modifiers, lower-cased, plus a
complement that is part of the title ("chancellor of the Exchequer"). The organization is the entity
named by a possessive ("NATO's") or by "of/at/for" ("of Northwind Energy"). "former"/"ex-"/"then"
roles are kept with former=true, because the graph records what the article states, and a past
position is still a fact about the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from . import authority
from .context import Context, EntityDraft, Mention
from .entities import is_title_token
from .lexicon import HONORIFICS, ROLE_NOUNS, TITLE_ABBREV, TITLE_COMPLEMENTS

PREDICATE_VERBS = {
    "be",
    "remain",
    "become",
    "serve",
    "resign",
    "quit",
    "retire",
    "step",
    "continue",
    "elect",
    "appoint",
    "name",
    "return",
    "stay",
    "act",
    "replace",
    "succeed",
}
ORG_HOLDERS = {"coach", "manager", "chairman", "chairwoman", "chair", "president", "chief"}
ORG_HOLDERS |= {"executive", "director", "owner", "captain", "founder", "co-founder", "ceo"}
FORMER_WORDS = {"former", "ex", "ex-", "then", "onetime", "one-time", "erstwhile", "late"}
SKIP_MODIFIERS = FORMER_WORDS | {
    "the",
    "a",
    "an",
    "longtime",
    "long-time",
    "current",
    "new",
    "newly",
    "veteran",
    "outgoing",
    "incoming",
    "first",
    "his",
    "her",
    "its",
    "their",
}


@dataclass
class RoleDraft:
    person: EntityDraft
    name: str
    organization: EntityDraft | None
    former: bool
    start: int
    end: int


def _org_of(ctx: Context, head: Token, person: EntityDraft) -> EntityDraft | None:
    """The organization a role noun names: possessive, 'of/at/for X', or a proper-noun compound."""
    for c in head.children:
        if c.dep_ == "poss":
            e = ctx.entity_in(c) or ctx.definite_org(c)
            if e and e is not person:
                return e
        if c.dep_ == "prep" and c.lower_ in ("of", "at", "for", "with", "in"):
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    e = ctx.entity_in(pobj) or ctx.definite_org(pobj)
                    if e and e is not person and e.type in ("Organization", "Place"):
                        if c.lower_ == "in" and e.type == "Place":
                            continue  # "a judge in Nairobi" is where, not whose
                        return e
        if c.dep_ == "compound" and c.pos_ == "PROPN":
            e = ctx.entity_at(c)
            if e and e is not person and e.type in ("Organization", "Place"):
                return e
    return None


def _role_name(ctx: Context, head: Token) -> tuple[str, bool, int, int]:
    """(role name, former, first token, last token) of a role noun phrase."""
    doc = ctx.doc
    former = False
    words: list[Token] = []
    for c in head.children:
        if c.i > head.i:
            continue
        low = c.lower_
        if low in FORMER_WORDS:
            former = True
            continue
        if (
            c.dep_ in ("compound", "amod", "nmod")
            and low not in SKIP_MODIFIERS
            and not any(t.like_num for t in c.subtree)
            and authority.by_demonym(c.text) is None
            and c.ent_type_ != "NORP"  # "the Latvian novelist": a nationality, not the role
        ):
            if ctx.entity_at(c) is None:
                words.extend(t for t in c.subtree if t.i < head.i and not t.is_punct)
    start = min([w.i for w in words] + [head.i])
    # A hyphenated prefix is part of the title: "ex-minister", "vice-president".
    if (
        start > 0
        and doc[start - 1].text in ("-",)
        and start > 1
        and doc[start - 2].lower_ in FORMER_WORDS
    ):
        former = True
    # "the foreign ministers of the two countries, X and Y": each holds the singular role
    noun = head.lemma_.lower() if head.tag_ == "NNS" else head.lower_
    parts = [t.lower_ for t in sorted(set(words), key=lambda t: t.i)] + [noun]
    end = head.i
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in TITLE_COMPLEMENTS:
                det = [g.lower_ for g in pobj.children if g.dep_ == "det"]
                parts += ["of"] + det + [pobj.lower_]
                end = pobj.i
                for m in ctx.mentions:
                    if m.tok_start <= pobj.i < m.tok_end:
                        m.role_part = True
    if any(t.lower_ in FORMER_WORDS for t in doc[max(0, start - 2) : start]):
        former = True
    return " ".join(parts), former, start, end


def _titles(ctx: Context, m: Mention, person: EntityDraft) -> RoleDraft | None:
    """'Prime Minister Imran Khan of Pakistan': title words right before the name."""
    doc = ctx.doc
    i = m.tok_start - 1
    toks: list[Token] = []
    while i >= 0 and is_title_token(doc[i]) and not doc[i].is_sent_end:
        if ctx.entity_at(doc[i]) is not None and doc[i].lower_ not in ("general",):
            break
        toks.insert(0, doc[i])
        i -= 1
    former = any(t.lower_ in FORMER_WORDS for t in toks)
    toks = [t for t in toks if t.lower_ not in FORMER_WORDS and t.lower_ not in HONORIFICS]
    # Lower-case titles count when they end in a role noun: "former city treasurer Michael Brandt".
    if not toks or not (any(t.text[:1].isupper() for t in toks) or toks[-1].lower_ in ROLE_NOUNS):
        return None
    name = " ".join(TITLE_ABBREV.get(t.lower_, t.lower_) for t in toks)
    root = doc[m.tok_start : m.tok_end].root
    org = _org_of(ctx, root, person)
    end_tok = m.tok_end - 1
    if org is None and i >= 0:
        prev = doc[i]
        e = ctx.entity_at(prev)
        if e is None and prev.tag_ == "POS" and i > 0:
            e = ctx.entity_at(doc[i - 1])
        if e and e.type in ("Organization", "Place") and e is not person:
            org = e
    if org is not None:
        for om in org.mentions:
            if om.tok_start > end_tok and om.tok_start - end_tok <= 3:
                end_tok = om.tok_end - 1
    start_char = toks[0].idx
    return RoleDraft(
        person, name, org, former, start_char, doc[end_tok].idx + len(doc[end_tok].text)
    )


def _appositive(ctx: Context, m: Mention, person: EntityDraft) -> list[RoleDraft]:
    doc = ctx.doc
    root = doc[m.tok_start : m.tok_end].root
    heads = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        heads.append(root.head)
    out = []
    for head in heads:
        if (
            head.pos_ not in ("NOUN", "PROPN")
            or head.lemma_.lower() not in ROLE_NOUNS
            and head.lower_ not in ROLE_NOUNS
        ):
            continue
        name, former, start, end = _role_name(ctx, head)
        org = _org_of(ctx, head, person)
        span_toks = [start, end, m.tok_start, m.tok_end - 1]
        for c in head.children:
            if c.dep_ in ("poss", "det") or (c.dep_ == "prep" and org is not None):
                span_toks += [t.i for t in c.subtree]
        lo, hi = min(span_toks), max(span_toks)
        if hi - lo > 40:
            hi = max(end, m.tok_end - 1)
        out.append(
            RoleDraft(person, name, org, former, doc[lo].idx, doc[hi].idx + len(doc[hi].text))
        )
    return out


def _predicates(ctx: Context) -> list[RoleDraft]:
    doc = ctx.doc
    out = []
    for verb in doc:
        if verb.lemma_.lower() not in PREDICATE_VERBS or verb.pos_ not in ("VERB", "AUX"):
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if (
            subj is None and verb.dep_ == "conj"
        ):  # "he would resign ... but would remain prime minister"
            subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            continue
        person = ctx.agent(subj)
        if person is None or person.type != "Person":
            continue
        cands = [c for c in verb.children if c.dep_ in ("attr", "oprd", "xcomp", "acomp")]
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                cands += [g for g in prep.children if g.dep_ == "pobj"]
        for head in cands:
            if head.pos_ != "NOUN" or head.lemma_.lower() not in ROLE_NOUNS:
                continue
            name, former, start, end = _role_name(ctx, head)
            org = _org_of(ctx, head, person)
            hi = max(t.i for t in head.subtree)
            lo = min(subj.i, verb.i)
            out.append(
                RoleDraft(person, name, org, former, doc[lo].idx, doc[hi].idx + len(doc[hi].text))
            )
    return out


def extract(ctx: Context) -> list[RoleDraft]:
    roles: list[RoleDraft] = []
    for m in list(ctx.mentions):
        if m.entity is None or m.entity.type != "Person" or m.role_part:
            continue
        t = _titles(ctx, m, m.entity)
        if t:
            roles.append(t)
        roles.extend(_appositive(ctx, m, m.entity))
    roles.extend(_predicates(ctx))
    for r in roles:
        if (
            r.organization is not None
            and r.organization.type == "Person"
            and len(r.organization.name.split()) < 3
            and r.name.split()[-1] in ORG_HOLDERS  # not "Nowicki's predecessor", "Benali's lawyer"
        ):
            # "Porto Azul's coach": whatever has a coach, a manager, a chairman is an organization.
            r.organization.type = "Organization"
    seen: dict[tuple[int, str], RoleDraft] = {}
    for r in sorted(roles, key=lambda r: r.start):
        key = (id(r.person), r.name)
        if key in seen:
            if seen[key].organization is None and r.organization is not None:
                seen[key].organization = r.organization
            continue
        seen[key] = r
    return list(seen.values())
