"""Ingest and export throughput on a generated corpus of ≥1M triples, beside Oxigraph's own bulk tools.

- ingest: `kg ingest` of facts documents (mapping + SHACL gate + one transaction per article), against
  `oxigraph load` of the same quads (no validation, one bulk load): the price of the gate.
- export: `kg export --format nt` (streamed through the service layer) against `oxigraph dump` of the same
  store, each run twice alternately and the faster run kept; with the peak memory of each (kg and its
  engine process summed: the engine's RSS includes the store's memory-mapped file pages it read).
Usage: python -m bench.ingest_bench [--articles 3100]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .generate import generate

BIN = Path(sys.executable).parent


def _tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            todo += [int(c) for c in children]
        except (OSError, ValueError):
            continue
    return total


def run_measured(cmd: list[str], stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """Wall seconds and peak summed RSS (MB) of a command and its children."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _, err = proc.communicate()
    stop.set()
    t.join()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return elapsed, peak // 1024


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=3100)
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-ingest-"))
    try:
        docs = work / "docs"
        generate(args.articles, docs)
        store = work / "store"
        t_ingest, m_ingest = run_measured(
            [str(BIN / "kg"), "--store", str(store), "ingest", str(docs)]
        )

        # Both dumps read the same store twice, alternately; the faster run of each counts (warm caches alike).
        nt, dump = work / "kg.nt", work / "peer.nq"
        t_export = t_dump = float("inf")
        m_export = m_dump = 0
        for _ in range(2):
            t, m = run_measured(
                [
                    str(BIN / "oxigraph"),
                    "dump",
                    "--location",
                    str(store / "oxigraph"),
                    "--file",
                    str(dump),
                    "--format",
                    "nq",
                ]
            )
            t_dump, m_dump = min(t_dump, t), max(m_dump, m)
            with open(nt, "wb") as fh:
                t, m = run_measured(
                    [str(BIN / "kg"), "--store", str(store), "export", "--format", "nt"], stdout=fh
                )
            t_export, m_export = min(t_export, t), max(m_export, m)
        triples, quads = count_lines(nt), count_lines(dump)
        peer_store = work / "peer"
        t_load, m_load = run_measured(
            [str(BIN / "oxigraph"), "load", "--location", str(peer_store), "--file", str(dump)]
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rows = [
        f"Corpus: {args.articles} generated articles (`bench/generate.py`), {triples:,} triples ({quads:,} quads).",
        "",
        "| step | ours | peer (same data, same run) | ratio |",
        "|---|---|---|---|",
        f"| ingest, with SHACL, one transaction per article | `kg ingest`: {t_ingest:.1f} s, "
        f"**{args.articles / t_ingest:.1f} articles/s**, "
        f"{triples / t_ingest:,.0f} triples/s, peak {m_ingest} MB | "
        f"`oxigraph load` (bulk, no validation): {t_load:.1f} s, "
        f"{quads / t_load:,.0f} quads/s, peak {m_load} MB | {t_load / t_ingest:.3f}× |",
        f"| export N-Triples, streamed | `kg export --format nt`: {t_export:.1f} s, **"
        f"{triples / t_export:,.0f} triples/s**, "
        f"peak {m_export} MB (kg + engine) | `oxigraph dump` (N-Quads): {t_dump:.1f} s, {quads / t_dump:,.0f} quads/s, "
        f"peak {m_dump} MB | {t_dump / t_export:.2f}× |",
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    print(main())
