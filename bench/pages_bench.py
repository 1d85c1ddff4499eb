"""Linked-data pages and dumps under load, on a generated graph of ≥1M triples (issue 5).

- entity pages at concurrency 8: median, p99 and throughput, for typical entities and for one entity
  mentioned in every article (10,000 by default);
- /dump.nt over HTTP in triples per second with the server's peak memory (kg serve, its workers and the
  engine; and the web workers alone), beside `oxigraph dump` of the same store in the same run.
The store is bulk-loaded with `oxigraph load` (the ingest benchmark measures ingest).
Usage: python -m bench.pages_bench [--articles 10000] [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from .generate import generate, to_nquads
from .ingest_bench import _tree_rss_kb, count_lines, run_measured
from .scaling_bench import wrk
from .sections import replace_section
from .soak import server

BIN = Path(sys.executable).parent
BASE = "http://127.0.0.1:8080/"  # what bench.generate.to_nquads mints under
HEAVY = "/page/place/republic-of-heavitania"
CONCURRENCY = 8
LISTS = ["/people", "/articles", "/organizations?sort=latest&page=2", "/places?sort=name"]


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def load_test(url: str, paths: list[str], seconds: int, work: Path) -> dict:
    """wrk (2 threads, CONCURRENCY keep-alive connections) over `paths` in turn, after a short warm-up.

    A C client: a Python one on the same two cores took a good part of the CPU the server needed."""
    wrk(url, paths, "text/html", 3, work)  # warm-up: connections, caches
    r = wrk(url, paths, "text/html", seconds, work)
    if r["errors"]:
        raise RuntimeError(f"{r['errors']} answers other than 2xx/3xx from {paths[0]}…")
    return {"median": r["p50"], "p99": r["p99"], "rps": r["rps"], "n": r["requests"]}


def dump_test(url: str, server_pid: int, engine_pid: int | None) -> dict:
    peak_all = peak_web = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_all, peak_web
        while not stop.is_set():
            total = _tree_rss_kb(server_pid)
            engine = _tree_rss_kb(engine_pid) if engine_pid else 0
            peak_all, peak_web = max(peak_all, total), max(peak_web, total - engine)
            time.sleep(0.05)

    before_all = _tree_rss_kb(server_pid)
    before_web = before_all - (_tree_rss_kb(engine_pid) if engine_pid else 0)
    t = threading.Thread(target=sample, daemon=True)
    t.start()
    start = time.perf_counter()
    lines = size = 0
    with requests.get(url + "/dump.nt", stream=True, timeout=3600) as r:
        r.raise_for_status()
        for chunk in r.iter_content(1 << 16):
            lines += chunk.count(b"\n")
            size += len(chunk)
    wall = time.perf_counter() - start
    stop.set()
    t.join()
    return {
        "triples": lines,
        "bytes": size,
        "seconds": wall,
        "tps": lines / wall,
        "rss_before": before_all // 1024,
        "rss_peak": peak_all // 1024,
        "web_before": before_web // 1024,
        "web_peak": peak_web // 1024,
    }


def _serve(store: Path, page_cache: float) -> tuple[subprocess.Popen, str]:
    """`kg serve` on the store, returned once it answers and its search index is built."""
    srv = server.start(store, extra_env={"KG_PAGE_CACHE_SECONDS": str(page_cache)})
    time.sleep(5)  # let every worker finish its start-up index check
    return srv.proc, srv.url


def measure(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser()
    p.add_argument(
        "--articles", type=int, default=10_000, help="every article mentions the heavy entity"
    )
    p.add_argument("--seconds", type=int, default=20, help="wrk run per line")
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-pages-"))
    proc = None
    try:
        paths = generate(args.articles, work / "docs", heavy_every=1)
        quads = to_nquads(paths, work / "data.nq", BASE)
        shutil.rmtree(work / "docs")
        store = work / "store"
        store.mkdir()
        subprocess.run(
            [
                str(BIN / "oxigraph"),
                "load",
                "--location",
                str(store / "oxigraph"),
                "--file",
                str(work / "data.nq"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (work / "data.nq").unlink()
        # compact after the bulk load, as Oxigraph advises for read-heavy use, so compaction does not run
        # in the background during the measurement
        subprocess.run(
            [str(BIN / "oxigraph"), "optimize", "--location", str(store / "oxigraph")],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        results: dict[float, tuple[dict, dict]] = {}
        for cache in (0.0, 5.0):  # always fresh (the default), then with a 5-second page microcache
            proc, url = _serve(store, cache)
            engine = json.loads((store / "engine.json").read_text())
            if cache == 0.0:

                def q(sparql: str, port: int = engine["port"]) -> dict:
                    return requests.post(
                        f"http://127.0.0.1:{port}/query",
                        data={"query": sparql},
                        headers={"Accept": "application/sparql-results+json"},
                        timeout=600,
                    ).json()

                people = int(
                    q("SELECT (COUNT(*) AS ?n) WHERE { ?p a <http://schema.org/Person> }")[
                        "results"
                    ]["bindings"][0]["n"]["value"]
                )
                rows = q(
                    "SELECT ?p (COUNT(?a) AS ?n) WHERE { { SELECT ?p WHERE { ?p a <http://schema.org/Person> } "
                    f"OFFSET {people // 3} LIMIT 200 }} ?a <http://schema.org/mentions> ?p }} GROUP BY ?p"
                )["results"]["bindings"]
                typical = ["/page/" + r["p"]["value"][len(BASE) + 3 :] for r in rows]
                typical_mentions = statistics.median(int(r["n"]["value"]) for r in rows)
                heavy_mentions = int(
                    q(
                        "SELECT (COUNT(*) AS ?n) WHERE { ?a <http://schema.org/mentions> "
                        f"<{BASE}id/place/republic-of-heavitania> }}"
                    )["results"]["bindings"][0]["n"]["value"]
                )
                triples = int(
                    q("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")["results"][
                        "bindings"
                    ][0]["n"]["value"]
                )
            results[cache] = (
                load_test(url, typical, args.seconds, work),
                load_test(url, [HEAVY], args.seconds, work),
            )
            if cache == 0.0:  # the front door and the lists (issue 14) read the search index
                front = {
                    "home page `/`": load_test(url, ["/"], args.seconds, work),
                    "lists (`/people`, `/articles`, `/organizations?sort=latest&page=2`, "
                    "`/places?sort=name`)": load_test(url, LISTS, args.seconds, work),
                }
            if cache == 0.0:
                dump = dump_test(url, proc.pid, engine.get("pid"))
            proc.terminate()
            proc.wait(timeout=60)
            proc = None
        t_dump, m_dump = run_measured(
            [
                str(BIN / "oxigraph"),
                "dump",
                "--location",
                str(store / "oxigraph"),
                "--file",
                str(work / "peer.nq"),
                "--format",
                "nq",
            ]
        )
        peer_quads = count_lines(work / "peer.nq")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)

    peer_tps = peer_quads / t_dump
    rows = []
    for cache, label in ((0.0, "default (always fresh)"), (5.0, "`KG_PAGE_CACHE_SECONDS=5`")):
        typ, hvy = results[cache]
        rows += [
            f"| typical (200 people, round robin) | {typical_mentions:g} articles (median) | {label} | {typ['n']} | "
            f"{typ['median']:.1f} ms | **{typ['p99']:.1f} ms** | {typ['rps']:.0f} pages/s |",
            f"| heavy (`{HEAVY}`) | {heavy_mentions:,} articles | {label} | {hvy['n']} | {hvy['median']:.1f} ms | "
            f"**{hvy['p99']:.1f} ms** | {hvy['rps']:.0f} pages/s |",
        ]
    return "\n".join(
        [
            f"Graph: {args.articles:,} generated articles (`bench/generate.py --heavy-every 1`), {triples:,} triples "
            f"({quads:,} quads loaded); `kg serve` with its default workers; client and server on the same "
            f"{os.cpu_count()}-CPU machine; concurrency {CONCURRENCY}, keep-alive.",
            "",
            "| entity page | mentioned in | server | requests | median | p99 | throughput |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
            "| page | server | requests | median | p99 | throughput |",
            "|---|---|---|---|---|---|",
            *[
                f"| {name} | default (always fresh) | {r['n']} | {r['median']:.1f} ms | **{r['p99']:.1f} ms** | "
                f"{r['rps']:.0f} pages/s |"
                for name, r in front.items()
            ],
            "",
            "| dump | triples | time | speed | memory |",
            "|---|---|---|---|---|",
            f"| `GET /dump.nt` (streamed over HTTP) | {dump['triples']:,} ({dump['bytes'] / 1e6:,.0f} MB) | "
            f"{dump['seconds']:.1f} s | **{dump['tps']:,.0f} triples/s** | server peak {dump['rss_peak']} MB "
            f"(before: {dump['rss_before']} MB); "
            f"web workers alone {dump['web_peak']} MB (before: {dump['web_before']} MB) |",
            f"| `oxigraph dump --format nq` (same store, same run) | {peer_quads:,} quads | {t_dump:.1f} s | "
            f"{peer_tps:,.0f} quads/s | peak {m_dump} MB |",
            f"| ratio | | | **{dump['tps'] / peer_tps:.2f}×** Oxigraph's own speed | |",
        ]
    )


SECTION = "## Linked-data pages and dumps"
COMMAND = "`make bench` (or `python -m bench.run pages`; alone: `python -m bench.pages_bench [--articles N]`)"


def write_section(text: str) -> None:
    replace_section(
        SECTION,
        f"{SECTION}\n\nCommand: {COMMAND}. Measured {time.strftime('%Y-%m-%d')}.\n\n{text}\n",
    )


def main(argv: list[str] | None = None) -> str:
    """Measure, write the section into BENCHMARKS.md, and return it (bench.run prints it)."""
    text = measure(argv)
    write_section(text)
    return text


if __name__ == "__main__":
    print(main())
