"""`/sparql` of `kg serve` on Virtuoso 7 against Virtuoso's own `/sparql`, measured in the same run (issue 12).

One generated graph (N articles, one entity mentioned by ~100 of them) loaded into a Virtuoso Open Source 7
that this script starts on 127.0.0.1 (tests/engines/virtuoso.py: Debian's `virtuoso-t`, its own
virtuoso.ini), through the Graph Store, graph by graph. `kg serve` (KG_ENGINE=virtuoso) in front of it;
wrk (2 threads, 8 connections) loads `/sparql` and the engine's `/sparql` with the same GET requests, in
interleaved rounds (bench.sparql_bench.interleaved), for a ~100-row lookup and a 500-row answer.
Usage: python -m bench.virtuoso_bench [--articles 300] [--seconds 5] [--rounds 5] [--out BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from collections import defaultdict
from pathlib import Path

import requests

from .generate import generate, to_nquads
from .scaling_bench import _wait
from .sections import replace_section
from .soak.server import free_port
from .sparql_bench import BASE, interleaved, paired, queries

BIN = Path(sys.executable).parent
HEADING = "## SPARQL endpoint on Virtuoso"


def load(engine, nquads: Path) -> int:
    """Each graph PUT through the Graph Store (INSERT DATA compiles to SQL and is slow past ~400 triples)."""
    graphs: dict[str, list[str]] = defaultdict(list)
    with nquads.open(encoding="utf-8") as fh:
        for line in fh:
            body = line.rstrip().removesuffix(".").rstrip()
            cut = body.rfind(" <")
            graphs[body[cut + 2 : -1]].append(body[:cut] + " .")
    session = requests.Session()
    session.auth = engine.digest()
    for g, lines in graphs.items():
        r = session.put(
            engine.graph_store_url,
            params={"graph": g},
            data="\n".join(lines).encode(),
            headers={"Content-Type": "application/n-triples"},
            timeout=300,
        )
        r.raise_for_status()
    return sum(len(v) for v in graphs.values())


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=300)
    p.add_argument("--seconds", type=int, default=5, help="per round and target")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "BENCHMARKS.md"))
    args = p.parse_args(argv)
    if not shutil.which("wrk") or not shutil.which("virtuoso-t"):
        raise SystemExit("needs wrk and virtuoso-t (apt-get install wrk virtuoso-opensource-7-bin)")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.engines.virtuoso import start_virtuoso

    work = Path(tempfile.mkdtemp(prefix="kg-bench-virtuoso-"))
    engine, kg_serve = None, None
    try:
        docs = generate(args.articles, work / "docs", heavy_every=max(1, args.articles // 100))
        to_nquads(docs, work / "data.nq", base=BASE)
        engine = start_virtuoso(work / "virtuoso")
        triples = load(engine, work / "data.nq")
        port = free_port()
        env = {
            **os.environ,
            "KG_BASE_IRI": BASE,
            "KG_QUERY_TIMEOUT": "30",
            "KG_ENGINE": "virtuoso",
            "KG_STORE": engine.url,
        }
        kg_serve = subprocess.Popen(
            [str(BIN / "kg"), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        kg_url = f"http://127.0.0.1:{port}"
        _wait(kg_url + "/sparql?query=ASK%7B%7D")
        workers = 2 * (os.cpu_count() or 1) + 1
        rows = []
        for name in ("lookup-100", "rows-500"):
            q, what = queries("")[name]
            qs = urllib.parse.urlencode({"query": q})
            n_rows = len(
                requests.get(
                    kg_url + "/sparql?" + qs, headers={"Accept": "application/sparql-results+json"}
                ).json()["results"]["bindings"]
            )
            targets = {
                "ours": (kg_url, "/sparql?" + qs, kg_serve.pid),
                "theirs": (engine.url, "/sparql?" + qs, None),
            }
            got = interleaved(targets, args.rounds, args.seconds, work, engine.proc.pid)
            rows.append((name, what, n_rows, got["ours"], got["theirs"]))
    finally:
        if kg_serve is not None:
            kg_serve.terminate()
            kg_serve.wait(timeout=60)
        if engine is not None:
            engine.stop()
        shutil.rmtree(work, ignore_errors=True)
    section = report(args, triples, workers, rows)
    replace_section(HEADING, section, Path(args.out))
    return section


def report(args, triples: int, workers: int, rows) -> str:
    lines = [
        HEADING,
        "",
        f"`python -m bench.virtuoso_bench --articles {args.articles} --seconds {args.seconds} "
        f"--rounds {args.rounds}`: {triples:,} triples in Virtuoso Open Source 7.2.5 (Debian's "
        "`virtuoso-t`, the test suite's virtuoso.ini: 4,000 buffers), `kg serve` "
        f"(KG_ENGINE=virtuoso, {workers} gunicorn workers) in front of it; wrk (2 threads, 8 "
        "connections) on `/sparql` and on Virtuoso's own `/sparql` with the same GET requests, "
        f"{args.rounds} interleaved rounds of {args.seconds} s; the median round shown, and kg's "
        "throughput over Virtuoso's round by round (median in bold).",
        "",
        "| query | rows | kg /sparql (answers/s, p50 ms) | Virtuoso /sparql (answers/s, p50 ms) "
        "| kg ÷ Virtuoso, by round | kg CPU µs/answer | engine CPU µs/answer |",
        "|---|---|---|---|---|---|---|",
    ]
    for _name, what, n_rows, ours, theirs in rows:
        lines.append(
            f"| {what} | {n_rows} | {ours['ok_rps']:.0f}, {ours['p50']:.1f} "
            f"| {theirs['ok_rps']:.0f}, {theirs['p50']:.1f} | {paired(ours, theirs)} "
            f"| {ours['server_us']:.0f} | {ours['engine_us']:.0f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main())
