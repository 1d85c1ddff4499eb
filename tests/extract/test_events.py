"""events.py: triggers, anaphora, irrealis, dates by clause and tense, status."""


def events(doc):
    return [(v.type, v.startDate, v.status) for v in doc.events]


def test_weekday_expected_vote_on_article_day(facts):
    doc = facts(
        "Imran Khan, facing a no-confidence vote on Sunday that is widely expected to end his government, "
        "spoke to reporters.",
        date="2022-04-03",
    )
    assert events(doc) == [("Vote", "2022-04-03", "expected")]


def test_future_weekday_goes_forward_past_goes_back(facts):
    doc = facts(
        "The club will hold a news conference in Manchester on Tuesday. "
        "A conference in Lisbon ended on Tuesday.",
        date="2024-05-26",
    )
    assert [(t, d) for t, d, _ in events(doc)] == [
        ("Conference", "2024-05-28"),
        ("Conference", "2024-05-21"),
    ]


def test_definite_mention_refers_back(facts):
    doc = facts(
        "A magnitude 7.8 earthquake struck Turkey on Monday. The quake was felt in Cyprus.",
        date="2023-02-06",
    )
    assert events(doc) == [("Earthquake", "2023-02-06", "happened")]


def test_time_of_day_takes_the_current_day(facts):
    doc = facts(
        "A strong earthquake struck Turkey early on Monday. A second quake hit the region in the afternoon.",
        date="2023-02-08",
    )
    assert [d for _, d, _ in events(doc)] == ["2023-02-06", "2023-02-06"]


def test_demanded_events_are_not_events(facts):
    doc = facts("Keir Starmer called for an early general election and urged Johnson to step down.")
    assert doc.events == []


def test_reported_event_does_not_take_the_reporting_date(facts):
    doc = facts("Boris Johnson said on Thursday that he would resign.", date="2022-07-07")
    assert events(doc) == [("Resignation", None, "expected")]


def test_gyear_and_gyearmonth(facts):
    doc = facts(
        "Lawmakers will serve until the general election due in 2023. "
        "Last month, a landslide in Assam killed 14 people.",
        date="2022-04-03",
    )
    assert [(t, d) for t, d, _ in events(doc)] == [("Election", "2023"), ("Disaster", "2022-03")]


def test_when_clause_and_that_evening(facts):
    doc = facts(
        "The revolt began on Tuesday, when Rishi Sunak resigned. "
        "Nadhim Zahawi, whom Johnson appointed to replace Sunak that evening, spoke later.",
        date="2022-07-07",
    )
    assert [(t, d) for t, d, _ in events(doc)] == [
        ("Resignation", "2022-07-05"),
        ("Appointment", "2022-07-05"),
    ]


def test_participants_and_location(facts):
    doc = facts(
        "Northwind Energy agreed on Wednesday to buy the wind-turbine maker Vestara. "
        "Shareholders are expected to vote on the deal on May 6 in Copenhagen.",
        date="2024-03-14",
    )
    deal, vote = doc.events
    assert (deal.type, deal.startDate) == ("Deal", "2024-03-13")
    assert {doc.entity(p).name for p in deal.participants} == {"Northwind Energy", "Vestara"}
    assert (vote.type, vote.startDate, vote.status) == ("Vote", "2024-05-06", "expected")
    assert doc.entity(vote.location).name == "Copenhagen"
