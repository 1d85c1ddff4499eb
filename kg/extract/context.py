"""Shared state of one article's extraction: the parsed doc, the mentions and the entities they resolve to.

Rules in roles/claims/events ask the context "which entity is this token?" (`entity_at`) and "who is
this subject?" (`agent`), so that pronoun and alias resolution is written once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from . import authority
from .lexicon import AGENT_NOUNS, ORG_NOUNS, SUBTYPE_NOUNS

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
ORG_PRONOUNS = {"it", "its", "they"}


@dataclass(eq=False)
class Mention:
    """A span of the body that names an entity. Offsets are character offsets into the body."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, FAC, NORP (demonym), INST (generic institution)
    tok_start: int
    tok_end: int
    entity: EntityDraft | None = None
    role_part: bool = False  # inside a title ("chancellor of the Exchequer"): not an entity


@dataclass(eq=False)
class EntityDraft:
    """An entity while it is being built; `names.py` decides its canonical name."""

    type: str
    name: str
    subtypes: list[str] = field(default_factory=list)
    alternates: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    authority_key: str | None = None
    generic: bool = False  # a generic institution name, to be qualified by its country
    country: EntityDraft | None = None
    id: str = ""
    merged_into: EntityDraft | None = None

    def final(self) -> EntityDraft:
        """The entity this one was merged into (an organization's short form), or itself."""
        e = self
        while e.merged_into is not None:
            e = e.merged_into
        return e

    def add_subtype(self, sub: str) -> None:
        if sub and sub not in self.subtypes:
            self.subtypes.append(sub)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions) if self.mentions else 0


@dataclass
class Context:
    doc: Doc
    date: dt.date
    mentions: list[Mention] = field(default_factory=list)
    entities: list[EntityDraft] = field(default_factory=list)
    _tok2mention: dict[int, Mention] = field(default_factory=dict)
    _body: str | None = None
    times: list[Span] | None = None  # time expressions, filled by dates.time_spans once per article

    @property
    def body(self) -> str:
        """doc.text rebuilds the string on every access; rules read it often."""
        if self._body is None:
            self._body = self.doc.text
        return self._body

    def index(self) -> None:
        """Rebuild the token -> mention map after mentions change."""
        self.mentions.sort(key=lambda m: m.start)
        self._tok2mention = {}
        for m in self.mentions:
            for i in range(m.tok_start, m.tok_end):
                self._tok2mention[i] = m

    def mention_at(self, tok: Token) -> Mention | None:
        return self._tok2mention.get(tok.i)

    def entity_at(self, tok: Token) -> EntityDraft | None:
        m = self.mention_at(tok)
        return m.entity if m and not m.role_part else None

    def entity_in(self, span: Span | Token) -> EntityDraft | None:
        """The entity a phrase names: its head's mention, else the first mention in it."""
        if isinstance(span, Token):
            head = span
            toks = list(span.subtree)
        else:
            head = span.root
            toks = list(span)
        hit = self.entity_at(head)
        if hit:
            return hit
        for t in toks:
            hit = self.entity_at(t)
            if hit:
                return hit
        return None

    def last_before(
        self, pos: int, types: set[str], exclude: EntityDraft | None = None
    ) -> EntityDraft | None:
        """The entity of the given base types mentioned last before character `pos`."""
        best: tuple[int, EntityDraft] | None = None
        for m in self.mentions:
            if m.end > pos or m.entity is None or m.role_part or m.entity is exclude:
                continue
            if m.entity.type in types and (best is None or m.start > best[0]):
                best = (m.start, m.entity)
        return best[1] if best else None

    def agent(self, tok: Token) -> EntityDraft | None:
        """The entity a subject stands for: a name, a pronoun (the person or organization last named),
        "American officials" (the country), "analysts at Morgan Stanley" (the firm), "the company" (the
        organization last named)."""
        ent = self.entity_at(tok)
        if ent:
            return ent
        for child in tok.children:  # "the army chief, Gen. Qamar Javed Bajwa, told ..."
            if child.dep_ == "appos":
                ent = self.entity_at(child)
                if ent and ent.type != "Place":
                    return ent
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in PERSON_PRONOUNS:
                return self.last_before(tok.idx, {"Person"})
            if low in ORG_PRONOUNS:
                return self.last_before(tok.idx, {"Organization"})
            return None
        if tok.lemma_.lower() in AGENT_NOUNS or low in AGENT_NOUNS:
            for child in tok.children:
                if child.dep_ in ("amod", "compound", "poss"):
                    ent = self.entity_at(child)
                    if ent:
                        return ent
                    country = authority.by_demonym(child.text)
                    if country:
                        return self.demonym_entity(child, country)
                if child.dep_ == "prep" and child.lower_ in ("at", "of", "for", "from"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            ent = self.entity_in(pobj) or self.definite_org(pobj)
                            if ent:
                                return ent
        return self.definite_org(tok)

    def definite_org(self, tok: Token) -> EntityDraft | None:
        """'the company', 'the alliance': the organization last named whose description fits."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in ORG_NOUNS:
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            return None
        if any(c.dep_ in ("amod", "compound", "nmod") for c in tok.children):
            return None  # "the Italian national team" describes something new
        noun = tok.lemma_.lower()
        # Prefer an organization whose name contains the noun ("the society" -> Law Society of Kenya).
        for m in sorted(self.mentions, key=lambda m: -m.start):
            if (
                m.end <= tok.idx
                and m.entity
                and m.entity.type == "Organization"
                and not m.role_part
            ):
                if noun in m.entity.name.lower().split():
                    return m.entity
        wanted = SUBTYPE_NOUNS.get(noun, ("", ""))[1]
        if wanted:  # "the club" -> the sports team last named
            for m in sorted(self.mentions, key=lambda m: -m.start):
                if (
                    m.end <= tok.idx
                    and m.entity
                    and wanted in m.entity.subtypes
                    and not m.role_part
                ):
                    return m.entity
        return self.last_before(tok.idx, {"Organization"})

    def demonym_entity(self, tok: Token, country: authority.Authority) -> EntityDraft:
        """'American' in 'American officials': a mention of the country, created on demand."""
        m = self.mention_at(tok)
        if m and m.entity:
            return m.entity
        mention = Mention(tok.idx, tok.idx + len(tok.text), tok.text, "NORP", tok.i, tok.i + 1)
        return attach_mention(self, mention, country)


# Binding mentions to entities: here, beside the state they change, so that names.py (the rules) and
# Context.demonym_entity both use them without a circular import.
def norm_text(text: str) -> str:
    """A name as compared and kept: one space between words, straight apostrophes."""
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def attach_mention(ctx: Context, m: Mention, entry: authority.Authority) -> EntityDraft:
    """Attach a mention to the entity of an authority entry, creating it on first use."""
    for e in ctx.entities:
        if e.authority_key == entry.key:
            break
    else:
        e = EntityDraft(
            type=entry.type,
            name=entry.name,
            subtypes=list(entry.subtypes),
            same_as=list(entry.sameAs),
            authority_key=entry.key,
        )
        ctx.entities.append(e)
    add_mention(ctx, e, m)
    return e


def add_mention(ctx: Context, e: EntityDraft, m: Mention) -> None:
    """Bind a mention to its entity; the first mention of a surface form adds it as an alternate name."""
    m.entity = e
    e.mentions.append(m)
    if m not in ctx.mentions:
        ctx.mentions.append(m)
        ctx.index()
    if m.label != "NORP" and norm_text(m.text) not in e.alternates:
        e.alternates.append(norm_text(m.text))
