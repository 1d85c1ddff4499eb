"""kinds.py: acronyms in brackets, short forms, and names typed by what the text says of them.
Sentences composed for these tests."""

from .conftest import by_name


def test_name_and_bracketed_acronym_are_one_entity(facts):
    doc = facts("The Baltic Fisheries Council (BFC) met in Riga. The BFC said quotas would fall.")
    ents = by_name(doc)
    assert "Baltic Fisheries Council" in ents
    assert not any("(" in n for n in ents)
    bfc = ents["Baltic Fisheries Council"]
    assert {m.exact for m in bfc.mentions} == {"Baltic Fisheries Council", "BFC"}


def test_a_short_form_joins_its_organization(facts):
    doc = facts(
        "The Federal Monetary Board raised rates on Tuesday. Analysts said the Fed-style move "
        "surprised markets, and the Federal said nothing more."
    )
    orgs = [e for e in doc.entities if e.type == "Organization"]
    assert [e.name for e in orgs] == ["Federal Monetary Board"]


def test_an_age_or_a_kinship_noun_makes_a_person(facts):
    doc = facts(
        "Tomasz Wrona, 44, was arrested on Monday. His sister, Halina Wrona, was questioned."
    )
    ents = by_name(doc)
    assert ents["Tomasz Wrona"].type == "Person"
    assert ents["Halina Wrona"].type == "Person"


def test_which_after_a_name_makes_an_organization(facts):
    ents = by_name(facts("Orsk Direkt, which sells insurance online, said it would expand."))
    assert ents["Orsk Direkt"].type == "Organization"


def test_a_mixed_case_acronym_in_brackets_and_alone(facts):
    doc = facts(
        "Baltic Shipping Corporation (Balship), which runs the ferries, said on Monday that "
        "Balship would invest more. Balship's chief executive resigned."
    )
    orgs = [e for e in doc.entities if e.type == "Organization"]
    assert [e.name for e in orgs] == ["Baltic Shipping Corporation"]
    assert sum(m.exact == "Balship" for m in orgs[0].mentions) >= 2
