"""Entity mentions: spaCy's named entities, cleaned into the exact span that names the entity.

Cleaning is done on tokens, never on strings, so that offsets stay exact: a leading "the" and a
trailing possessive "'s" are dropped, titles and honorifics are moved out of person names (the title
becomes a role in roles.py), and a house number is joined to its street ("10 Downing Street").
Dates, numbers and nationalities are never entities; a nationality ("American officials") only
becomes a mention of its country when it speaks (context.agent).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from . import authority
from .context import Context, Mention
from .lexicon import HONORIFICS, SUBTYPE_NOUNS, TITLE_ABBREV, TITLE_WORDS

KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
NAMED_EVENT_WORDS = {"typhoon", "hurricane", "cyclone", "storm", "tropical", "operation"}
NAME_PARTICLES = {
    "von",
    "van",
    "der",
    "den",
    "de",
    "da",
    "di",
    "du",
    "del",
    "la",
    "le",
    "bin",
    "ibn",
    "al",
    "el",
    "ter",
}
STREET_WORDS = {"street", "road", "avenue", "lane", "square", "boulevard", "place", "drive"}
BASE_TYPE = {
    "PERSON": "Person",
    "ORG": "Organization",
    "INST": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "NORP": "Place",
}


def is_title_token(tok: Token) -> bool:
    low = tok.lower_
    return low in TITLE_ABBREV or low in HONORIFICS or low in TITLE_WORDS


def clean_span(ent: Span) -> tuple[int, int] | None:
    """Token bounds [start, end) of the name inside a named-entity span, or None if nothing is left."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
    ):
        end -= 1
    if start < end and doc[start].lower_ == "the":
        first = doc[start]
        # "The New York Times" keeps its article mid-sentence; sentence-initial "The" is just capitalised.
        keep = first.text == "The" and not first.is_sent_start and ent.label_ == "ORG"
        if not keep:
            start += 1
    if ent.label_ == "PERSON":
        # The tagger sometimes drops a given name the parser attaches: "Imran" in "Imran Khan accused".
        root = doc[start:end].root
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].dep_ == "compound"
            and (
                doc[start - 1].head.i == root.i
                and not doc[start - 1].ent_type_
                and not is_title_token(doc[start - 1])
            )
        ):
            start -= 1
        while end - start > 1 and is_title_token(doc[start]):
            start += 1
        # "Ursula von der" + "Leyen": a name ending in a particle goes on to the next proper noun.
        while end < len(doc) and doc[end - 1].lower_ in NAME_PARTICLES and doc[end].pos_ == "PROPN":
            end += 1
    if end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    if start >= end:
        return None
    # "10 Downing Street": the house number belongs to the name.
    if ent.label_ in ("LOC", "FAC", "GPE") and doc[end - 1].lower_ in STREET_WORDS and start > 0:
        prev = doc[start - 1]
        if prev.like_num and prev.ent_type_ in ("CARDINAL", "", "FAC", "LOC"):
            start -= 1
    return start, end


def acceptable(span: Span, label: str) -> bool:
    """Reject what is not a name: lower-case words, pronouns, numbers, bare titles."""
    text = span.text
    if not any(ch.isupper() for ch in text):
        return False
    if all(t.like_num or t.is_punct for t in span):
        return False
    if len(span) == 1 and (
        span[0].pos_ == "PRON" or span[0].lower_ in TITLE_WORDS and label == "PERSON"
    ):
        return False
    if label == "PERSON" and all(is_title_token(t) for t in span):
        return False
    return True


def _of_country(span: Span) -> Span:
    """'Law Society' + 'of Kenya': an organization's name continues through 'of <place>'."""
    doc = span.doc
    root = span.root
    if span.end < len(doc) - 1 and doc[span.end].lower_ == "of" and doc[span.end].head.i == root.i:
        nxt = doc[span.end + 1]
        if nxt.ent_type_ == "GPE" and nxt.ent_iob_ == "B":
            end = span.end + 2
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            return doc[span.start : end]
    return span


