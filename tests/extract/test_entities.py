"""entities.py / names.py on small sentences: what is an entity, its exact span, its canonical name."""

from .conftest import by_name


def test_possessive_stripped_and_title_moved_out(facts):
    doc = facts("Gen. Qamar Javed Bajwa spoke. Bajwa's aides left.")
    names = by_name(doc)
    assert "Qamar Javed Bajwa" in names
    e = names["Qamar Javed Bajwa"]
    assert [m.exact for m in e.mentions] == ["Qamar Javed Bajwa", "Bajwa"]
    assert not any("'s" in m.exact or "Gen" in m.exact for m in e.mentions)
    assert any(r.roleName == "general" for r in doc.roles)


def test_never_entities_dates_numbers_demonyms_pronouns(facts):
    doc = facts("On Sunday, 342 American lawmakers said they would vote. He left.")
    assert doc.entities == []


def test_short_form_after_full_name(facts):
    doc = facts(
        "Prime Minister Imran Khan spoke on Sunday. Khan said he would stay. Under Khan, Pakistan changed."
    )
    khan = by_name(doc)["Imran Khan"]
    assert khan.type == "Person"
    assert [m.exact for m in khan.mentions] == ["Imran Khan", "Khan", "Khan"]


def test_shared_surname_nearest_unambiguous_mention(facts):
    doc = facts(
        "Shehbaz Sharif met reporters in Lahore on Monday. Nawaz Sharif, his brother, stayed in London. "
        "Sharif said he was tired."
    )
    names = by_name(doc)
    nawaz = names["Nawaz Sharif"]
    assert "Sharif" in [
        m.exact for m in nawaz.mentions
    ]  # Nawaz is named last before the bare "Sharif"
    assert [c.speaker for c in doc.claims] == [nawaz.id]


def test_us_aliases_are_one_entity(facts):
    doc = facts(
        "The United States and the U.S. Navy met. US officials said America would help. The U.S. agreed."
    )
    us = [e for e in doc.entities if e.name == "United States"]
    assert len(us) == 1
    assert us[0].sameAs == ["http://www.wikidata.org/entity/Q30"]
    assert us[0].type == "Place" and "Country" in us[0].subtypes


def test_generic_institution_is_qualified_by_country(facts):
    doc = facts(
        "Pakistan's crisis deepened. Parliament met in Islamabad on Monday. Pakistan voted."
    )
    names = by_name(doc)
    assert "Parliament of Pakistan" in names
    assert "Parliament" in names["Parliament of Pakistan"].alternateNames


def test_generic_institution_country_from_capital(facts):
    doc = facts(
        "Turkey was hit hard. In Syria, the health ministry in Damascus said 300 people had died."
    )
    assert "Health Ministry of Syria" in by_name(doc)


def test_lowercase_institution_without_country_is_no_entity(facts):
    doc = facts("The army said in a statement that it would stay neutral.")
    assert doc.entities == []


def test_appositive_noun_settles_type(facts):
    doc = facts(
        "The quake struck near Gaziantep, a city of two million people. The maker Vestara fell 3 percent."
    )
    names = by_name(doc)
    assert names["Gaziantep"].type == "Place" and "City" in names["Gaziantep"].subtypes


def test_house_number_joins_street(facts):
    doc = facts("Boris Johnson spoke outside 10 Downing Street on Thursday.")
    assert "10 Downing Street" in by_name(doc)
