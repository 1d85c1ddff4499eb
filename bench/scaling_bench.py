"""How the web tier scales: `kg serve` with 1, 2 and 4 gunicorn workers on the same data (issue 6).

The engine is the `oxigraph serve` that kg supervises, on a bulk-loaded generated graph; the load is `wrk` (2 threads,
8 connections) on a mix of entity pages and SPARQL entity lookups; each worker count is measured in the
same run, on the same engine, so the ratios mean something even on a shared machine.
Usage: python -m bench.scaling_bench [--articles 3700] [--seconds 15]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import requests

from .generate import generate, to_nquads
from .soak.server import free_port

BIN = Path(sys.executable).parent
WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept"] = "%s"})
end
"""


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def wrk(url: str, paths: list[str], accept: str, seconds: int, workdir: Path) -> dict:
    """Requests/s and latency percentiles from wrk (2 threads, 8 connections)."""
    script = workdir / "paths.lua"
    script.write_text(WRK_SCRIPT % (", ".join(f'"{p}"' for p in paths), accept))
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50"),
        "p99": ms("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=3700)
    p.add_argument("--seconds", type=int, default=15)
    args = p.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk; `make bench` does it)")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-scale-"))
    rows = []
    try:
        docs = generate(args.articles, work / "docs")
        quads = to_nquads(docs, work / "data.nq")
        (work / "store").mkdir()
        subprocess.run(
            [
                str(BIN / "oxigraph"),
                "load",
                "--location",
                str(work / "store" / "oxigraph"),
                "--file",
                str(work / "data.nq"),
            ],
            check=True,
            capture_output=True,
        )
        people = None
        for workers in (1, 2, 4):
            port = free_port()
            env = {**os.environ, "KG_BASE_IRI": "http://127.0.0.1:8080/"}
            log = open(work / f"serve-{workers}.log", "wb")
            server = subprocess.Popen(
                [
                    str(BIN / "kg"),
                    "--store",
                    str(work / "store"),
                    "serve",
                    "--port",
                    str(port),
                    "--workers",
                    str(workers),
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                url = f"http://127.0.0.1:{port}"
                try:
                    _wait(url + "/health", timeout=180)
                except SystemExit:
                    raise SystemExit((work / f"serve-{workers}.log").read_text()[-3000:]) from None
                if people is None:
                    people = requests.get(
                        url + "/sparql",
                        headers={"Accept": "text/csv"},
                        params={
                            "query": "SELECT ?p WHERE { ?p a <http://schema.org/Person> } LIMIT 50"
                        },
                    ).text.split()[1:]
                    pages = [
                        urllib.parse.urlsplit(p).path.replace("/id/", "/page/", 1) for p in people
                    ]
                    lookups = [
                        "/sparql?"
                        + urllib.parse.urlencode({"query": f"SELECT ?p ?o WHERE {{ <{p}> ?p ?o }}"})
                        for p in people
                    ]
                page = wrk(url, pages, "text/html", args.seconds, work)
                lookup = wrk(url, lookups, "application/sparql-results+json", args.seconds, work)
                rows.append((workers, page, lookup))
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base_page, base_lookup = rows[0][1]["rps"], rows[0][2]["rps"]
    out = [
        f"Graph: {args.articles} generated articles, {quads:,} quads, bulk-loaded; `kg serve --workers N` on it (its "
        "supervised engine, restarted with each N); "
        f"load: `wrk -t2 -c8 -d{args.seconds}s` on {os.cpu_count()} cores shared by wrk, gunicorn and the engine.",
        "",
        "| gunicorn workers | entity page req/s | p50 / p99 ms | × 1 worker | "
        "SPARQL lookup req/s | p50 / p99 ms | × 1 worker | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for workers, page, lookup in rows:
        out.append(
            f"| {workers} | {page['rps']:,.0f} | {page['p50']:.1f} / {page['p99']:.1f} | {page['rps'] / base_page:.2f} "
            f"| {lookup['rps']:,.0f} | {lookup['p50']:.1f} / {lookup['p99']:.1f} | {lookup['rps'] / base_lookup:.2f} "
            f"| {page['errors'] + lookup['errors']} |"
        )
    return "\n".join(out)


if __name__ == "__main__":
    print(main())
