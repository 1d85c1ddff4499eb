"""`make soak`: load and soak of `kg serve` on a generated news graph of over a million triples (issue 7, point 2).

One module per responsibility:

- corpus.py   the generated graph, bulk-loaded with `oxigraph load` (cached between runs, copied per run)
- server.py   `kg serve` on a copy of that store, and the process tree whose memory we watch
- workload.py the mixed read workload: one wrk process per kind of request (Lua script, per-kind latency)
- ingest.py   articles published over HTTP (POST /articles with the bearer token) during the run
- clients.py  dump downloads, and a slow client reading /dump.nt at a few KB/s while another client is timed
- memory.py   RSS/PSS of the master, the workers and the engine, sampled from /proc every few seconds
- report.py   the Markdown section for BENCHMARKS.md ("## Load and soak")
- __main__.py the command line: python -m bench.soak [--minutes 10] [--articles 3800] [--out BENCHMARKS.md]
"""
