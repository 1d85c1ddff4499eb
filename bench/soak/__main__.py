"""python -m bench.soak [--minutes 10] [--articles 3800] [--out BENCHMARKS.md]: see bench/soak/__init__.py."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from . import clients, corpus, ingest, memory, report, server, workload

ROOT = Path(__file__).resolve().parent.parent.parent


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load_avg() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1/5/15 min)"


def others(exclude: set[int]) -> str:
    """What else used the CPU: the busiest processes that are not ours, by command."""
    out = subprocess.run(
        ["ps", "-eo", "pid,ppid,pcpu,args", "--sort=-pcpu"], capture_output=True, text=True
    ).stdout
    seen: list[str] = []
    for line in out.splitlines()[1:]:
        pid, ppid, cpu, args = line.split(None, 3)
        if int(pid) in exclude or int(ppid) in exclude or float(cpu) < 5 or "ps -eo" in args:
            continue
        words = args.split()
        if Path(words[0]).name.startswith("python") and len(words) > 1:
            words = words[1:]
        name = Path(words[0]).name
        if name == "kg":  # kg --store X serve …: the subcommand says what it is
            name += " " + next(
                (
                    w
                    for w in words[1:]
                    if w in ("serve", "ingest", "export", "query", "extract", "validate", "summary")
                ),
                "",
            )
        elif name in ("oxigraph", "pytest") and len(words) > 1:
            name += " " + " ".join(w for w in words[1:3] if not w.startswith("/"))
        elif name == "-m" and len(words) > 1:
            name = words[1]
        seen.append(f"{name} {float(cpu):.0f}%")
        if len(seen) == 6:
            break
    return ", ".join(seen) or "nothing busy"


def count_quads(url: str) -> int:
    r = requests.get(
        url + "/sparql",
        params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "format": "csv",
        },
        timeout=300,
    )
    return int(r.text.split()[1])


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser(prog="python -m bench.soak")
    p.add_argument(
        "--minutes", type=float, default=10.0, help="how long the mixed load runs (default 10)"
    )
    p.add_argument(
        "--articles",
        type=int,
        default=3800,
        help="generated articles in the graph (3,800 ≈ 1.04M quads)",
    )
    p.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: kg serve's own)"
    )
    p.add_argument("--ingest-every", type=float, default=1.0, help="seconds between article POSTs")
    p.add_argument(
        "--dump-every",
        type=float,
        default=None,
        help="seconds between dumps (default: duration / 8)",
    )
    p.add_argument("--sample-every", type=float, default=5.0, help="seconds between memory samples")
    p.add_argument(
        "--tail-minutes",
        type=float,
        default=None,
        help="then the same reads without publishing, to tell growth that follows the data written from a "
        "leak (default: a fifth of --minutes)",
    )
    p.add_argument(
        "--out", default=str(ROOT / "BENCHMARKS.md"), help="Markdown file whose section is replaced"
    )
    args = p.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk; `make soak` does it)")
    secs = int(args.minutes * 60)
    warmup = min(60.0, secs * 0.2)
    command = (
        "python -m bench.soak "
        + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    ).strip()
    command = (
        f"`make soak SOAK_MINUTES={args.minutes:g}` (runs `{command}`)"
        if os.environ.get("KG_SOAK_VIA_MAKE")
        else f"`{command}`"
    )

    c = corpus.build(args.articles, log=log)
    work = Path(tempfile.mkdtemp(prefix="kg-soak-"))
    srv = None
    try:
        log(f"copying the store ({c.quads:,} quads) to {work}")
        store = corpus.working_copy(c, work / "store")
        srv = server.start(store, args.workers, log=work / "serve.log")
        log(f"kg serve up at {srv.url} (master {srv.master}, engine {srv.engine_pid()})")
        kinds = workload.kinds(srv.url, c.articles)
        quads_start = count_quads(srv.url)
        ours = {os.getpid(), srv.master, *(srv.roles()["workers"]), srv.engine_pid() or 0}
        load_start, others_start = load_avg(), others(ours)
        start_utc = time.strftime("%H:%M", time.gmtime())
        log(f"load {load_start}; others: {others_start}")

        t0 = time.monotonic()
        mem = memory.MemorySampler(srv.roles, every=args.sample_every).start()
        procs = {k.name: workload.start(srv.url, k, secs, work) for k in kinds}
        ing = ingest.Ingester(
            srv.url, srv.token, time.strftime("%Y%m%d%H%M%S"), c.articles, every=args.ingest_every
        ).start(t0)
        dumps = clients.DumpLoop(
            srv.url, c.quads, every=args.dump_every or max(20.0, secs / 8)
        ).start(t0)
        entity = kinds[0].paths[0]
        probe = clients.Probe(
            srv.url,
            entity,
            f"SELECT ?p ?o WHERE {{ <{corpus.BASE}id/{entity[len('/page/') :]}> ?p ?o }} LIMIT 50",
        ).start(t0)
        slow = clients.SlowClient(
            "127.0.0.1",
            int(srv.url.rsplit(":", 1)[1]),
            c.quads,
            rate=4096,
            seconds=max(20.0, secs * 0.4),
        ).start(t0, after=secs * 0.3)
        log(
            f"running for {secs} s: {', '.join(procs)}, publishing, dumps, slow client at {secs * 0.3:.0f} s"
        )
        wrk = {name: workload.result(proc) for name, proc in procs.items()}
        main_end = time.monotonic() - t0
        ing.stop()
        probe.stop()
        dumps.stop()
        slow.join(timeout=600)
        tail = int((args.tail_minutes if args.tail_minutes is not None else args.minutes / 5) * 60)
        tail_wrk = {}
        if tail > 0:
            log(f"tail: {tail} s of the same reads, nothing published")
            tail_start = time.monotonic() - t0
            tail_procs = {k.name: workload.start(srv.url, k, tail, work) for k in kinds}
            tail_wrk = {name: workload.result(proc) for name, proc in tail_procs.items()}
        else:
            tail_start = None
        samples = mem.stop()
        elapsed = time.monotonic() - t0
        ours |= {pid for pids in srv.roles().values() for pid in pids}
        load_end, others_end = load_avg(), others(ours)
        end_utc = time.strftime("%H:%M", time.gmtime())
        quads_end = count_quads(srv.url)
        own = os.times()  # before kg serve is reaped: children = the wrk processes only
        client_cpu = {
            "wrk": own.children_user + own.children_system,
            "python": own.user + own.system,
            "seconds": elapsed,
        }
        srv.stop()
        db_mb = sum(f.stat().st_size for f in (store / "oxigraph").rglob("*") if f.is_file()) / 1e6
        logs = server.log_summary(work / "serve.log", store / "engine.log", srv.workers)
        log(f"done after {elapsed:.0f} s; load {load_end}; others: {others_end}")
        text = report.render(
            {
                "command": command,
                "date": time.strftime("%Y-%m-%d"),
                "start_utc": start_utc,
                "end_utc": end_utc,
                "seconds": secs,
                "articles": c.articles,
                "quads_start": quads_start,
                "quads_end": quads_end,
                "workers": srv.workers,
                "cpus": os.cpu_count(),
                "load_start": load_start,
                "load_end": load_end,
                "others": f"at the start {others_start}; at the end {others_end}",
                "kinds": kinds,
                "wrk": wrk,
                "ingest": ing,
                "dumps": dumps,
                "slow": slow.result,
                "probe": probe,
                "samples": samples,
                "warmup": warmup,
                "sample_every": args.sample_every,
                "logs": logs,
                "db_mb": db_mb,
                "client_cpu": client_cpu,
                "main_end": main_end,
                "tail_start": tail_start,
                "tail": tail,
                "tail_wrk": tail_wrk,
            }
        )
    finally:
        if srv is not None:
            srv.stop()
            shutil.copy(work / "serve.log", corpus.CACHE / "soak-serve.log")
        shutil.rmtree(work, ignore_errors=True)
    report.write_section(text, Path(args.out))
    log(f"wrote the section to {args.out} (server log: {corpus.CACHE / 'soak-serve.log'})")
    return text


if __name__ == "__main__":
    print(main())
