"""places.py: the gazetteer types and links places, clubs named by their city play, and accents
are kept in names but folded for matching. Sentences composed for these tests."""

from kg.extract.places import fold, lookup

from .conftest import by_name


def test_fold_keeps_names_and_matches_without_accents():
    assert fold("Wrocław") == fold("Wroclaw") == "wroclaw"
    assert fold("Tromsø") == "tromso"
    assert lookup("Tromso").name == "Tromsø"  # the name keeps its letters
    assert lookup("Asturias").kind == "AdministrativeArea"
    assert lookup("Pokhara").country == "NP"
    assert lookup("march") is None  # lower case is no name


def test_a_city_the_tagger_missed_or_mistyped_is_a_place_with_its_country(facts):
    doc = facts(
        "Rescue teams reached Pokhara in Nepal on Monday. Floods also hit A Coruña, in Spain, "
        "and the province of Asturias."
    )
    ents = by_name(doc)
    for name in ("Pokhara", "A Coruña", "Asturias"):
        assert ents[name].type == "Place", name
    assert "City" in ents["Pokhara"].subtypes
    assert "AdministrativeArea" in ents["Asturias"].subtypes


def test_a_club_named_by_its_city_is_an_organization_when_it_plays(facts):
    doc = facts(
        "Leeds beat Sheffield 2-0 on Saturday, while Bristol were held to a draw at Coventry. "
        "The match in Leeds drew 30,000 fans."
    )
    ents = by_name(doc)
    for name in ("Leeds", "Sheffield", "Bristol", "Coventry"):
        assert ents[name].type == "Organization" and "SportsTeam" in ents[name].subtypes, name


def test_a_city_visited_stays_a_place(facts):
    ents = by_name(facts("The minister, Ana Duarte, visited Braga on Tuesday."))
    assert ents["Braga"].type == "Place"
