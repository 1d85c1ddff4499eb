"""The soak's figures as the "## Load and soak" section of BENCHMARKS.md."""

from __future__ import annotations

import statistics
from pathlib import Path

from .memory import Sample, slope_mb_per_min

SECTION = "## Load and soak"
PROMISED = ("503 busy", "503 timeout")  # what the limits promise: the concurrency cap and the time limit


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(p / 100 * len(v) + 0.5) - 1))]


def kind_errors(res: dict) -> int:
    """Failures other than the promised 503s: other statuses, and socket errors/timeouts."""
    bad = sum(n for k, n in res["statuses"].items() if not (k.startswith("2") or k.startswith("3")) and k not in PROMISED)
    return bad + res["connect"] + res["read"] + res["write"] + res["timeout"]


def unexpected(wrk: dict[str, dict], ingest, dumps, slow: dict, probe) -> int:
    n = sum(kind_errors(r) for r in wrk.values())
    n += sum(1 for _t, status, _s in ingest.results if status != 201)
    n += sum(1 for d in dumps.results if not d["ok"])
    n += sum(1 for _t, _k, status, _s in probe.results if status != 200)
    n += 0 if slow.get("complete") else 1
    return n


def memory_rows(samples: list[Sample], every_s: float) -> list[str]:
    rows, next_t = [], 0.0
    for i, s in enumerate(samples):
        if s.t + 1e-6 >= next_t or i == len(samples) - 1:
            rows.append(f"| {s.t / 60:.1f} | {s.mb('master'):.0f} | {s.mb('workers'):.0f} ({len(s.pids.get('workers', []))}) "
                        f"| {s.mb('engine'):.0f} | **{s.total_pss_mb():.0f}** | {s.total_pss_mb(('master', 'workers')):.0f} "
                        f"| {sum(s.rss.values()) / 1024:.0f} | {s.load1:.1f} |")
            next_t = s.t + every_s
    return rows


def window_mean(samples: list[Sample], start: float, end: float, roles=("master", "workers", "engine")) -> float:
    xs = [s.total_pss_mb(roles) for s in samples if start <= s.t <= end]
    return statistics.mean(xs) if xs else float("nan")


