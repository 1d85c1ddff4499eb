"""claims.py: speakers (names, pronouns, organizations, demonyms), what was said, denials."""

from .conftest import name_of


def claims(doc):
    return [(name_of(doc, c.speaker), c.kind, c.text, c.direct) for c in doc.claims]


def test_text_is_the_complement_not_the_sentence(facts):
    doc = facts("Keir Starmer said on Monday that Johnson was unfit for office.")
    assert claims(doc) == [("Keir Starmer", "claim", "Johnson was unfit for office", False)]


def test_pronoun_speaker_is_the_person_last_named(facts):
    doc = facts('Boris Johnson left the room. "No one is indispensable," he said.')
    assert claims(doc) == [("Boris Johnson", "claim", "No one is indispensable", True)]


def test_quote_before_inverted_speaker(facts):
    doc = facts('Grace Achieng spoke last. "The court has protected every citizen," said Achieng.')
    assert claims(doc) == [
        ("Grace Achieng", "claim", "The court has protected every citizen", True)
    ]


def test_quote_after_speaker(facts):
    doc = facts('Maria Delgado told analysts: "This is a once-in-a-generation opportunity."')
    got = claims(doc)
    assert got and got[0][0] == "Maria Delgado" and "once-in-a-generation" in got[0][2]


def test_organizations_as_speakers(facts):
    doc = facts(
        "The State Department has said the talks were useful. "
        "The Air Force said in a statement that a jet had crashed."
    )
    got = claims(doc)
    assert ("State Department", "claim", "the talks were useful", False) in got
    assert ("Air Force", "claim", "a jet had crashed", False) in got


def test_demonym_officials_speak_for_their_country(facts):
    doc = facts(
        "Imran Khan accused the United States of plotting against him, and American officials have rejected it."
    )
    got = claims(doc)
    assert got[0][:2] == ("Imran Khan", "accusation")
    assert got[1][:2] == ("United States", "rejection")
    assert doc.claims[1].denies == doc.claims[0].id


def test_denial_of_a_report_links_to_the_report(facts):
    doc = facts(
        "The Financial Times reported on Tuesday that Northwind had overpaid. Northwind Energy denied the report."
    )
    assert [c.kind for c in doc.claims] == ["claim", "denial"]
    assert doc.claims[1].denies == doc.claims[0].id


def test_conjoined_reporting_verb_keeps_its_speaker(facts):
    doc = facts(
        'Keir Starmer said Johnson was "not fit for office" and called for an early election.'
    )
    got = claims(doc)
    assert [g[0] for g in got] == ["Keir Starmer", "Keir Starmer"]
    assert got[0][2] == 'Johnson was "not fit for office"'
    assert got[1][2] == "an early election"


def test_participle_claim_and_speaker_after_clause(facts):
    doc = facts(
        "UEFA rejected the accusation on Sunday, saying the referee had applied the rules. "
        "The club will hold a news conference on Tuesday, Riverside United announced."
    )
    got = claims(doc)
    assert ("UEFA", "claim", "the referee had applied the rules", False) in got
    assert (
        "Riverside United",
        "claim",
        "The club will hold a news conference on Tuesday",
        False,
    ) in got


def test_according_to(facts):
    doc = facts("The layoffs will be finished by March, according to Helix Systems.")
    assert claims(doc) == [
        ("Helix Systems", "claim", "The layoffs will be finished by March", False)
    ]


def test_declared_with_noun_object_is_no_claim(facts):
    doc = facts("President Recep Tayyip Erdogan declared seven days of national mourning.")
    assert doc.claims == []
    assert [e.type for e in doc.events] == ["Announcement"]


def test_an_open_quotation_keeps_its_closing_mark(nlp):
    """Three curly marks in the content: one quotation is still open, so the closing '.”' after it belongs
    to the claim. The parity is of all the marks together (a precedence slip once took it of the
    straight ones alone, so an odd number of curly marks never counted)."""
    from kg.extract.claims import _trim

    body = "that the “old” rule is “gone.”"
    doc = nlp.make_doc(body)  # the tokenizer alone: _trim needs tokens and offsets, not a parse
    start, end = _trim(body, list(doc))
    assert body[start:end] == "that the “old” rule is “gone.”"
    body = "that the “old” rule is gone."  # balanced: the full stop stays outside
    doc = nlp.make_doc(body)
    start, end = _trim(body, list(doc))
    assert body[start:end] == "that the “old” rule is gone"
