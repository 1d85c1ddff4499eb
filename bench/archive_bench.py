"""Archive ingest at 1M and 10M triples, and ingest before/after the fast gate, in one run.

1. Before/after, same run, fresh stores, the same inputs: `kg ingest` on the reference gate
   (KG_SHACL_ENGINE=pyshacl: the gate as it was), `kg ingest` on the fast gate, `kg ingest --bulk` — on
   `--sample` generated facts documents and on `--text` raw-text articles (varied samples, as the
   extraction benchmark makes them).
2. For each size in `--sizes` (articles; ~330 triples each): `kg ingest --bulk` of that many generated facts
   documents into an empty store (wall time, articles/s, triples/s, peak memory of kg + its workers + the
   engine), the store's size on disk, and `kg export --format nt` of the result (triples/s).
Usage: python -m bench.archive_bench [--sizes 3100,31000] [--sample 300] [--text 200]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .generate import generate
from .ingest_bench import BIN, count_lines, run_measured
from .sections import replace_section

HEADING = "## Archive ingest at 1M and 10M triples (issue 18)"
KG = str(BIN / "kg")


def _du_mb(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) // (1 << 20)


def _ingest(inputs: Path, store: Path, *extra: str, env: dict | None = None) -> tuple[float, int]:
    old = dict(os.environ)
    os.environ.update(env or {})
    try:
        return run_measured([KG, "--store", str(store), "ingest", *extra, str(inputs)])
    finally:
        os.environ.clear()
        os.environ.update(old)


def _text_articles(n: int, out: Path) -> Path:
    from .extract_bench import corpus

    out.mkdir(parents=True)
    for i, art in enumerate(corpus(n)):
        authors = ", ".join(art.authors)
        body = art.body
        (out / f"text-{i:05d}.txt").write_text(
            f" date {art.date.isoformat()} Written by {authors}\n\n{body}\n",
            encoding="utf-8",
        )
    return out


def before_after(work: Path, sample: int, text: int, log) -> list[str]:
    docs = work / "sample"
    generate(sample, docs)
    rows = []
    kinds = [("facts documents", docs, sample)]
    if text:
        kinds.append(("raw text", _text_articles(text, work / "text"), text))
    for label, inputs, n in kinds:
        cells = []
        for name, extra, env in (
            ("before: `kg ingest`, pyshacl gate", (), {"KG_SHACL_ENGINE": "pyshacl"}),
            ("after: `kg ingest`, fast gate", (), {}),
            ("after: `kg ingest --bulk`", ("--bulk",), {}),
        ):
            store = work / f"s-{len(rows)}-{len(cells)}"
            t, mem = _ingest(inputs, store, *extra, env=env)
            shutil.rmtree(store, ignore_errors=True)
            cells.append((name, t, mem))
            log(f"{label}: {name}: {n} in {t:.1f} s = {n / t:.1f}/s, peak {mem} MB")
        base = cells[0][1]
        for name, t, mem in cells:
            rows.append(
                f"| {label} ({n}) | {name} | {t:.1f} s | **{n / t:.1f} articles/s** | "
                f"{base / t:.2f}× | {mem} MB |"
            )
    return rows


def at_size(work: Path, articles: int, log) -> str:
    docs = work / f"docs-{articles}"
    t0 = time.perf_counter()
    generate(articles, docs, heavy_every=10)
    log(f"generated {articles} documents in {time.perf_counter() - t0:.0f} s")
    store = work / f"store-{articles}"
    t, mem = run_measured([KG, "--store", str(store), "ingest", "--bulk", str(docs)])
    shutil.rmtree(docs, ignore_errors=True)
    size = _du_mb(store / "oxigraph")
    nt = work / f"export-{articles}.nt"
    with open(nt, "wb") as fh:
        t_exp, m_exp = run_measured([KG, "--store", str(store), "export", "--format", "nt"], fh)
    triples = count_lines(nt)
    nt.unlink()
    shutil.rmtree(store, ignore_errors=True)
    log(f"{articles}: {triples:,} triples, bulk {t:.0f} s, {size} MB, export {t_exp:.0f} s")
    return (
        f"| {articles:,} | {triples:,} | {t:.0f} s | **{articles / t:.1f}** | {triples / t:,.0f} | "
        f"{mem:,} MB | {size:,} MB | {t_exp:.1f} s | **{triples / t_exp:,.0f}** | {m_exp:,} MB |"
    )


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--sizes", default="3100,31000", help="articles per scale, comma-separated")
    p.add_argument("--sample", type=int, default=300)
    p.add_argument("--text", type=int, default=200)
    p.add_argument("--log", help="also append progress lines to this file")
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args(argv)

    def log(line: str) -> None:
        print(line, flush=True)
        if args.log:
            with open(args.log, "a") as fh:
                fh.write(line + "\n")

    cmd = "python -m bench.archive_bench" + (" " + " ".join(argv) if argv else "")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-archive-"))
    try:
        rows = before_after(work, args.sample, args.text, log) if args.sample else []
        sizes = [at_size(work, int(n), log) for n in re.split(r"[ ,]+", args.sizes) if n]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    text = "\n".join(
        [
            HEADING,
            "",
            f"Command: `{cmd}`. Load average at the end: {load[0]:.1f} (2 shared cores).",
            "",
            "Ingest before and after the fast gate, same run, same inputs, fresh store each:",
            "",
            "| inputs | command | wall | throughput | × before | peak memory (kg + workers + engine) |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            "Archive ingest (`kg ingest --bulk` into an empty store) and export at each size:",
            "",
            "| articles | triples | bulk ingest | articles/s | triples/s | peak memory | store on disk "
            "| `kg export --format nt` | triples/s | export peak memory |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *sizes,
        ]
    )
    if not args.no_write:
        replace_section(HEADING, text)
    return text


if __name__ == "__main__":
    print(main(sys.argv[1:]))