def render(ctx: dict) -> str:
    d = ctx
    wrk, ingest, dumps, slow, probe, samples = d["wrk"], d["ingest"], d["dumps"], d["slow"], d["probe"], d["samples"]
    secs = d["seconds"]
    out = [SECTION, "",
           f"Command: `{d['command']}`. Measured {d['date']} ({d['start_utc']}–{d['end_utc']} UTC), "
           f"{secs / 60:.0f} minutes.", "",
           f"Graph: {d['articles']:,} generated articles (`bench/generate.py`, bulk-loaded with `oxigraph load`), "
           f"{d['quads_start']:,} quads at the start, {d['quads_end']:,} at the end (articles published during the run). "
           f"Server: `kg serve` on the embedded store, defaults ({d['workers']} gunicorn gthread workers × 8 threads, "
           f"the engine it supervises), `KG_WRITE_TOKEN` set. Load: one `wrk -t1` per kind on 127.0.0.1, keep-alive, "
           f"each connection pausing between requests as listed, plus Python clients for publishing, dumps, the "
           f"slow client and a probe — all on the same {d['cpus']}-core machine.", "",
           f"Machine: load average {d['load_start']} at the start, {d['load_end']} at the end. "
           f"Also running: {d['others']}.", "",
           "| kind | what | connections × pause | requests | req/s | p50 ms | p99 ms | max ms | 503 (limits) | unexpected errors |",
           "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    total_req = 0
    for k in d["kinds"]:
        r = wrk[k.name]
        req = r["requests"]
        total_req += req
        promised = sum(r["statuses"].get(p, 0) for p in PROMISED)
        out.append(f"| {k.name} | {k.what} | {k.connections} × {k.delay_ms} ms | {req:,} | {req / secs:,.1f} | "
                   f"{r['p50_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['max_us'] / 1000:.0f} | {promised} | "
                   f"{kind_errors(r)} |")
    lat = [s for _t, _st, s in ingest.results]
    ok = sum(1 for _t, st, _s in ingest.results if st == 201)
    out.append(f"| publish (POST /articles) | facts documents, new keys, mapping + SHACL gate + one transaction each "
               f"| 1 × {ingest.every:g} s period | {len(lat):,} | {len(lat) / secs:.2f} | {pct(lat, 50) * 1000:.0f} | "
               f"{pct(lat, 99) * 1000:.0f} | {max(lat, default=0) * 1000:.0f} | 0 | {len(lat) - ok} |")
    dl = [x for x in dumps.results]
    dsec = [x["seconds"] for x in dl]
    out.append(f"| dumps | {', '.join(dumps.paths)} in turn, every {dumps.every:g} s, read to the end and checked whole "
               f"| 1 | {len(dl)} | — | {pct(dsec, 50) * 1000:,.0f} | {max(dsec, default=0) * 1000:,.0f} | "
               f"{max(dsec, default=0) * 1000:,.0f} | 0 | {sum(1 for x in dl if not x['ok'])} |")
    all_req = total_req + len(lat) + len(dl)
    n_bad = unexpected(wrk, ingest, dumps, slow, probe)
    promised = sum(sum(r["statuses"].get(p, 0) for p in PROMISED) for r in wrk.values())
    out += ["", f"Total: {all_req:,} requests in {secs:.0f} s (**{all_req / secs:,.1f} req/s**, not counting the probe's "
                f"{len(probe.results):,}), **{n_bad} unexpected errors**, {promised} 503s promised by the limits "
                f"(`KG_MAX_CONCURRENT_QUERIES` \"Too Many Queries\", `KG_QUERY_TIMEOUT` \"Query Timeout\"); "
                f"{ok:,} articles published."]
    failures = [f for f in ingest.failures] + [f"{x['path']} at {x['t']:.0f} s: {x['error']}" for x in dl if not x["ok"]]
    if failures:
        out += ["", "Failures:", *[f"- `{f}`" for f in failures[:10]]]
    if dl:
        out += ["", "Dumps: " + "; ".join(f"`{x['path']}` {x['bytes'] / 1e6:,.0f} MB / {x['lines']:,} lines in "
                                          f"{x['seconds']:.1f} s{'' if x['ok'] else ' **broken**'}" for x in dl) + "."]
    # the slow client
    out += ["", "**Slow client.** " + slow_line(slow, probe)]
    # memory
    warm = d["warmup"]
    end = samples[-1].t if samples else 0
    span = min(60.0, max(10.0, (end - warm) / 5))
    start_mb, end_mb = window_mean(samples, warm, warm + span), window_mean(samples, end - span, end)
    web_start = window_mean(samples, warm, warm + span, ("master", "workers"))
    web_end = window_mean(samples, end - span, end, ("master", "workers"))
    eng_start = window_mean(samples, warm, warm + span, ("engine",))
    eng_end = window_mean(samples, end - span, end, ("engine",))
    after = [s for s in samples if s.t >= warm]
    out += ["", f"**Memory** (PSS from `/proc/PID/smaps_rollup`, every {d['sample_every']:g} s; PSS shares the pages "
                f"the forked workers have in common out among them, so the sum is what the server really takes). "
                f"After a {warm:.0f} s warm-up, mean of the first and of the last {span:.0f} s: "
                f"server **{start_mb:,.0f} MB → {end_mb:,.0f} MB** ({end_mb - start_mb:+,.0f} MB); "
                f"master + workers {web_start:,.0f} → {web_end:,.0f} MB ({web_end - web_start:+,.0f}); "
                f"engine {eng_start:,.0f} → {eng_end:,.0f} MB ({eng_end - eng_start:+,.0f}). "
                f"Least-squares slope after warm-up: {slope_mb_per_min(after):+.2f} MB/min (whole server), "
                f"{slope_mb_per_min(after, ('master', 'workers')):+.2f} MB/min (master + workers), "
                f"{slope_mb_per_min(after, ('engine',)):+.2f} MB/min (engine).", "",
            "| minute | master MB | workers MB (n) | engine MB | server PSS MB | web tier PSS MB | RSS sum MB | load 1 min |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            *memory_rows(samples, max(d["sample_every"], secs / 12))]
    if d.get("notes"):
        out += ["", *d["notes"]]
    return "\n".join(out) + "\n"


def slow_line(slow: dict, probe) -> str:
    if "error" in slow or "start" not in slow:
        return f"the slow client failed: {slow.get('error', 'did not run')}."
    a, b = slow["start"], slow["slow_end"]
    inside = {k: [s for t, kk, st, s in probe.results if kk == k and a <= t <= b] for k in ("page", "sparql")}
    outside = {k: [s for t, kk, st, s in probe.results if kk == k and not a <= t <= b] for k in ("page", "sparql")}

    def fmt(xs):
        return f"p50 {pct(xs, 50) * 1000:.0f} / p99 {pct(xs, 99) * 1000:.0f} ms (n={len(xs)})" if xs else "no samples"

    whole = "complete" if slow.get("complete") else "**incomplete**"
    return (f"from {a:.0f} s to {b:.0f} s one client read `/dump.nt` at {slow['slow_rate'] / 1024:.1f} KB/s "
            f"({slow['slow_bytes'] / 1024:,.0f} KB, through a 4 KiB receive buffer), then the rest at full speed: "
            f"HTTP {slow.get('status')}, {slow.get('lines', 0):,} lines, {slow.get('bytes', 0) / 1e6:,.0f} MB, {whole}. "
            f"Meanwhile the probe (an entity page and a SPARQL lookup, once a second): page {fmt(inside['page'])}, "
            f"lookup {fmt(inside['sparql'])}; the rest of the run: page {fmt(outside['page'])}, lookup "
            f"{fmt(outside['sparql'])}.")


def write_section(text: str, path: Path) -> None:
    """Replace (or append) this section of the file, leaving the others as they are."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = old.find(SECTION)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        nxt = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text + ("\n" + old[nxt + 1:] if nxt >= 0 else "")
    path.write_text(new, encoding="utf-8")
