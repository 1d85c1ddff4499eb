"""The soak's figures as the "## Load and soak" section of BENCHMARKS.md."""

from __future__ import annotations

import statistics
from pathlib import Path

from ..sections import replace_section
from .memory import Sample, slope_mb_per_min

SECTION = "## Load and soak"
FOUND = [
    "**A slow client never got a whole dump** (twice). (1) The embedded engine ran with `--timeout-s "
    "KG_QUERY_TIMEOUT`, which also stopped the dump's streaming SELECT: a client taking longer than 30 s for the "
    "dump got a body broken off after a few MB (and the worker logged an `IndexError` on the engine's appended error "
    "text). Fixed in `kg/store/engine.py` by the engine no longer running with `--timeout-s` (commit a1f738a, made "
    "for the engine's timer threads). (2) With that gone, "
    "an 8-minute soak run still broke the slow client's dump after "
    "35 MB: the worker read from the engine only as fast as the client read from it, and after minutes of that the "
    "engine gave up on the connection (`OxHTTP TCP error when writing response … os error 11`, a socket write "
    "timeout). Fixed in `kg/web/dumps.py`: the engine's answer is read at the engine's pace into an unlinked "
    "temporary file in the cache folder, and the client is served from it at its own pace. Regression test for "
    "both: `tests/web/test_slow_client.py` (a client reading 4 KB/s for longer than `KG_QUERY_TIMEOUT`, during "
    "which other requests to the same single worker are timed, then the engine killed: the client still gets the "
    "whole dump; fails on cc210df and on a1f738a, passes now).",
    "**VoID re-measured the dumps all the time while articles were being published.** Each change of the triple "
    "count (every second, while publishing) made the next `/.well-known/void` start producing all three dumps (and "
    "their gzip) to learn their sizes; on this graph one measurement takes ~50 s under the soak's load, so a worker "
    "thread and the engine were busy producing dumps nobody downloaded nearly all the time, and one "
    "`dump-sizes-<count>.json` was left per state. Fixed in "
    "`kg/web/void.py`: a measurement starts at most once per 20 × the last one's duration per instance, and only the "
    "newest file is kept; regression test `tests/web/test_void_sizes.py`.",
]
PROMISED = (
    "503 busy",
    "503 timeout",
)  # what the limits promise: the concurrency cap and the time limit


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(p / 100 * len(v) + 0.5) - 1))]


def kind_errors(res: dict) -> int:
    """Failures other than the promised 503s: other statuses, and socket errors/timeouts."""
    bad = sum(
        n
        for k, n in res["statuses"].items()
        if not (k.startswith("2") or k.startswith("3")) and k not in PROMISED
    )
    return bad + res["connect"] + res["read"] + res["write"] + res["timeout"]


def unexpected(wrk: dict[str, dict], ingest, dumps, slow: dict, probe) -> int:
    n = sum(kind_errors(r) for r in wrk.values())
    n += sum(1 for _t, status, _s in ingest.results if status != 201)
    n += sum(1 for d in dumps.results if not d["ok"])
    n += sum(1 for _t, _k, status, _s in probe.results if status != 200)
    n += 0 if slow.get("complete") else 1
    return n


def memory_rows(
    samples: list[Sample], every_s: float, tail_start: float | None = None
) -> list[str]:
    rows, next_t = [], 0.0
    for i, s in enumerate(samples):
        if s.t + 1e-6 >= next_t or i == len(samples) - 1:
            mark = " (reads only)" if tail_start is not None and s.t >= tail_start else ""
            rows.append(
                f"| {s.t / 60:.1f}{mark} | {s.mb('master'):.0f} | "
                f"{s.mb('workers'):.0f} ({len(s.pids.get('workers', []))}) "
                f"| {s.mb('engine'):.0f} ({s.mb('engine', 'anon'):.0f}) | **{s.total_pss_mb():.0f}** "
                f"| **{s.total_anon_mb():.0f}** | {s.total_anon_mb(('master', 'workers')):.0f} "
                f"| {sum(s.rss.values()) / 1024:.0f} | {s.load1:.1f} |"
            )
            next_t = s.t + every_s
    return rows


