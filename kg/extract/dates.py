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
  resolved day before them in the article (the narrative's current day);
- "last/next/this Tuesday"; "three days ago", "two weeks ago" (counted from the article date);
  "a day after", "three days earlier/later", "the day before" (counted from the narrative's current
  day); "mid-2026" is the year;
- a day and month without a year in a present-tense clause ("the law takes effect on 1 July") is
  the nearest such date to the article date, since news tells the present about near dates.
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
    "invite",
}
SEASONS = {"spring", "summer", "autumn", "fall", "winter"}
TIME_OF_DAY = re.compile(
    r"\b(morning|afternoon|evening|night|overnight|noon|midnight|later that day|that day)\b", re.I
)


def tense(tok: Token) -> bool | None:
    """Tense of the clause a token is in: True (future) if a modal 'will' or a scheduling word
    governs it, False (past) under a past verb, None when only a present tense is seen."""
    seen = 0
    node = tok
    present = False
    while seen < 6:
        for c in node.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in (
                "will",
                "'ll",
                "shall",
                "wo",
                "would",
                "could",
                "may",
                "might",
            ):
                return True
            if c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD",):
                return False
        if node.lemma_.lower() in FUTURE_WORDS and node.pos_ in ("VERB", "ADJ", "AUX"):
            return True
        if node.tag_ in ("VBD", "VBN") and not any(c.dep_ == "auxpass" for c in node.children):
            return False
        if node.tag_ in ("VBZ", "VBP") and node.pos_ in ("VERB", "AUX"):
            present = True
        if node.head is node:
            break
        node = node.head
        seen += 1
    return None if present else False


def is_future(tok: Token) -> bool:
    """Future if a modal 'will' or a scheduling word governs the token's clause."""
    return bool(tense(tok))


NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
NUMBER_WORDS.update({"seven": 7, "eight": 8, "nine": 9, "ten": 10})
RELATIVE = re.compile(
    r"^(?:the\s+)?(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)?\s*"
    r"(day|days|week|weeks)\s+(ago|earlier|later|after|before)$"
)


def relative(text: str, ref: dt.date, current: dt.date | None) -> str | None:
    """ "three days ago" from the article date; "a day after", "the day before" from the current day."""
    low = re.sub(r"\s+", " ", text.lower().strip())
    m = RELATIVE.match(low)
    if m is None:
        return None
    if m.group(1) is None and not (low.startswith("the ") and m.group(2) in ("day", "week")):
        return None  # "days later": how many is not told
    n = NUMBER_WORDS.get(m.group(1) or "a") or (int(m.group(1)) if m.group(1).isdigit() else 1)
    days = n * (7 if m.group(2).startswith("week") else 1)
    if m.group(3) == "ago":
        return (ref - dt.timedelta(days=days)).isoformat()
    base = current or ref
    sign = 1 if m.group(3) in ("later", "after") else -1
    return (base + dt.timedelta(days=sign * days)).isoformat()


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


def resolve_text(text: str, ref: dt.date, future: bool | None) -> str | None:
    """Resolve one date expression; None when it names no calendar date. future: the clause's
    tense (True future, False past, None present)."""
    low = re.sub(r"['’]s$", "", text.lower().strip())  # "next year's session"
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
    if len(words) == 2 and words[0] in ("last", "next", "this") and words[1] in WEEKDAYS:
        if words[0] == "next":  # "next Tuesday" said on a Tuesday is a week on
            ahead = (WEEKDAYS[words[1]] - ref.weekday()) % 7 or 7
            return (ref + dt.timedelta(days=ahead)).isoformat()
        return resolve_text(words[1], ref, words[0] != "last" and future)
    if words[-1] == "weekend" and len(words) <= 2:  # "the weekend": its Saturday
        sat = 5 - ref.weekday()
        if future or words[0] == "next":
            return (ref + dt.timedelta(days=sat % 7 or 7)).isoformat()
        return (ref - dt.timedelta(days=(-sat) % 7 or 7)).isoformat()
    if len(words) == 2 and words[1] in SEASONS and words[0] in ("last", "next", "this"):
        return f"{ref.year + {'last': -1, 'next': 1, 'this': 0}[words[0]]:04d}"
    if len(words) == 1 and words[0] in SEASONS and future:
        return f"{ref.year:04d}"
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
        shift = (
            {"last": -1, "next": 1}.get(words[-2])
            if words[-1] == "year" and len(words) > 2
            else None
        )
        if not years and shift is not None:  # "in February last year"
            year, years = ref.year + shift, [ref.year + shift]
        if not years and future is None and days:  # present tense: the nearest such day
            year = min(
                (ref.year - 1, ref.year, ref.year + 1),
                key=lambda y: abs((y - ref.year) * 12 + month - ref.month),
            )
        elif not years:
            if future and month < ref.month:
                year += 1
            elif not future and month > ref.month:
                year -= 1
        if days and 1 <= days[0] <= calendar.monthrange(year, month)[1]:
            return dt.date(year, month, days[0]).isoformat()
        return f"{year:04d}-{month:02d}"
    if len(words) == 1 and years:
        return f"{years[0]:04d}"
    if len(words) == 2 and words[0] == "mid" and years:
        return f"{years[0]:04d}"  # "mid-2026"
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
        when = tense(ent.root)
        value = resolve_text(ent.text, ref, when)
        if value is None:
            value = relative(ent.text, ref, dt.date.fromisoformat(current) if current else None)
        if value is None:  # "Monday night": the day named
            for tok in ent:
                if tok.lower_ in WEEKDAYS:  # "Sunday and Monday": the first day
                    value = resolve_text(tok.text, ref, when)
                    break
        if value is None and TIME_OF_DAY.search(ent.text):
            value = current  # "that evening", "in the afternoon": the narrative's current day
        if value:
            out[ent.start] = value
            if len(value) == 10:
                current = value
    return out