def find_mentions(ctx: Context) -> None:
    """Fill ctx.mentions from the named entities, plus authority names the tagger missed."""
    doc = ctx.doc
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        bounds = clean_span(ent)
        if bounds is None:
            continue
        span = doc[bounds[0] : bounds[1]]
        if not acceptable(span, ent.label_):
            continue
        label = ent.label_
        if label == "PERSON" and any(
            c.dep_ == "det" and c.i < span.start for c in span.root.children
        ):
            continue  # "the James Webb Space Telescope": people take no article
        if span[0].lower_ in NAMED_EVENT_WORDS:
            continue  # "Typhoon Haikui" names an event (events.py), not a person or a place
        if label == "ORG":
            span = _of_country(span)
        ctx.mentions.append(
            Mention(span.start_char, span.end_char, span.text, label, span.start, span.end)
        )
        taken.update(range(span.start, span.end))
    # A capitalised title before an untagged proper noun names a person: "Lord Justice Harrington".
    for tok in doc:
        if tok.i in taken or tok.pos_ != "PROPN" or tok.i == 0 or tok.ent_type_:
            continue
        prev = doc[tok.i - 1]
        if (
            is_title_token(prev)
            and prev.text[:1].isupper()
            and prev.pos_ == "PROPN"
            and (tok.i + 1 >= len(doc) or doc[tok.i + 1].pos_ != "PROPN")
        ):
            ctx.mentions.append(
                Mention(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON", tok.i, tok.i + 1)
            )
            taken.add(tok.i)
    # Acronyms and short names the tagger left out ("NATO", "UN", "U.S."), when the authority knows them.
    for tok in doc:
        if tok.i in taken or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            continue
        entry = authority.lookup(tok.text)
        if entry and len(tok.text) > 1:
            label = "GPE" if entry.type == "Place" else "ORG"
            taken.add(tok.i)
            ctx.mentions.append(
                Mention(tok.idx, tok.idx + len(tok.text), tok.text, label, tok.i, tok.i + 1)
            )
    ctx.mentions = _drop_nested(ctx.mentions)
    ctx.index()
    relabel(ctx)


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


LOCATIVE = {
    "in",
    "at",
    "near",
    "across",
    "from",
    "outside",
    "into",
    "through",
    "around",
    "visit",
    "reach",
    "enter",
    "cross",
    "leave",
}


def relabel(ctx: Context) -> None:
    """Fix the tagger's type for one-word names by their syntax: a PERSON after a locative preposition
    or visited is a place ("in Sylhet"); conjuncts share their type ("in Sylhet and Sunamganj"); the
    same word tagged otherwise elsewhere takes that label."""
    doc = ctx.doc
    for m in ctx.mentions:
        if m.label != "PERSON" or m.tok_end - m.tok_start != 1:
            continue
        others = {o.label for o in ctx.mentions if o.text == m.text and o.label != "PERSON"}
        tok = doc[m.tok_start]
        if others:
            m.label = sorted(others)[0]
        elif tok.dep_ in ("pobj", "dobj") and tok.head.lemma_.lower() in LOCATIVE:
            m.label = "GPE"
    for m in ctx.mentions:
        tok = doc[m.tok_end - 1]
        if m.label in ("PERSON", "ORG") and tok.dep_ == "conj" and m.tok_end - m.tok_start == 1:
            head = ctx.mention_at(tok.head)
            if head and head.label in ("GPE", "LOC"):
                m.label = head.label


def context_subtype(ctx: Context, m: Mention) -> tuple[str, str] | None:
    """(base type, subtype) stated by the sentence: 'Gaziantep, a city of ...', 'the maker Vestara',
    'the Indian state of Assam'."""
    doc = ctx.doc
    root = doc[m.tok_start : m.tok_end].root
    nouns: list[Token] = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        nouns.append(root.head.head)  # "the state of Assam"
    for left in doc[max(0, m.tok_start - 3) : m.tok_start]:
        if (
            left.pos_ == "NOUN"
            and left.head.i == root.i
            and left.dep_ in ("compound", "nmod", "appos")
        ):
            nouns.append(left)  # "the wind-turbine maker Vestara"
    for noun in nouns:
        hit = SUBTYPE_NOUNS.get(noun.lemma_.lower())
        if hit:
            return hit
    return None
