"""HTML ingest against the text format, in the same run: what reading news where it lives costs.

The corpus is extract_bench's (the samples and the unseen articles, varied so that no two bodies are
equal), written twice: as kg's text files and as HTML pages in the fixtures' styles (half a page with
JSON-LD and heavy markup, half a WordPress-like theme; tests/data/sources/generate.py). Two figures:
- read: the reader alone (parse + trafilatura/JSON-LD for HTML), articles/s, in this process;
- ingest: `kg ingest` of each folder into a fresh embedded store (read, extract, map, SHACL, write),
  each run twice alternately and the faster run kept.
Usage: python -m bench.readers_bench [--articles 200] | --profile 40 (CPU per stage, printed only)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .extract_bench import corpus
from .ingest_bench import BIN, run_measured
from .sections import replace_section

HEADING = "## Reading news where it lives: HTML pages against the text format (issue 16)"

ROOT = Path(__file__).resolve().parent.parent


def _fixtures():
    """The fixture generator, which renders an Article as a page (it lives with the test data)."""
    path = ROOT / "tests" / "data" / "sources" / "generate.py"
    spec = importlib.util.spec_from_file_location("kg_source_fixtures", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def write_corpus(n: int, work: Path) -> tuple[Path, Path]:
    fx = _fixtures()
    text, html = work / "text", work / "html"
    text.mkdir()
    html.mkdir()
    for i, art in enumerate(corpus(n)):
        stem = f"{art.date.isoformat()}-bench-{i}"
        raw = f" date {art.date.isoformat()} Written by {', '.join(art.authors)}\n\n{art.body}\n"
        (text / f"{stem}.txt").write_text(raw, encoding="utf-8")
        render = fx.heavy if i % 2 == 0 else fx.wordpress
        (html / f"{stem}.html").write_text(render(stem, art), encoding="utf-8")
    return text, html


def read_rate(folder: Path) -> float:
    from kg.readers import read_source

    files = sorted(folder.iterdir())
    list(read_source(files[0]))  # imports (trafilatura, lxml) are not the reader's speed
    start = time.perf_counter()
    for f in files:
        for _, got in read_source(f):
            if isinstance(got, Exception):
                raise SystemExit(f"bench corpus unreadable: {got}")
    return len(files) / (time.perf_counter() - start)


def profile(n: int) -> str:
    """CPU ms per article for each stage, in this process: read, extract, map + SHACL."""
    from kg.extract import extract_many
    from kg.iris import Minter
    from kg.mapping import Mapper
    from kg.pipeline import prepare
    from kg.readers import read_source

    work = Path(tempfile.mkdtemp(prefix="kg-bench-readers-"))
    lines = []
    try:
        text, html = write_corpus(n, work)
        list(read_source(sorted(html.iterdir())[0]))  # imports
        mapper = Mapper(Minter("http://127.0.0.1:8080/"))
        for folder in (text, html, text, html):
            t0 = time.process_time()
            arts = [a for f in sorted(folder.iterdir()) for _, a in read_source(f)]
            t1 = time.process_time()
            docs = list(extract_many(arts))
            t2 = time.process_time()
            triples = sum(prepare(d, d.source or "-", mapper)[1].triples for d in docs)
            t3 = time.process_time()
            lines.append(
                f"{folder.name}: read {1000 * (t1 - t0) / n:.1f} ms, extract "
                f"{1000 * (t2 - t1) / n:.1f} ms, map + SHACL {1000 * (t3 - t2) / n:.1f} ms per "
                f"article; {triples / n:.0f} triples per article"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=200)
    p.add_argument("--profile", type=int, metavar="N", help="CPU per stage on N articles, only")
    args = p.parse_args(argv)
    if args.profile:
        return profile(args.profile)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-readers-"))
    try:
        text, html = write_corpus(args.articles, work)
        size = {
            d: sum(f.stat().st_size for f in d.iterdir()) // len(list(d.iterdir()))
            for d in (text, html)
        }
        read_html = read_rate(html)
        read_text = read_rate(text)
        best: dict[Path, tuple[float, int]] = {}
        cpus: dict[Path, list[float]] = {}  # CPU seconds of kg and its workers: steadier under load
        for rnd in range(2):
            for folder in (text, html) if rnd == 0 else (html, text):
                store = work / f"store-{folder.name}-{rnd}"
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t, m = run_measured([str(BIN / "kg"), "--store", str(store), "ingest", str(folder)])
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
                cpus.setdefault(folder, []).append(cpu)
                shutil.rmtree(store, ignore_errors=True)
                if folder not in best or t < best[folder][0]:
                    best[folder] = (t, m)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = args.articles
    (t_text, m_text), (t_html, m_html) = best[text], best[html]
    c_text, c_html = min(cpus[text]), min(cpus[html])
    load = os.getloadavg()[0]
    rows = [
        f"Corpus: {n} articles (extract_bench's variants of the samples), as text files (mean "
        f"{size[text]:,} bytes) and as HTML pages (mean {size[html]:,} bytes; half JSON-LD with heavy "
        f"markup, half WordPress-like). Load average at the end: {load:.1f}.",
        "",
        "| step | HTML pages | text format (same run) | ratio |",
        "|---|---|---|---|",
        f"| read only (`kg.readers`, one process) | **{read_html:,.0f} articles/s** | "
        f"{read_text:,.0f} articles/s | {read_html / read_text:.3f}× |",
        f"| `kg ingest` (read, extract, map, SHACL, write) | {t_html:.1f} s, **{n / t_html:.1f} "
        f"articles/s**, peak {m_html} MB | {t_text:.1f} s, {n / t_text:.1f} articles/s, peak "
        f"{m_text} MB | {t_text / t_html:.2f}× |",
        f"| `kg ingest`, CPU seconds (kg and its workers, the smaller of two runs) | "
        f"{c_html:.1f} s, **{n / c_html:.1f} articles per CPU-second** | {c_text:.1f} s, "
        f"{n / c_text:.1f} articles per CPU-second | {c_text / c_html:.2f}× |",
    ]
    table = "\n".join(rows)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    replace_section(
        HEADING,
        f"{HEADING}\n\nCommand: `python -m bench.readers_bench --articles {n}` (part of `make bench` as "
        f"`readers`). Measured {when}.\n\n{table}\n",
    )
    return table


if __name__ == "__main__":
    print(main(sys.argv[1:]))
