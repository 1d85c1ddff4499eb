"""Resolving time expressions against the article date.

A date is returned at the precision the text gives: a day ("2022-04-03"), a month ("2024-08", for
xsd:gYearMonth) or a year ("2023", xsd:gYear). Rules:
- "today", "yesterday", "tomorrow"; "last/next/this year|month"; "in May" / "May 6" / "July 20"
  (year from the article, moved by one when tense says so: "in April" in a future clause after the
  article's April is next year's);
- weekday names: the same weekday as the article is the article date; otherwise the nearest one
  before the article date in a past clause, after it in a future clause ("will", "is expected to",
  "scheduled", "due", "plans");
- "next/last week": the month, when the whole week lies in one month, else unresolved;
- times of day ("that evening", "in the afternoon", "later that day") take the day of the last
  resolved day before them in the article (the narrative's current day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
FUTURE_WORDS = {
    "will",
    "'ll",
    "shall",
    "expect",
    "schedule",
    "due",
    "plan",
    "set",
    "upcoming",
    "next",
    "forecast",
    "going",
    "aim",
    "intend",
    "propose",
}
TIME_OF_DAY = re.compile(
    r"\b(morning|afternoon|evening|night|overnight|noon|midnight|later that day|that day)\b", re.I
)


def is_future(tok: Token) -> bool:
    """Tense of the clause a token is in: future if a modal 'will' or a scheduling word governs it."""
    seen = 0
    node = tok
    while seen < 6:
        for c in node.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "'ll", "shall", "wo", "would"):
                return True
        if node.lemma_.lower() in FUTURE_WORDS and node.pos_ in ("VERB", "ADJ", "AUX"):
            return True
        if node.tag_ in ("VBD", "VBN") and not any(c.dep_ == "auxpass" for c in node.children):
            return False
        if node.head is node:
            break
        node = node.head
        seen += 1
    return False


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week_month(monday: dt.date) -> str | None:
    sunday = monday + dt.timedelta(days=6)
    return (
        f"{monday.year:04d}-{monday.month:02d}"
        if (monday.year, monday.month) == (sunday.year, sunday.month)
        else None
    )


def resolve_text(text: str, ref: dt.date, future: bool) -> str | None:
    """Resolve one date expression; None when it names no calendar date."""
    low = text.lower().strip()
    low = re.sub(r"^(early|late|earlier|later|on|in|by|from|until|since|the|this past)\s+", "", low)
    words = re.findall(r"[a-z]+|\d+", low)
    if not words:
        return None
    if low in ("today", "tonight") or low.startswith("today"):
        return ref.isoformat()
    if low == "yesterday":
        return (ref - dt.timedelta(days=1)).isoformat()
    if low == "tomorrow":
        return (ref + dt.timedelta(days=1)).isoformat()
    if (
        len(words) == 2
        and words[0] in ("last", "next", "this")
        and words[1] in ("year", "month", "week")
    ):
        delta = {"last": -1, "next": 1, "this": 0}[words[0]]
        if words[1] == "year":
            return f"{ref.year + delta:04d}"
        if words[1] == "month":
            y, m = _shift_month(ref.year, ref.month, delta)
            return f"{y:04d}-{m:02d}"
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=delta)
        return _week_month(monday)
    if len(words) == 1 and words[0] in WEEKDAYS:
        diff = WEEKDAYS[words[0]] - ref.weekday()
        if diff == 0:
            return ref.isoformat()
        if future:
            return (ref + dt.timedelta(days=diff % 7)).isoformat()
        return (ref - dt.timedelta(days=(-diff) % 7)).isoformat()
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    years = [int(w) for w in words if w.isdigit() and len(w) == 4]
    days = [int(w) for w in words if w.isdigit() and len(w) <= 2]
    if month:
        year = years[0] if years else ref.year
        if not years:
            if future and month < ref.month:
                year += 1
            elif not future and month > ref.month:
                year -= 1
        if days and 1 <= days[0] <= calendar.monthrange(year, month)[1]:
            return dt.date(year, month, days[0]).isoformat()
        return f"{year:04d}-{month:02d}"
    if len(words) == 1 and years:
        return f"{years[0]:04d}"
    return None


def time_spans(doc: Doc) -> list[Span]:
    """DATE/TIME entities, plus times of day the tagger leaves out ("in the afternoon")."""
    spans = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    covered = {t.i for s in spans for t in s}
    for tok in doc:
        if tok.i not in covered and tok.pos_ == "NOUN" and TIME_OF_DAY.fullmatch(tok.lower_):
            start = min([c.i for c in tok.children if c.dep_ == "det"] + [tok.i])
            spans.append(doc[start : tok.i + 1])
    return sorted(spans, key=lambda s: s.start)


def resolve_doc(doc: Doc, ref: dt.date) -> dict[int, str]:
    """Resolved value of every time expression, keyed by its first token index. Times of day take the
    narrative's current day (the last resolved full date before them)."""
    out: dict[int, str] = {}
    current: str | None = None
    for ent in time_spans(doc):
        value = resolve_text(ent.text, ref, is_future(ent.root))
        if value is None:  # "Monday night": the day named
            for tok in ent:
                if tok.lower_ in WEEKDAYS:
                    value = resolve_text(tok.text, ref, is_future(ent.root))
        if value is None and TIME_OF_DAY.search(ent.text):
            value = current  # "that evening", "in the afternoon": the narrative's current day
        if value:
            out[ent.start] = value
            if len(value) == 10:
                current = value
    return out
