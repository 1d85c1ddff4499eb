"""Names joined and typed by what the text says about them, where the small model errs.

Rules:
- "Name (ACRONYM)": the tagger often takes the bracket into the name ("World Health Organization
  (WHO"); the name ends before the bracket and the acronym is a mention of the same entity, so a
  later "WHO" or "STF" (initials or not) is that entity too;
- "the Fed"-style short forms: a one-word organization that begins the first word of exactly one
  longer organization's name ("Fed" -> "Federal Reserve") is that organization;
- a name the tagger typed as an organization or a place is a person when the text treats it as one:
  an age after it ("Karim Benali, 39,"), a kinship noun beside it ("his brother, Samir Benali"), or
  its last word standing alone elsewhere as a person ("Nowicki said") while no person has that name.
"""

from __future__ import annotations

import re

from .context import Context, EntityDraft, Mention
from .lexicon import NAME_SUBTYPES, ORG_NOUNS

ACRONYM_RE = re.compile(r"^(?P<name>.+?)\s*\((?P<acr>[A-Z][A-Za-z&.]{1,9})\)?$")
KIN_NOUNS = {
    "brother",
    "sister",
    "son",
    "daughter",
    "wife",
    "husband",
    "mother",
    "father",
    "widow",
    "partner",
    "cousin",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "lawyer",
    "client",
}
SPEECH = {"say", "tell", "add", "deny", "insist", "argue", "write", "reply", "accuse"}


def split_acronyms(ctx: Context) -> list[tuple[Mention, Mention]]:
    """Cut "Name (ACR" mentions into a name and an acronym mention; returns the pairs."""
    doc = ctx.doc
    pairs: list[tuple[Mention, Mention]] = []
    for m in list(ctx.mentions):
        match = ACRONYM_RE.match(m.text)
        if match is None or "(" not in m.text:
            continue
        name_end = m.start + len(match.group("name"))
        acr_start = m.start + match.start("acr")
        acr_end = acr_start + len(match.group("acr"))
        name_toks = [t for t in doc[m.tok_start : m.tok_end] if t.idx + len(t.text) <= name_end]
        acr_toks = [t for t in doc[m.tok_start : m.tok_end] if t.idx >= acr_start]
        if not name_toks or not acr_toks:
            continue
        m.end, m.text, m.tok_end = name_end, ctx.body[m.start : name_end], name_toks[-1].i + 1
        acr = Mention(
            acr_start,
            acr_end,
            ctx.body[acr_start:acr_end],
            m.label,
            acr_toks[0].i,
            acr_toks[-1].i + 1,
        )
        ctx.mentions.append(acr)
        pairs.append((m, acr))
    # "Civic Movement (CMDR)" the tagger kept apart: a bracketed acronym right after a name
    for m in list(ctx.mentions):
        if (
            m.tok_end + 2 < len(doc)
            and doc[m.tok_end].text == "("
            and doc[m.tok_end + 2].text == ")"
        ):
            tok = doc[m.tok_end + 1]
            short = tok.text[:1].isupper() and tok.text.isalpha() and 1 < len(tok.text) <= 10
            if short and m.label in ("ORG", "GPE", "LOC", "FAC"):
                other = ctx.mention_at(tok)
                if other is None:
                    other = Mention(
                        tok.idx, tok.idx + len(tok.text), tok.text, m.label, tok.i, tok.i + 1
                    )
                    ctx.mentions.append(other)
                if all(p[1] is not other for p in pairs):
                    pairs.append((m, other))
    ctx.mentions.sort(key=lambda x: x.start)
    ctx.index()
    return pairs


def merge(ctx: Context, a: EntityDraft, b: EntityDraft) -> None:
    """Fold entity a into b (a's mentions and names become b's)."""
    if a is b:
        return
    for m in a.mentions:
        m.entity = b
        b.mentions.append(m)
    b.alternates += [x for x in a.alternates if x not in b.alternates]
    for s in a.subtypes:
        b.add_subtype(s)
    a.mentions = []
    a.merged_into = b
    ctx.entities = [e for e in ctx.entities if e is not a]
    ctx.index()


