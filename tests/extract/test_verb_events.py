"""triggers.py and events.py: events told by a verb, typed by their object, and merged into one
event per real-world event. Sentences composed for these tests."""

import pytest

from .conftest import name_of


def events(doc):
    return [(v.type, v.startDate, v.status) for v in doc.events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Former interior minister Carlos Ibarra fled to Uruguay on Monday.",
            ("Evacuation", "2024-01-01", "happened"),
        ),
        (
            "Helena Sorvik was sworn in as prime minister of Finland on Tuesday.",
            ("Ceremony", "2024-01-02", "happened"),
        ),
        (
            "The Orbis-4 weather satellite was launched from French Guiana on Tuesday.",
            ("Launch", "2024-01-02", "happened"),
        ),
        (
            "A cargo plane operated by Skyline Freight crashed near Lagos on Monday.",
            ("Accident", "2024-01-01", "happened"),
        ),
        (
            "Marenco Foods will cut 400 jobs at its plant in Leeds next year.",
            ("Layoff", "2025", "expected"),
        ),
        (
            "The Bank of Ruritania cut interest rates on Tuesday.",
            ("Announcement", "2024-01-02", "happened"),  # a central bank's decision
        ),
        (
            "The new tax on sugary drinks took effect on Monday.",
            ("Legislation", "2024-01-01", "happened"),
        ),
        (
            "Dynamo Kestrel beat Real Ostrava 3-1 on Tuesday.",
            ("Match", "2024-01-02", "happened"),
        ),
        (
            "Parliament passed the water bill on Tuesday.",
            ("Legislation", "2024-01-02", "happened"),
        ),
        (
            "Prosecutors opened an investigation into Velora Bank on Monday.",
            ("Investigation", "2024-01-01", "happened"),
        ),
        (
            "Bus drivers across Portugal walked out on Tuesday.",
            ("Strike", "2024-01-02", "happened"),
        ),
        (
            "The regulator fined Korvin Telecom 40 million euros on Monday.",
            ("CourtRuling", "2024-01-01", "happened"),
        ),
        (
            "The offer was approved by both boards on Tuesday.",
            ("Vote", "2024-01-02", "happened"),
        ),
        (
            "Norway and Sweden agreed on Monday to set up a joint fisheries patrol.",
            ("Deal", "2024-01-01", "happened"),
        ),
        (
            "Riverside United will host Porto Azul on 14 January.",
            ("Match", "2024-01-14", "expected"),
        ),
        (
            "The union said nurses would strike again on 14 January.",
            ("Strike", "2024-01-14", "expected"),
        ),
        (
            "The Baltic Assembly will hold next year's session in Riga.",
            ("Meeting", "2025", "expected"),
        ),
        (
            "The case began with a petition brought by the Green Alliance.",
            ("Lawsuit", None, "happened"),
        ),
        (
            "Tova Lindqvist won the Baltic Poetry Prize on Tuesday.",
            ("Ceremony", "2024-01-02", "happened"),
        ),
    ],
)
def test_a_verb_tells_an_event(facts, text, expected):
    assert events(facts(text, date="2024-01-03")) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of people fled.",  # no one named
        "The minister ruled out a snap election.",  # "ruled out" is not a ruling
        "The company cut its forecast.",  # a forecast is no policy
        "Guards fired shots into the air.",  # not a dismissal
        "The striker, who had won the cup twice, watched from the stands.",  # a record
        "The party won 31 percent of the vote.",  # a result, not a match or a vote
        "The opposition accused the government of planning to raise taxes.",  # an accusation
        "The first Estonian to win it since 1994 was Mari Tamm.",  # a year is no score
        "Ministers must approve it before it takes effect.",  # "it": nothing new
        "Guards fired shots near an investigating magistrate.",  # an adjective
    ],
)
def test_a_verb_that_tells_no_event(facts, text):
    assert [v.type for v in facts(text).events] == []


def test_object_decides_the_type_and_the_noun_is_dated_by_its_verb(facts):
    doc = facts(
        "Tarsis Mining and Kolva Steel signed an agreement on Wednesday to build a smelter. "
        "President Amara Oduya signed the mining bill on Thursday.",
        date="2024-01-05",
    )
    assert events(doc) == [
        ("Deal", "2024-01-03", "happened"),
        ("Legislation", "2024-01-04", "happened"),
    ]


def test_one_event_for_several_tellings(facts):
    doc = facts(
        "Judge Mira Castell resigned on Monday. Castell's resignation surprised colleagues, "
        "and she resigned, she said, for family reasons.",
        date="2024-01-03",
    )
    assert events(doc) == [("Resignation", "2024-01-01", "happened")]
    assert [name_of(doc, p) for p in doc.events[0].participants] == ["Mira Castell"]


def test_a_second_or_another_side_is_another_event(facts):
    doc = facts(
        "Dynamo Kestrel beat Real Ostrava 3-1 on Saturday. "
        "On Sunday, Atletico Varna beat Sporting Lumo 2-0.",
        date="2024-01-08",
    )
    assert [(t, d) for t, d, _ in events(doc)] == [
        ("Match", "2024-01-06"),
        ("Match", "2024-01-07"),
    ]


def test_scheduled_and_happened_are_not_merged(facts):
    doc = facts(
        "Rovers lost 2-0 to Dynamo Kestrel on Saturday. Their next match is scheduled for Friday.",
        date="2024-01-08",
    )
    assert [s for _, _, s in events(doc)] == ["happened", "scheduled"]


def test_a_definite_noun_dated_otherwise_is_another_event(facts):
    doc = facts(
        "A jury convicted the mayor, Ivo Brankov, on Tuesday. His trial was one of several this "
        "year, including the conviction in March of a port official.",
        date="2024-11-08",
    )
    assert [(t, d) for t, d, _ in events(doc)] == [
        ("CourtRuling", "2024-11-05"),
        ("CourtRuling", "2024-03"),
    ]


def test_the_setting_of_an_event_is_not_another_event(facts):
    doc = facts(
        "Shareholders will vote on the offer at an extraordinary meeting in Munich on 21 April.",
        date="2024-03-03",
    )
    assert [(t, d) for t, d, _ in events(doc)] == [("Vote", "2024-04-21")]