def window_mean(
    samples: list[Sample],
    start: float,
    end: float,
    roles=("master", "workers", "engine"),
    anon: bool = False,
) -> float:
    xs = [
        s.total_anon_mb(roles) if anon else s.total_pss_mb(roles)
        for s in samples
        if start <= s.t <= end
    ]
    return statistics.mean(xs) if xs else float("nan")


def render(ctx: dict) -> str:
    d = ctx
    wrk, ingest, dumps, slow, probe, samples = (
        d["wrk"],
        d["ingest"],
        d["dumps"],
        d["slow"],
        d["probe"],
        d["samples"],
    )
    secs = d["seconds"]
    out = [
        SECTION,
        "",
        f"Command: {d['command']}. Measured {d['date']} ({d['start_utc']}–{d['end_utc']} UTC), "
        f"{secs / 60:.0f} minutes.",
        "",
        f"Graph: {d['articles']:,} generated articles (`bench/generate.py`, bulk-loaded with `oxigraph load`), "
        f"{d['quads_start']:,} quads at the start, {d['quads_end']:,} at the end (articles published during the run). "
        f"Server: `kg serve` on the embedded store, defaults ({d['workers']} gunicorn gthread workers × 8 threads, "
        f"the engine it supervises), `KG_WRITE_TOKEN` set. Load: one `wrk -t1` per kind on 127.0.0.1, keep-alive, "
        f"each connection pausing between requests as listed, plus Python clients for publishing, dumps, the "
        f"slow client and a probe — all on the same {d['cpus']}-core machine.",
        "",
        f"Machine: load average {d['load_start']} at the start, {d['load_end']} at the end. "
        f"Also running: {d['others']}.",
        "",
        "| kind | what | connections × pause | requests | req/s | "
        "p50 ms | p99 ms | max ms | 503 (limits) | unexpected errors |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total_req = 0
    for k in d["kinds"]:
        r = wrk[k.name]
        req = r["requests"]
        total_req += req
        promised = sum(r["statuses"].get(p, 0) for p in PROMISED)
        out.append(
            f"| {k.name} | {k.what} | {k.connections} × {k.delay_ms} ms | {req:,} | {req / secs:,.1f} | "
            f"{r['p50_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['max_us'] / 1000:.0f} | {promised} | "
            f"{kind_errors(r)} |"
        )
    lat = [s for _t, _st, s in ingest.results]
    ok = sum(1 for _t, st, _s in ingest.results if st == 201)
    out.append(
        f"| publish (POST /articles) | facts documents, new keys, mapping + SHACL gate + one transaction each "
        f"| 1 × {ingest.every:g} s period | {len(lat):,} | {len(lat) / secs:.2f} | {pct(lat, 50) * 1000:.0f} | "
        f"{pct(lat, 99) * 1000:.0f} | {max(lat, default=0) * 1000:.0f} | 0 | {len(lat) - ok} |"
    )
    dl = [x for x in dumps.results]
    dsec = [x["seconds"] for x in dl]
    out.append(
        f"| dumps | {', '.join(dumps.paths)} in turn, every {dumps.every:g} s, read to the end and checked whole "
        f"| 1 | {len(dl)} | — | {pct(dsec, 50) * 1000:,.0f} | {max(dsec, default=0) * 1000:,.0f} | "
        f"{max(dsec, default=0) * 1000:,.0f} | 0 | {sum(1 for x in dl if not x['ok'])} |"
    )
    all_req = total_req + len(lat) + len(dl)
    n_bad = unexpected(wrk, ingest, dumps, slow, probe)
    promised = sum(sum(r["statuses"].get(p, 0) for p in PROMISED) for r in wrk.values())
    out += [
        "",
        f"Total: {all_req:,} requests in {secs:.0f} s (**{all_req / secs:,.1f} req/s**, not counting the probe's "
        f"{len(probe.results):,}), **{n_bad} unexpected errors**, {promised} 503s promised by the limits "
        f'(`KG_MAX_CONCURRENT_QUERIES` "Too Many Queries", `KG_QUERY_TIMEOUT` "Query Timeout"); '
        f"{ok:,} articles published.",
    ]
    failures = [f for f in ingest.failures] + [
        f"{x['path']} at {x['t']:.0f} s: {x['error']}" for x in dl if not x["ok"]
    ]
    if failures:
        out += ["", "Failures:", *[f"- `{f}`" for f in failures[:10]]]
    if dl:
        out += [
            "",
            "Dumps: "
            + "; ".join(
                f"`{x['path']}` {x['bytes'] / 1e6:,.0f} MB / {x['lines']:,} lines in "
                f"{x['seconds']:.1f} s{'' if x['ok'] else ' **broken**'}"
                for x in dl
            )
            + ".",
        ]
    logs = d.get("logs")
    if logs:
        five = (
            ", ".join(
                f"{n} × `{k}`" for k, n in sorted(logs["5xx"].items(), key=lambda kv: -kv[1])[:8]
            )
            or "none"
        )
        out += [
            "",
            f"Server side (gunicorn's access and error log, the engine's log): {sum(logs['statuses'].values()):,} "
            f"requests logged, statuses {', '.join(f'{k}: {v:,}' for k, v in sorted(logs['statuses'].items()))}; "
            f"5xx: {five}; {logs['tracebacks']} tracebacks, {logs['errors']} error lines"
            + (f" (first: `{logs['first_error']}`)" if logs["first_error"] else "")
            + f"; {logs['worker_timeouts']} worker timeouts, {logs['worker_restarts']} worker restarts; "
            f"{logs['engine_message_count']} engine log messages"
            + (f" (first: `{logs['engine_messages'][0][:200]}`)" if logs["engine_messages"] else "")
            + ".",
        ]
    # the slow client
    out += ["", "**Slow client.** " + slow_line(slow, probe)]
    # memory
    warm = d["warmup"]
    end = d.get("main_end") or (samples[-1].t if samples else 0)
    span = min(60.0, max(10.0, (end - warm) / 5))

    def delta(roles, anon=False) -> str:
        x, y = (
            window_mean(samples, warm, warm + span, roles, anon),
            window_mean(samples, end - span, end, roles, anon),
        )
        return f"{x:,.0f} → {y:,.0f} MB ({y - x:+,.0f})"

    after = [s for s in samples if warm <= s.t <= end]
    allr, web, eng = ("master", "workers", "engine"), ("master", "workers"), ("engine",)
    out += [
        "",
        f"**Memory** (from `/proc/PID/smaps_rollup` every {d['sample_every']:g} s: PSS, which shares the pages "
        f"the forked workers have in common out among them, so the sum is what the server really takes; and its "
        f"anonymous part — heap and caches, where a leak would show — apart from file-backed pages: the engine "
        f"maps its database files, and those pages grow with how much of the {d.get('db_mb', 0):,.0f} MB database "
        f"has been read, up to its size). After a {warm:.0f} s warm-up, mean of the first and of the last "
        f"{span:.0f} s: whole server PSS **{delta(allr)}**, anonymous **{delta(allr, True)}**; "
        f"master + workers PSS {delta(web)}, anonymous {delta(web, True)}; engine PSS {delta(eng)}, anonymous "
        f"{delta(eng, True)}. Least-squares slope after warm-up, anonymous memory: "
        f"{slope_mb_per_min(after, allr, True):+.2f} MB/min whole server, "
        f"{slope_mb_per_min(after, web, True):+.2f} MB/min master + workers, "
        f"{slope_mb_per_min(after, eng, True):+.2f} MB/min engine (PSS: {slope_mb_per_min(after):+.2f}, "
        f"{slope_mb_per_min(after, web):+.2f}, {slope_mb_per_min(after, eng):+.2f})."
        + tail_text(d, samples),
        "",
        "| minute | master PSS MB | workers PSS MB (n) | engine PSS MB (anon) | server PSS MB | server anon MB "
        "| web tier anon MB | RSS sum MB | load 1 min |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *memory_rows(
            samples, max(d["sample_every"], (secs + (d.get("tail") or 0)) / 14), d.get("tail_start")
        ),
    ]
    if len(samples) >= 2 and samples[0].cpu:
        a, b = samples[0], samples[-1]
        share = {
            r: (b.cpu.get(r, 0) - a.cpu.get(r, 0)) / max(1e-9, b.t - a.t) * 100
            for r in ("master", "workers", "engine")
        }
        c = d.get("client_cpu")
        client = (
            f" The load generators: wrk {c['wrk'] / c['seconds'] * 100:.0f} %, the Python clients (publishing, "
            f"dumps read and checked, slow client, probe, sampler) {c['python'] / c['seconds'] * 100:.0f} %."
            if c
            else ""
        )
        out += [
            "",
            f"CPU used by the server over the run (from `/proc/PID/stat`, 100 % = one core of {d['cpus']}): "
            f"master {share['master']:.0f} %, workers {share['workers']:.0f} %, engine {share['engine']:.0f} %."
            + client,
        ]
    out += ["", "Found by the soak and fixed:", "", *[f"- {x}" for x in FOUND]]
    if d.get("notes"):
        out += ["", *d["notes"]]
    return "\n".join(out) + "\n"


