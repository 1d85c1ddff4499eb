"""Fact extraction: article text -> facts document (entities, roles, claims, events with evidence).

    from kg.extract import extract, extract_many

One module per responsibility: nlp (the model), entities (mentions), names (within-article
resolution and canonical names), roles, claims, events, dates, authority. Every Evidence satisfies
body[start:end] == exact, because offsets are taken from spaCy tokens of the exact body.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from ..article import Article
from ..facts import Claim, Entity, Event, Evidence, FactsDocument, Role
from . import claims as claims_mod
from . import confidence, dates, entities, events, kinds, names, places, roles
from .context import Context
from .nlp import extractor_name, get_nlp

__all__ = ["extract", "extract_many"]


def extract(article: Article) -> FactsDocument:
    """Extract the facts of one article."""
    return _build(article, get_nlp()(article.body))


def extract_many(articles: Iterable[Article], batch_size: int = 32) -> Iterator[FactsDocument]:
    """Extract many articles, parsing them in batches (nlp.pipe), in input order."""
    nlp = get_nlp()
    pending: list[Article] = []

    def texts() -> Iterator[str]:
        for art in articles:
            pending.append(art)
            yield art.body

    for doc in nlp.pipe(texts(), batch_size=batch_size):
        yield _build(pending.pop(0), doc)


def _unique(ids: Iterable[str | None]) -> list[str]:
    return [i for i in dict.fromkeys(ids) if i is not None]


def _ev(body: str, start: int, end: int) -> Evidence:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return Evidence.of(body, start, end)


def _build(article: Article, doc: Doc) -> FactsDocument:
    ctx = Context(doc=doc, date=article.date)
    entities.find_mentions(ctx)
    acronyms = kinds.split_acronyms(ctx)
    places.find_place_mentions(ctx)
    names.resolve(ctx)
    kinds.join_acronyms(ctx, acronyms)
    kinds.people_by_context(ctx)
    places.type_places(ctx)
    kinds.join_short_forms(ctx)
    role_drafts = roles.extract(ctx)
    claim_drafts = claims_mod.extract(ctx)
    resolved = dates.resolve_doc(doc, article.date)
    event_drafts = events.extract(ctx, resolved)
    names.finalize(ctx)

    body = article.body
    facts = FactsDocument.from_article(article)
    facts.extractor = extractor_name()
    kept = []
    for e in ctx.entities:
        mentions = [m for m in e.mentions if not m.role_part]
        if not mentions:
            continue
        kept.append(e)
        facts.entities.append(
            Entity(
                id=e.id,
                type=e.type,
                name=e.name,
                subtypes=list(e.subtypes),
                alternateNames=list(e.alternates),
                sameAs=list(e.same_as),
                mentions=[
                    Evidence.of(body, m.start, m.end)
                    for m in sorted(mentions, key=lambda m: m.start)
                ],
                confidence=confidence.entity(e),
                containedInPlace=e.country.final().id if e.type == "Place" and e.country else None,
            )
        )
    live = {id(e) for e in kept}
    for ent in facts.entities:  # a country named only in a dropped mention is no link target
        if ent.containedInPlace and ent.containedInPlace not in {k.id for k in kept}:
            ent.containedInPlace = None

    def ref(e: object) -> str | None:
        e = e.final() if e is not None else None  # type: ignore[attr-defined]
        return e.id if e is not None and id(e) in live else None  # type: ignore[attr-defined]

    for i, r in enumerate(role_drafts, 1):
        if ref(r.person) is None:
            continue
        facts.roles.append(
            Role(
                id=f"role-{i}",
                person=ref(r.person),
                roleName=r.name,
                organization=ref(r.organization),
                former=r.former,
                evidence=_ev(body, r.start, r.end),
                confidence=confidence.role(r),
            )
        )
    for i, c in enumerate(claim_drafts, 1):
        c.id = f"claim-{i}"
    for c in claim_drafts:
        if ref(c.speaker) is None:
            continue
        facts.claims.append(
            Claim(
                id=c.id,
                speaker=ref(c.speaker),
                text=c.text,
                verb=c.verb,
                kind=c.kind,
                direct=c.direct,
                about=_unique(ref(a) for a in c.about),
                denies=c.denies.id if c.denies and ref(c.denies.speaker) else None,
                evidence=_ev(body, c.start, c.end),
                confidence=confidence.claim(c),
            )
        )
    for i, v in enumerate(event_drafts, 1):
        if not v.name:
            who = [p.final().name for p in v.participants[:3]]
            v.name = f"{v.type}: {', '.join(dict.fromkeys(who))}" if who else v.type
        facts.events.append(
            Event(
                id=f"event-{i}",
                type=v.type,
                name=v.name,
                startDate=v.date,
                location=ref(v.location),
                participants=_unique(ref(p) for p in v.participants),
                status=v.status,
                evidence=_ev(body, v.start, v.end),
                confidence=confidence.event(v),
            )
        )
    facts.check_references(article.path)
    return facts
