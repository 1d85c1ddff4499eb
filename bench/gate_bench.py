"""The SHACL gate's CPU per facts document: the fast engine beside the reference (pyshacl), same run.

Documents: generated articles (bench/generate.py) plus the facts documents of the sample articles when a
folder of them is given (`kg extract examples/articles examples/unseen -o DIR`). Each engine validates every
document once, after one warm-up document (the shapes are parsed and compiled once per process either way);
the figure is process CPU time (not wall time) divided by the documents, so other load on the machine
matters less. The mapping (facts -> RDF) is done before timing and is the same for both.
Usage: python -m bench.gate_bench [--articles 300] [--facts DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from kg.facts import load_facts
from kg.iris import Minter
from kg.mapping import Mapper
from kg.validation import check, check_reference

from .generate import generate
from .sections import replace_section

HEADING = "## SHACL gate: CPU per facts document (issue 18)"


def _cpu_ms(fn, docs) -> tuple[float, int]:
    fn(*docs[0])  # warm-up: shapes parsed / compiled once per process
    start = time.process_time()
    rejected = sum(not fn(m, p).conforms for m, p in docs)
    return (time.process_time() - start) / len(docs) * 1000, rejected


def measure(articles: int, facts_dir: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(articles, tmp, heavy_every=10)
        if facts_dir:
            paths += sorted(Path(facts_dir).glob("*.json"))
        mapper = Mapper(Minter("http://127.0.0.1:8080/"))
        docs = [(mapper.map(load_facts(p)), str(p)) for p in paths]
    triples = sum(len(m.article_graph) + len(m.entity_graph) for m, _ in docs)
    ref_ms, ref_rej = _cpu_ms(check_reference, docs)
    fast_ms, fast_rej = _cpu_ms(check, docs)
    return {
        "docs": len(docs),
        "triples": triples,
        "ref_ms": ref_ms,
        "fast_ms": fast_ms,
        "ref_rejected": ref_rej,
        "fast_rejected": fast_rej,
    }


def table(r: dict, cmd: str) -> str:
    return "\n".join(
        [
            HEADING,
            "",
            f"Command: {cmd}. {r['docs']} facts documents, {r['triples']:,} triples mapped "
            f"({r['triples'] / r['docs']:.0f} per document); CPU time of this process.",
            "",
            "| gate | CPU per document | documents/s of CPU | rejected | × reference |",
            "|---|---|---|---|---|",
            f"| reference: pyshacl (`check_reference`) | {r['ref_ms']:.1f} ms | "
            f"{1000 / r['ref_ms']:.0f} | {r['ref_rejected']} | 1.00 |",
            f"| fast: pyshacl-turbo, compiled shapes (`check`) | {r['fast_ms']:.1f} ms | "
            f"{1000 / r['fast_ms']:.0f} | {r['fast_rejected']} | "
            f"{r['ref_ms'] / r['fast_ms']:.1f}× faster |",
        ]
    )


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--articles", type=int, default=300)
    p.add_argument("--facts", help="also a folder of facts documents (kg extract ... -o DIR)")
    p.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    args = p.parse_args(argv)
    cmd = f"`python -m bench.gate_bench --articles {args.articles}`"
    if args.facts:
        cmd = (
            cmd[:-1] + " --facts DIR` (DIR: `kg extract examples/articles examples/unseen -o DIR`)"
        )
    text = table(measure(args.articles, args.facts), cmd)
    if not args.no_write:
        replace_section(HEADING, text)
    return text


if __name__ == "__main__":
    print(main(sys.argv[1:]))
