"""Evaluation of extraction against gold annotations (tests/gold/*.json, format "kg-gold/1").

Matching rules (one-to-one, greedy by best score, per article):
- entity: same base type and same canonical name (case-folded, a leading "the" and punctuation ignored);
  a gold entity may list other acceptable canonical names under "accept" (for names with no single
  obvious canonical form, e.g. "U.S. Justice Department" / "United States Department of Justice");
- role: same person (canonical name) and the same role name, or role names with the same head word
  where one's words include the other's ("cricket star" ~ "international cricket star");
- claim: same speaker (canonical name) and what was said overlapping: Dice coefficient of the word
  sets >= 0.5;
- event: same type (or one of the gold's "acceptTypes") and the same startDate (both absent counts
  as the same). A gold file's "unclassedEvents" (events no ontology class fits) are not scored, and
  an extracted event telling one of them counts as a false positive like any other unmatched one.
Precision, recall and F1 are micro-averaged over articles, for the seen samples and the unseen
articles separately, and overall. Precision counts every extracted role, claim and event that no gold
item matches, so it is only meaningful where the gold lists all of them (true of every gold file).
Evidence: every offset of every extracted fact is checked (body[start:end] == exact) and counted.
Usage: `kg evaluate [GOLD...] [--articles DIR] [--gold DIR] [--json] [-v]` (default tests/gold);
with --articles, each gold file's article is looked up by its file name in DIR.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .article import read_article
from .config import PROJECT_ROOT
from .facts import FactsDocument

KINDS = ("entities", "roles", "claims", "events")
DEFAULT_GOLD = PROJECT_ROOT / "tests" / "gold"
CLAIM_OVERLAP = 0.5


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass
class ArticleResult:
    name: str
    split: str
    scores: dict[str, Score]
    misses: dict[str, list[str]] = field(default_factory=dict)  # "fp: ..." / "fn: ..." for reading
    stage: str = "dev"  # dev/dev2: looked at while writing rules; blind: scored once, rules frozen


@dataclass
class Report:
    articles: list[ArticleResult]
    evidence_exact: int = 0
    evidence_total: int = 0

    def total(self, split: str | None = None, stage: str | None = None) -> dict[str, Score]:
        out = {k: Score() for k in KINDS}
        for a in self.articles:
            if (split is None or a.split == split) and (stage is None or a.stage == stage):
                for k in KINDS:
                    out[k].add(a.scores[k])
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": [
                {
                    "name": a.name,
                    "split": a.split,
                    "stage": a.stage,
                    **{k: a.scores[k].as_dict() for k in KINDS},
                }
                for a in self.articles
            ],
            "seen": {k: v.as_dict() for k, v in self.total("seen").items()},
            "unseen": {k: v.as_dict() for k, v in self.total("unseen").items()},
            "unseen_dev": {k: v.as_dict() for k, v in self.total("unseen", "dev").items()},
            "unseen_dev2": {k: v.as_dict() for k, v in self.total("unseen", "dev2").items()},
            "unseen_dev3": {k: v.as_dict() for k, v in self.total("unseen", "dev3").items()},
            "unseen_blind": {k: v.as_dict() for k, v in self.total("unseen", "blind").items()},
            "overall": {k: v.as_dict() for k, v in self.total().items()},
            "evidence": {"exact": self.evidence_exact, "total": self.evidence_total},
        }


def norm_name(name: str | None) -> str:
    s = (name or "").casefold().replace("’", "'")
    s = re.sub(r"^the\s+", "", s.strip())
    return re.sub(r"[^\w]+", " ", s).strip()


def words(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").casefold()))


def role_names_match(a: str | None, b: str | None) -> bool:
    wa, wb = norm_name(a).split(), norm_name(b).split()
    if wa == wb:
        return True
    return bool(wa and wb) and wa[-1] == wb[-1] and (set(wa) <= set(wb) or set(wb) <= set(wa))


def dice(a: str | None, b: str | None) -> float:
    x, y = words(a), words(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 1.0


def _match(
    pred: list[Any], gold: list[Any], score: Callable[[Any, Any], float]
) -> tuple[Score, list[str]]:
    pairs = sorted(
        ((score(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)), reverse=True
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    for s, i, j in pairs:
        if s <= 0 or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
    misses = [f"fp: {pred[i]}" for i in range(len(pred)) if i not in used_p]
    misses += [f"fn: {gold[j]}" for j in range(len(gold)) if j not in used_g]
    return Score(len(used_p), len(pred) - len(used_p), len(gold) - len(used_g)), misses


def score_article(doc: FactsDocument, gold: dict[str, Any], name: str = "") -> ArticleResult:
    """Score one facts document against one gold annotation."""
    ename = {e.id: e.name for e in doc.entities}
    accept: dict[str, set[str]] = {}
    for e in gold.get("entities", []):
        accept[norm_name(e["name"])] = {norm_name(n) for n in [e["name"], *e.get("accept", [])]}

    def same(pred_name: str | None, gold_name: str) -> bool:
        return norm_name(pred_name) in accept.get(norm_name(gold_name), {norm_name(gold_name)})

    pe = [(e.type, e.name) for e in doc.entities]
    ge = [(e["type"], e["name"]) for e in gold.get("entities", [])]
    pr = [(ename.get(r.person), r.roleName) for r in doc.roles]
    gr = [(r["person"], r["roleName"]) for r in gold.get("roles", [])]
    pc = [(ename.get(c.speaker), c.text) for c in doc.claims]
    gc = [(c["speaker"], c["text"]) for c in gold.get("claims", [])]
    pv = [(v.type, v.startDate) for v in doc.events]
    gv = [
        ({v["type"], *v.get("acceptTypes", [])}, v.get("startDate")) for v in gold.get("events", [])
    ]
    scores: dict[str, Score] = {}
    misses: dict[str, list[str]] = {}
    scores["entities"], misses["entities"] = _match(
        pe, ge, lambda p, g: 1.0 if p[0] == g[0] and same(p[1], g[1]) else 0.0
    )
    scores["roles"], misses["roles"] = _match(
        pr,
        gr,
        lambda p, g: (
            (2.0 if norm_name(p[1]) == norm_name(g[1]) else 1.0)
            if same(p[0], g[0]) and role_names_match(p[1], g[1])
            else 0.0
        ),
    )
    scores["claims"], misses["claims"] = _match(
        pc,
        gc,
        lambda p, g: (
            dice(p[1], g[1]) if same(p[0], g[0]) and dice(p[1], g[1]) >= CLAIM_OVERLAP else 0.0
        ),
    )
    scores["events"], misses["events"] = _match(
        pv, gv, lambda p, g: 1.0 if p[0] in g[0] and (p[1] or None) == (g[1] or None) else 0.0
    )
    return ArticleResult(
        name, gold.get("split", "seen"), scores, stage=gold.get("stage", "dev"), misses=misses
    )


def gold_files(paths: list[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths or [DEFAULT_GOLD]):
        out.extend(sorted(p.glob("*.json")) if p.is_dir() else [p])
    return out


def evidence_counts(doc: FactsDocument) -> tuple[int, int]:
    """(exact, total) over every mention and every role/claim/event evidence of a document."""
    body = doc.article.body
    evs = [m for e in doc.entities for m in e.mentions]
    evs += [x.evidence for x in (*doc.roles, *doc.claims, *doc.events) if x.evidence is not None]
    return sum(body[v.start : v.end] == v.exact for v in evs), len(evs)


def _article_path(gold_path: Path, ref: str, articles: Path | None = None) -> Path:
    if articles is not None:
        found = articles / Path(ref).name
        if not found.exists():
            raise FileNotFoundError(
                f"{gold_path}: its article {Path(ref).name} is not in {articles}"
            )
        return found
    for base in (Path.cwd(), PROJECT_ROOT, gold_path.parent):
        if (base / ref).exists():
            return base / ref
    return PROJECT_ROOT / ref


def evaluate(*paths: str | Path, articles: str | Path | None = None) -> Report:
    """Extract every article a gold file names and score it. Paths: gold files or folders;
    articles: a folder to take the articles from (by file name) instead of the gold's paths."""
    from .extract import extract_many  # the model loads only when evaluating

    folder = Path(articles) if articles is not None else None
    golds = [(p, json.loads(p.read_text(encoding="utf-8"))) for p in gold_files(list(paths))]
    arts = [read_article(_article_path(p, g["article"], folder)) for p, g in golds]
    report = Report([])
    for (p, g), doc in zip(golds, extract_many(arts), strict=True):
        report.articles.append(score_article(doc, g, p.stem))
        exact, total = evidence_counts(doc)
        report.evidence_exact += exact
        report.evidence_total += total
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    head = f"{'article':44} {'split':7}" + "".join(f" {k[:8]:>17}" for k in KINDS)
    lines = [head, " " * 52 + "".join(f" {'P    R    F1':>17}" for _ in KINDS)]

    def row(name: str, split: str, scores: dict[str, Score]) -> str:
        return f"{name[:44]:44} {split:7}" + "".join(
            f" {scores[k].precision:5.2f}{scores[k].recall:5.2f}{scores[k].f1:5.2f}  "
            for k in KINDS
        )

    for a in report.articles:
        lines.append(row(a.name, a.split, a.scores))
        if verbose:
            lines += [f"    {k}: {m}" for k in KINDS for m in a.misses.get(k, [])]
    lines.append("-" * len(head))
    for split in ("seen", "unseen"):
        if any(a.split == split for a in report.articles):
            lines.append(row(f"OVERALL {split}", split, report.total(split)))
    for stage in ("dev", "dev2", "dev3", "blind"):
        if any(a.split == "unseen" and a.stage == stage for a in report.articles):
            lines.append(row(f"  unseen, {stage}", "unseen", report.total("unseen", stage)))
    lines.append(row("OVERALL all", "all", report.total()))
    tot = report.total()
    lines.append(
        "counts (tp/fp/fn): " + ", ".join(f"{k} {tot[k].tp}/{tot[k].fp}/{tot[k].fn}" for k in KINDS)
    )
    lines.append(f"evidence offsets exact: {report.evidence_exact}/{report.evidence_total}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """`kg evaluate`'s own options (the kg command passes everything after `evaluate` here)."""
    ap = argparse.ArgumentParser(
        prog="kg evaluate", description="Score extraction against gold annotations."
    )
    ap.add_argument("paths", nargs="*", help="gold files or folders (default: tests/gold)")
    ap.add_argument(
        "--gold", action="append", default=[], help="a gold folder or file (repeatable)"
    )
    ap.add_argument(
        "--articles", help="folder holding the articles (found by the gold's file name)"
    )
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list false positives and misses")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = [*args.paths, *args.gold]
    try:
        report = evaluate(*paths, articles=args.articles)
    except (FileNotFoundError, KeyError, json.JSONDecodeError) as exc:
        print(f"kg evaluate: {exc}", file=sys.stderr)
        return 2
    print(
        json.dumps(report.as_dict(), indent=2) if args.json else format_report(report, args.verbose)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
