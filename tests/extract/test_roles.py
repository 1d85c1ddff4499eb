"""roles.py: appositives, titles before names, predicates, "former"."""

from .conftest import name_of


def roles(doc):
    return {
        (name_of(doc, r.person), r.roleName, name_of(doc, r.organization), r.former)
        for r in doc.roles
    }


def test_appositive_role_before_name_with_title(facts):
    doc = facts(
        "On Saturday, the army chief, Gen. Qamar Javed Bajwa, told a conference that Pakistan wanted peace."
    )
    got = roles(doc)
    assert ("Qamar Javed Bajwa", "army chief", None, False) in got
    assert ("Qamar Javed Bajwa", "general", None, False) in got


def test_appositive_after_name_with_possessive_org(facts):
    doc = facts("Bret Taylor, Twitter's independent board chair, said the deal was fair.")
    assert ("Bret Taylor", "independent board chair", "Twitter", False) in roles(doc)


def test_title_before_name_with_of_org(facts):
    doc = facts("Prime Minister Imran Khan of Pakistan said he would not resign.")
    assert ("Imran Khan", "prime minister", "Pakistan", False) in roles(doc)


def test_leader_of_org(facts):
    doc = facts("Keir Starmer, the leader of the opposition Labour Party, said Johnson was unfit.")
    assert ("Keir Starmer", "leader", "Labour Party", False) in roles(doc)


def test_org_possessive_role_then_name(facts):
    doc = facts("Vestara's chief executive, Henrik Lund, said the board backed the offer.")
    assert ("Henrik Lund", "chief executive", "Vestara", False) in roles(doc)


def test_former_role_is_kept_and_flagged(facts):
    doc = facts("Imran Khan, a former international cricket star, spoke on Sunday.")
    assert ("Imran Khan", "international cricket star", None, True) in roles(doc)


def test_predicate_and_as_phrase_with_pronoun(facts):
    doc = facts(
        "Boris Johnson spoke on Thursday. He said he would resign as leader of the Conservative Party "
        "but would remain prime minister."
    )
    got = roles(doc)
    assert ("Boris Johnson", "leader", "Conservative Party", False) in got
    assert ("Boris Johnson", "prime minister", None, False) in got


def test_title_complement_is_part_of_role_not_an_entity(facts):
    doc = facts("Rishi Sunak, the chancellor of the Exchequer, resigned on Tuesday.")
    assert ("Rishi Sunak", "chancellor of the exchequer", None, False) in roles(doc)
    assert "Exchequer" not in {e.name for e in doc.entities}


def test_honorific_is_no_role(facts):
    doc = facts("Dr. Amara Osei said the finding was strong.")
    assert doc.roles == []


def test_arts_and_sports_roles_and_plural_role_nouns(facts):
    doc = facts(
        "The Latvian novelist Ilze Kalnina won the prize. The finance ministers of the two "
        "countries, Jonas Petraitis and Mart Kask, signed the accord. The referee, Dario Conti, "
        "sent off two players."
    )
    got = {(name_of(doc, r.person), r.roleName) for r in doc.roles}
    assert {
        ("Ilze Kalnina", "novelist"),
        ("Jonas Petraitis", "finance minister"),
        ("Dario Conti", "referee"),
    } <= got
    assert not any(r.roleName.endswith("ministers") for r in doc.roles)
