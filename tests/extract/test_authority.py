"""The authority file and the script that builds it."""

import json

from kg.extract import authority

WD = "http://www.wikidata.org/entity/"


def test_known_qids():
    expected = {
        "United States": "Q30",
        "United Kingdom": "Q145",
        "Pakistan": "Q843",
        "Turkey": "Q43",
        "Syria": "Q858",
        "Russia": "Q159",
        "China": "Q148",
        "India": "Q668",
        "France": "Q142",
        "Germany": "Q183",
        "NATO": "Q7184",
        "European Union": "Q458",
        "United Nations": "Q1065",
    }
    for name, qid in expected.items():
        entry = authority.lookup(name)
        assert entry is not None and entry.name == name and entry.sameAs == (WD + qid,)


def test_aliases_and_demonyms():
    for alias in ("US", "U.S.", "United States", "the United States", "America", "USA"):
        assert authority.lookup(alias).name == "United States"
    for alias in ("Britain", "UK", "U.K.", "Great Britain"):
        assert authority.lookup(alias).name == "United Kingdom"
    assert authority.lookup("us") is None  # case-sensitive: a pronoun is no country
    assert authority.by_demonym("American").name == "United States"
    assert authority.lookup("Türkiye").name == "Turkey"


def test_capitals_know_their_country():
    assert authority.country_of(authority.lookup("Damascus")).name == "Syria"


def test_build_script_reproduces_the_shipped_file():
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "build_authority", root / "tools" / "build_authority.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    shipped = json.loads((root / "kg" / "data" / "authority.json").read_text(encoding="utf-8"))
    assert mod.build() == shipped
    assert all(s.startswith(WD + "Q") for e in shipped["entries"] for s in e["sameAs"])
