"""The name matcher behind /reconcile (kg/reconcile.py): forgiving of typos, firm about `match`."""

from __future__ import annotations

from kg.reconcile import Candidate, Matcher, fold


def test_fold():
    assert fold("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
    assert fold("Mehmet Aydın") == "mehmet aydin" and fold("U.K.") == "u k"


def test_ranks_best_name_and_breaks_ties_by_mentions():
    m = Matcher(
        [
            Candidate("a", "person", "Sadiq Khan", mentions=2),
            Candidate("b", "person", "Imran Khan", ("Khan",), mentions=9),
            Candidate("c", "place", "Khan Younis"),
        ]
    )
    assert m.match("Imran Kahn", "person")[0].candidate.iri == "b"
    top = m.match("Khan", "person")
    assert top[0].candidate.iri == "b" and top[0].score == 100.0 and top[0].match
    assert {s.candidate.iri for s in m.match("Khan", "place")} == {"c"}
    assert m.match("", None) == [] and m.match("Khan", "event") == []


def test_no_match_when_two_are_as_good():
    m = Matcher([Candidate("a", "person", "Ali Khan"), Candidate("b", "person", "Ali Khan")])
    res = m.match("Ali Khan")
    assert [s.score for s in res] == [100.0, 100.0] and not any(s.match for s in res)
