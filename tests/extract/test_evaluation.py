"""Quality gates: extraction scored against tests/gold (see kg/evaluate.py for the matching rules).

Seen samples: the issue's bar. Unseen articles: the level reached when these thresholds were set,
minus a margin of about 0.05, so that a regression fails and noise in a rule does not.
"""

import pytest

from kg.evaluate import DEFAULT_GOLD, Score, dice, evaluate, role_names_match, score_article

KINDS = ("roles", "claims", "events")

# Level reached on the unseen articles (all stages) when the thresholds were last set, minus ~0.05.
UNSEEN_FLOOR = {
    "entities": {"precision": 0.87, "recall": 0.88},  # reached 0.92 / 0.93
    "roles": {"precision": 0.93, "recall": 0.93},  # reached 1.00 / 1.00
    "claims": {"precision": 0.93, "recall": 0.86},  # reached 0.99 / 0.92
    "events": {"precision": 0.85, "recall": 0.73},  # reached 0.91 / 0.79
}


@pytest.fixture(scope="module")
def report(nlp):
    return evaluate(DEFAULT_GOLD)


def test_seen_samples_meet_the_bar(report):
    seen = report.total("seen")
    assert seen["entities"].f1 >= 0.90
    for kind in KINDS:
        assert seen[kind].precision >= 0.80, kind
        assert seen[kind].recall >= 0.80, kind


def test_every_seen_article_meets_the_bar(report):
    for art in report.articles:
        if art.split == "seen":
            assert art.scores["entities"].f1 >= 0.90, art.name
            for kind in KINDS:
                assert art.scores[kind].precision >= 0.80 and art.scores[kind].recall >= 0.80, (
                    art.name,
                    kind,
                )


def test_unseen_articles_hold_their_level(report):
    unseen = report.total("unseen")
    assert sum(1 for a in report.articles if a.split == "unseen") >= 4
    for kind, floor in UNSEEN_FLOOR.items():
        assert unseen[kind].precision >= floor["precision"], (kind, unseen[kind].as_dict())
        assert unseen[kind].recall >= floor["recall"], (kind, unseen[kind].as_dict())


def test_matching_rules():
    assert role_names_match("cricket star", "international cricket star")
    assert not role_names_match("army chief", "chief of staff")
    assert (
        dice(
            "he would refuse to accept its outcome", "he would refuse to accept its outcome and go"
        )
        > 0.8
    )
    s = Score(tp=8, fp=2, fn=0)
    assert (s.precision, s.recall) == (0.8, 1.0)


def test_score_article_uses_accepted_names(nlp):
    from kg.facts import ArticleFacts, Entity, FactsDocument

    doc = FactsDocument(
        article=ArticleFacts("h", "2024-01-01", [], "body"),
        entities=[Entity("doj", "Organization", "U.S. Justice Department")],
    )
    gold = {
        "entities": [
            {
                "name": "United States Department of Justice",
                "type": "Organization",
                "accept": ["U.S. Justice Department"],
            }
        ]
    }
    assert score_article(doc, gold).scores["entities"].tp == 1


def test_a_chosen_folder_of_articles_and_gold_is_scored(nlp, tmp_path, capsys):
    """--articles/--gold: the gold's article is found by file name in the chosen folder, every
    evidence offset is counted, and a gold naming a missing article is a clear error."""
    import json
    import shutil

    from kg.cli import main

    gold = DEFAULT_GOLD / "2025-03-03-bellini-resigns.json"
    (tmp_path / "gold").mkdir()
    (tmp_path / "arts").mkdir()
    shutil.copy(gold, tmp_path / "gold" / gold.name)
    article = json.loads(gold.read_text())["article"]
    shutil.copy(DEFAULT_GOLD.parent.parent / article, tmp_path / "arts")
    assert (
        main(
            [
                "evaluate",
                "--gold",
                str(tmp_path / "gold"),
                "--articles",
                str(tmp_path / "arts"),
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert [a["name"] for a in out["articles"]] == [gold.stem]
    assert out["evidence"]["total"] > 10 and out["evidence"]["exact"] == out["evidence"]["total"]
    assert out["overall"]["roles"]["tp"] >= 1
    (tmp_path / "arts" / "2025-03-03-bellini-resigns.txt").unlink()
    assert (
        main(["evaluate", "--gold", str(tmp_path / "gold"), "--articles", str(tmp_path / "arts")])
        == 2
    )
    assert "is not in" in capsys.readouterr().err


# Level reached on the development half of the round-two articles (tests/gold/dev) when issue 17's
# rules were frozen, minus ~0.05. The blind half (tests/gold/blind) is never scored by the tests.
DEV_FLOOR = {
    "entities": {"precision": 0.83, "recall": 0.83},  # reached 0.88 / 0.88
    "roles": {"precision": 0.84, "recall": 0.71},  # reached 0.89 / 0.76
    "claims": {"precision": 0.88, "recall": 0.77},  # reached 0.93 / 0.82
    "events": {"precision": 0.78, "recall": 0.78},  # reached 0.83 / 0.83
}


def test_development_half_holds_its_level(nlp):
    dev = DEFAULT_GOLD / "dev"
    report = evaluate(dev)
    assert len(report.articles) >= 16
    total = report.total()
    for kind, floor in DEV_FLOOR.items():
        assert total[kind].precision >= floor["precision"], (kind, total[kind].as_dict())
        assert total[kind].recall >= floor["recall"], (kind, total[kind].as_dict())
    assert report.evidence_exact == report.evidence_total
