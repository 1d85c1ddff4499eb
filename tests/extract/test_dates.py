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
