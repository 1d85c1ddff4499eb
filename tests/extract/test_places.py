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


def test_a_place_is_linked_to_the_country_the_article_names(facts):
    from kg.iris import SCHEMA, Minter
    from kg.mapping import Mapper
    from kg.validation import check

    doc = facts(
        "Rescuers in Pokhara and Kathmandu searched the wreckage. Nepal declared a day of mourning."
    )
    ents = by_name(doc)
    nepal = ents["Nepal"]
    assert nepal.type == "Place" and "Country" in nepal.subtypes  # the tagger's person
    assert ents["Pokhara"].containedInPlace == nepal.id
    assert ents["Kathmandu"].containedInPlace == nepal.id  # a capital, from the authority file
    mapped = Mapper(Minter("http://example.org/")).map(doc)
    links = list(mapped.entity_graph.subject_objects(SCHEMA.containedInPlace))
    assert len(links) == 2 and all(str(o).endswith("/nepal") for _, o in links)
    assert check(mapped, "test.json").conforms


def test_no_link_without_the_country(facts):
    doc = facts("Rescuers in Pokhara searched the wreckage.")
    assert by_name(doc)["Pokhara"].containedInPlace is None
