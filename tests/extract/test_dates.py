"""dates.resolve_text: relative dates against the article date, with tense (no model needed)."""

import datetime as dt

import pytest

from kg.extract.dates import resolve_text

SUNDAY = dt.date(2022, 4, 3)
THURSDAY = dt.date(2022, 7, 7)


@pytest.mark.parametrize(
    "text, ref, future, expected",
    [
        ("Sunday", SUNDAY, False, "2022-04-03"),  # the article's own weekday is the article date
        ("Sunday", SUNDAY, True, "2022-04-03"),
        ("Saturday", SUNDAY, False, "2022-04-02"),  # past clause: the day before
        ("Tuesday", THURSDAY, False, "2022-07-05"),
        ("Tuesday", THURSDAY, True, "2022-07-12"),  # "will meet on Tuesday": the next one
        (
            "Monday night",
            THURSDAY,
            False,
            None,
        ),  # whole expression: resolved by resolve_doc via its weekday
        ("April 3", THURSDAY, False, "2022-04-03"),
        ("July 20", dt.date(2023, 6, 30), True, "2023-07-20"),
        (
            "Feb. 14",
            dt.date(2024, 11, 8),
            True,
            "2025-02-14",
        ),  # future month before the article's: next year
        ("last month", SUNDAY, False, "2022-03"),
        ("next month", dt.date(2023, 12, 5), True, "2024-01"),
        ("in May", THURSDAY, False, "2022-05"),
        ("in April", dt.date(2025, 1, 17), True, "2025-04"),
        ("in 2023", SUNDAY, True, "2023"),
        ("last year", SUNDAY, False, "2021"),
        ("yesterday", THURSDAY, False, "2022-07-06"),
        ("today", THURSDAY, False, "2022-07-07"),
        ("tomorrow", THURSDAY, True, "2022-07-08"),
        ("next week", THURSDAY, True, "2022-07"),  # the whole week lies in July
        ("next week", dt.date(2022, 6, 29), True, "2022-07"),  # week of July 4-10
        ("weeks", THURSDAY, False, None),
        ("seven days", THURSDAY, False, None),
    ],
)
def test_resolve(text, ref, future, expected):
    assert resolve_text(text, ref, future) == expected


def test_week_across_months_is_unresolved():
    # Week of 2022-05-30 .. 2022-06-05 spans two months: no gYearMonth can be given.
    assert resolve_text("next week", dt.date(2022, 5, 25), True) is None


WEDNESDAY = dt.date(2025, 5, 7)


@pytest.mark.parametrize(
    "text, future, expected",
    [
        ("14 March", False, "2025-03-14"),  # day before month, no year
        ("1 July", None, "2025-07-01"),  # present tense: the nearest 1 July
        ("December 30", None, "2024-12-30"),
        ("last Tuesday", False, "2025-05-06"),
        ("next Friday", None, "2025-05-09"),
        ("mid-2026", True, "2026"),
        ("next Wednesday", None, "2025-05-14"),  # said on a Wednesday: a week on
        ("the weekend", True, "2025-05-10"),
        ("the weekend", False, "2025-05-03"),
        ("in February last year", False, "2024-02"),
        ("last summer", False, "2024"),
        ("next spring", True, "2026"),
    ],
)
def test_resolve_more_forms(text, future, expected):
    assert resolve_text(text, WEDNESDAY, future) == expected


@pytest.mark.parametrize(
    "text, current, expected",
    [
        ("two weeks ago", None, "2025-04-23"),  # from the article date
        ("three days ago", dt.date(2025, 5, 1), "2025-05-04"),  # "ago" ignores the narrative
        ("three days later", dt.date(2025, 5, 1), "2025-05-04"),  # from the narrative's day
        ("the day before", None, "2025-05-06"),
        ("a week earlier", dt.date(2025, 5, 1), "2025-04-24"),
        ("days later", None, None),
    ],
)
def test_relative_counts(text, current, expected):
    from kg.extract.dates import relative

    assert relative(text, WEDNESDAY, current) == expected


def test_a_clause_dated_from_its_head(facts):
    doc = facts(
        "Lena Marsh resigned as coach of Atletico Varna on Sunday, a day after her team lost 3-0.",
        date="2025-03-03",
    )
    assert [(v.type, v.startDate) for v in doc.events] == [
        ("Resignation", "2025-03-02"),
        ("Match", "2025-03-01"),
    ]
