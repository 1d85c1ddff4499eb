"""Extraction speed: median ms per article (one at a time) and articles/s on 1,000 articles (batched).

The 1,000 articles are the samples and the unseen articles, varied so that no two bodies are equal
(paragraphs rotated after the lead, dates shifted), which keeps spaCy from seeing identical input.
Usage: .venv/bin/python bench/extract_bench.py [--n 1000] [--single 200] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.article import Article, parse_article, read_article  # noqa: E402
from kg.extract import extract, extract_many  # noqa: E402
from kg.extract.nlp import extractor_name, get_nlp  # noqa: E402


def corpus(n: int) -> list[Article]:
    sources = sorted((ROOT / "examples" / "articles").glob("*.txt")) + sorted(
        (ROOT / "examples" / "unseen").glob("*.txt")
    )
    bases = [read_article(p) for p in sources]
    out = []
    for i in range(n):
        base = bases[i % len(bases)]
        paras = [base.body[a:b] for a, b in base.paragraphs]
        k = (i // len(bases)) % max(1, len(paras) - 1)
        body = "\n\n".join([paras[0], *paras[1:][k:], *paras[1:][:k]])
        date = base.date + dt.timedelta(days=i // len(bases))
        raw = f" date {date.isoformat()} Written by {', '.join(base.authors)}\n\n{body}\n"
        out.append(parse_article(raw.encode(), f"bench-{i}.txt"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--single", type=int, default=200, help="articles timed one at a time")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    get_nlp()
    load_s = time.perf_counter() - t0
    arts = corpus(args.n)
    extract(arts[0])  # warm-up

    times = []
    for art in arts[: args.single]:
        t = time.perf_counter()
        extract(art)
        times.append((time.perf_counter() - t) * 1000)

    t = time.perf_counter()
    facts = sum(
        len(d.entities) + len(d.roles) + len(d.claims) + len(d.events)
        for d in extract_many(arts, batch_size=args.batch_size)
    )
    batch_s = time.perf_counter() - t

    chars = statistics.mean(len(a.body) for a in arts)
    print(f"extractor: {extractor_name()}")
    print(f"model load: {load_s:.2f} s; articles: {len(arts)} (mean {chars:.0f} characters)")
    print(
        f"single: median {statistics.median(times):.1f} ms/article, p90 "
        f"{statistics.quantiles(times, n=10)[-1]:.1f} ms (over {len(times)})"
    )
    print(
        f"batched (batch_size={args.batch_size}): {len(arts)} articles in {batch_s:.2f} s = "
        f"{len(arts) / batch_s:.1f} articles/s ({1000 * batch_s / len(arts):.1f} ms/article); {facts} facts+entities"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
