"""One event per real-world event: later tellings merged into the first ("resigned on Sunday" ...
"his resignation" ... "Bellini, who quit"), with the rules that keep two real events apart.

Rules: two tellings are one event when they have the same type and status, compatible dates (equal,
one a prefix of the other, or one absent), no disjoint named participants, places that agree (the
same, or one the country of the other); an undated telling of somebody unnamed and counted ("more
than 50 members quit") stays apart from a dated one; "a second quake" never merges. A final pass
merges again, since a later telling can link two earlier ones ("At a ceremony, X swore in Y").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import EntityDraft
    from .events import EventDraft


def merge_all(events: list[EventDraft]) -> list[EventDraft]:
    changed = True
    while changed:
        changed = False
        for i in range(len(events) - 1, 0, -1):
            if not events[i].another and merge_into(events[:i], events[i]):
                del events[i]
                changed = True
                break
    return events


def _same_place(a: EntityDraft | None, b: EntityDraft | None) -> bool:
    if a is None or b is None:
        return True
    a, b = a.final(), b.final()
    return a is b or a.country is b or b.country is a


def compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def merge_into(events: list[EventDraft], new: EventDraft) -> bool:
    """One event per real-world event: a later telling of the same type, status and a compatible
    date ("resigned on Sunday" ... "his resignation") adds its date, place and participants to the
    first telling instead of making a second event. Two tellings that both name participants and
    share none are two events ("X beat Y", later "Z beat W")."""
    for old in events:
        if old.type != new.type or old.status != new.status or not compatible(old.date, new.date):
            continue
        po = {id(p.final()) for p in old.participants}
        pn = {id(p.final()) for p in new.participants}
        if po and pn and not po & pn:
            continue
        undated = old if old.date is None else new
        if (old.date is None) != (new.date is None) and undated.anonymous:
            continue  # undated "members quit" and dated "Sunak resigned" may be two events
        if not _same_place(old.location, new.location):
            continue
        if new.date and (old.date is None or len(new.date) > len(old.date)):
            old.date = new.date
        old.location = old.location or new.location
        old.tellings += new.tellings
        old.participants += [p for p in new.participants if p not in old.participants]
        return True
    return False