def join_acronyms(ctx: Context, pairs: list[tuple[Mention, Mention]]) -> None:
    for name, acr in pairs:
        if name.entity is not None and acr.entity is not None:
            if name.entity.type == "Person":
                continue
            target = name.entity
            merge(ctx, acr.entity, target)
            for other in list(ctx.entities):  # the acronym used alone elsewhere: "Tepco said"
                if other is not target and other.name == acr.text and not other.authority_key:
                    merge(ctx, other, target)
            if target.type != "Organization" and acr.label == "ORG":
                target.type = "Organization"


def join_short_forms(ctx: Context) -> None:
    """ "the Fed" -> "Federal Reserve": the one longer organization whose first word it begins."""
    orgs = [e for e in ctx.entities if e.type == "Organization" and not e.authority_key]
    for a in list(orgs):
        if len(a.name.split()) != 1 or len(a.name) < 3 or a.name.isupper():
            continue
        hits = [
            b
            for b in orgs
            if b is not a
            and len(b.name.split()) > 1
            and b.name.split()[0].startswith(a.name)
            and b.name.split()[0] != a.name
        ]
        if len(hits) > 1:  # "Federal Reserve" before "Federal Reserve Bank of Cleveland"
            first = min(hits, key=lambda b: len(b.name))
            hits = [first] if all(b.name.startswith(first.name) for b in hits) else hits
        if len(hits) == 1 and a.merged_into is None:
            merge(ctx, a, hits[0])


def _age_after(ctx: Context, m: Mention) -> bool:
    doc = ctx.doc
    i = m.tok_end
    return (
        i + 2 < len(doc)
        and doc[i].text == ","
        and doc[i + 1].like_num
        and doc[i + 2].text in (",", ".")
        and 15 <= _int(doc[i + 1].text) <= 110
    )


def _int(text: str) -> int:
    return int(text) if text.isdigit() else -1


def _kin_beside(ctx: Context, m: Mention) -> bool:
    root = ctx.doc[m.tok_start : m.tok_end].root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    return any(n.lemma_.lower() in KIN_NOUNS for n in nouns)


def _alone_as_person(ctx: Context, word: str, people: list[EntityDraft]) -> bool:
    if any(word in p.name.split() and p.name != word for p in people):
        return False
    for tok in ctx.doc:
        if tok.text != word:
            continue
        m = ctx.mention_at(tok)
        if (m is not None and m.tok_end - m.tok_start > 1) or (
            tok.i > 0 and ctx.doc[tok.i - 1].pos_ == "PROPN"
        ):
            continue  # inside a longer name: not alone
        if tok.ent_type_ == "PERSON":
            return True
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH:
            return True
        if tok.dep_ == "poss" and tok.head.lemma_.lower() in KIN_NOUNS:
            return True
    return False


def _which_after(ctx: Context, m: Mention) -> bool:
    """ "KB Direkt, which sells funds": a person would be "who"."""
    doc = ctx.doc
    i = m.tok_end
    return i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ == "which"


def people_by_context(ctx: Context) -> None:
    """Organizations and places the text treats as people, and people it treats as organizations
    (see the module rules)."""
    for e in ctx.entities:
        if (
            e.type == "Person"
            and not e.authority_key
            and any(_which_after(ctx, m) for m in e.mentions)
        ):
            e.type = "Organization"
    people = [e for e in ctx.entities if e.type == "Person"]
    for e in ctx.entities:
        if e.type == "Person" or e.authority_key or not e.mentions:
            continue
        words = e.name.split()
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
            continue
        if any(w.lower() in NAME_SUBTYPES or w.lower() in ORG_NOUNS for w in words):
            continue  # "World Food Programme": name words no person has
        strong = any(_age_after(ctx, m) or _kin_beside(ctx, m) for m in e.mentions) or (
            _alone_as_person(ctx, words[-1], people)
        )
        if strong:
            e.type = "Person"
            e.subtypes = []
            people.append(e)
    # the surname alone ("Nowicki said") is the person now, when one person has it
    for e in people:
        last = e.name.split()[-1]
        if sum(1 for p in people if p.name.split()[-1] == last and len(p.name.split()) > 1) > 1:
            continue
        for other in list(ctx.entities):
            if other is not e and other.name == last and not other.authority_key:
                merge(ctx, other, e)