def tail_text(d: dict, samples: list[Sample]) -> str:
    start = d.get("tail_start")
    if start is None:
        return ""
    tail = [s for s in samples if s.t >= start + 10]
    if len(tail) < 2:
        return ""
    allr, web, eng = ("master", "workers", "engine"), ("master", "workers"), ("engine",)
    reqs = sum(r["requests"] for r in d["tail_wrk"].values())
    errs = sum(kind_errors(r) for r in d["tail_wrk"].values())
    a, b = tail[0], tail[-1]
    return (
        f" Then {d['tail']} s of the same reads with nothing published ({reqs:,} requests, {errs} unexpected errors): "
        f"anonymous memory {a.total_anon_mb():,.0f} → {b.total_anon_mb():,.0f} MB "
        f"(master + workers {a.total_anon_mb(web):,.0f} → {b.total_anon_mb(web):,.0f}, engine "
        f"{a.total_anon_mb(eng):,.0f} → {b.total_anon_mb(eng):,.0f}); "
        f"slopes {slope_mb_per_min(tail, allr, True):+.2f}, "
        f"{slope_mb_per_min(tail, web, True):+.2f}, {slope_mb_per_min(tail, eng, True):+.2f} MB/min."
    )


def slow_line(slow: dict, probe) -> str:
    if "error" in slow or "start" not in slow:
        return f"the slow client failed: {slow.get('error', 'did not run')}."
    a, b = slow["start"], slow["slow_end"]
    inside = {
        k: [s for t, kk, st, s in probe.results if kk == k and a <= t <= b]
        for k in ("page", "sparql")
    }
    outside = {
        k: [s for t, kk, st, s in probe.results if kk == k and not a <= t <= b]
        for k in ("page", "sparql")
    }

    def fmt(xs):
        return (
            f"p50 {pct(xs, 50) * 1000:.0f} / p99 {pct(xs, 99) * 1000:.0f} ms (n={len(xs)})"
            if xs
            else "no samples"
        )

    whole = "complete" if slow.get("complete") else "**incomplete**"
    return (
        f"from {a:.0f} s to {b:.0f} s one client read `/dump.nt` at {slow['slow_rate'] / 1024:.1f} KB/s "
        f"({slow['slow_bytes'] / 1024:,.0f} KB, through a 4 KiB receive buffer), then the rest at full speed: "
        f"HTTP {slow.get('status')}, {slow.get('lines', 0):,} lines, {slow.get('bytes', 0) / 1e6:,.0f} MB, {whole}. "
        f"Meanwhile the probe (an entity page and a SPARQL lookup, once a second): page {fmt(inside['page'])}, "
        f"lookup {fmt(inside['sparql'])}; the rest of the run: page {fmt(outside['page'])}, lookup "
        f"{fmt(outside['sparql'])}."
    )


def write_section(text: str, path: Path) -> None:
    replace_section(SECTION, text, path)
