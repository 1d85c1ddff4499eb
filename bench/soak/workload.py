"""The mixed read workload: one `wrk` process per kind of request, so each kind has its own latency histogram.

wrk (C, epoll) costs a few percent of a core where a Python load generator would need both cores to itself;
one process per kind gives per-kind p50/p99 from wrk's own histogram (coordinated omission included, as
wrk measures it). Each connection waits `delay_ms` between its requests (a think time: wrk's `delay()`), so
the mix stays a mix instead of whatever the cheapest kind can saturate (pauses stay under gunicorn's 5 s
keep-alive: past it the server closes the idle connection, which wrk would count as a read error). A Lua
`response()` counts statuses, telling the 503s the limits promise ("Too Many Queries", "Query Timeout") from
every other failure.
"""

from __future__ import annotations

import json
import random
import subprocess
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import requests

from .corpus import BASE

S = "PREFIX schema: <http://schema.org/> "

LUA = r"""
paths = {%(paths)s}
accept = "%(accept)s"
think = %(delay)d
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = math.random(1, #paths)
  statuses = {}
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept"] = accept})
end

function delay()
  return think
end

function response(status, headers, body)
  local k = tostring(status)
  if status == 503 then
    if body and string.find(body, "Too Many Queries", 1, true) then k = "503 busy"
    elseif body and string.find(body, "Query Timeout", 1, true) then k = "503 timeout"
    else k = "503 other" end
  end
  statuses[k] = (statuses[k] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    local st = t:get("statuses")
    if st then
      for k, v in pairs(st) do merged[k] = (merged[k] or 0) + v end
    end
  end
  local parts = {}
  for k, v in pairs(merged) do table.insert(parts, string.format('"%%s": %%d', k, v)) end
  io.write(string.format(
    'SOAKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d, "mean_us": %%.1f, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "non2xx": %%d, ' ..
    '"statuses": {%%s}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status, table.concat(parts, ", ")))
end
"""


@dataclass
class Kind:
    name: str
    what: str
    paths: list[str]
    accept: str
    connections: int
    delay_ms: int


def _csv(url: str, query: str) -> list[list[str]]:
    r = requests.get(url + "/sparql", params={"query": query, "format": "csv"}, timeout=300)
    r.raise_for_status()
    return [line.split(",") for line in r.text.strip().splitlines()[1:]]


def _local(iri: str) -> str:
    return iri[len(BASE) + len("id/") :]


def kinds(url: str, articles: int, seed: int = 7) -> list[Kind]:
    """The request mix, with targets drawn from the store itself."""
    rng = random.Random(seed)
    people = [r[0] for r in _csv(url, S + "SELECT ?p WHERE { ?p a schema:Person } LIMIT 20000")]
    orgs = [r[0] for r in _csv(url, S + "SELECT ?o WHERE { ?o a schema:Organization } LIMIT 5000")]
    places = [r[0] for r in _csv(url, S + "SELECT ?p WHERE { ?p a schema:Place }")]
    names = [
        r[0]
        for r in _csv(url, S + "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } LIMIT 5000")
    ]
    entities = (
        rng.sample(people, min(150, len(people))) + rng.sample(orgs, min(100, len(orgs))) + places
    )
    rng.shuffle(entities)
    keys = [f"bench-{i:07d}" for i in rng.sample(range(articles), min(300, articles))]

    lookups = []
    for e in entities[:100]:
        lookups.append(f"SELECT ?p ?o WHERE {{ <{e}> ?p ?o }} LIMIT 50")
        lookups.append(
            S + f"SELECT ?article ?headline ?date WHERE {{ ?article schema:mentions <{e}> ; "
            "schema:headline ?headline ; schema:datePublished ?date } ORDER BY DESC(?date) LIMIT 20"
        )
    aggregates = [
        S
        + "SELECT ?e (COUNT(?a) AS ?n) WHERE { ?a schema:mentions ?e } GROUP BY ?e ORDER BY DESC(?n) LIMIT 10",
        S + "SELECT ?type (COUNT(?ev) AS ?n) WHERE { ?ev a ?type ; schema:startDate ?d } "
        "GROUP BY ?type ORDER BY DESC(?n)",
        S
        + "SELECT ?role (COUNT(*) AS ?n) WHERE { ?r schema:roleName ?role } GROUP BY ?role ORDER BY DESC(?n)",
        S
        + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d "
        'FILTER(?d >= "2021-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) }',
    ]
    words = []
    for n in rng.sample(names, min(200, len(names))):
        first, last = n.strip('"').split()[:2]
        words.append(rng.choice([first, last, f"{first} {last[:3]}", last[:4]]))
    search = []
    for i, w in enumerate(words):
        q = urllib.parse.quote(w)
        search.append(f"/search?q={q}&format=json" if i % 2 else f"/search/suggest?q={q}")

    def sparql(qs: list[str]) -> list[str]:
        return ["/sparql?" + urllib.parse.urlencode({"query": q}) for q in qs]

    return [
        Kind(
            "entity page",
            "people, organizations, places (250 + all places), HTML",
            ["/page/" + _local(e) for e in entities],
            "text/html",
            2,
            50,
        ),
        Kind(
            "article page",
            "300 articles, HTML",
            ["/page/article/" + k for k in keys],
            "text/html",
            2,
            100,
        ),
        Kind(
            "SPARQL lookup",
            "an entity's triples; the latest 20 articles mentioning it",
            sparql(lookups),
            "application/sparql-results+json",
            2,
            50,
        ),
        Kind(
            "SPARQL aggregate",
            "top-10 mentioned entities, events by type, roles by name, articles since a date",
            sparql(aggregates),
            "application/sparql-results+json",
            1,
            1000,
        ),
        Kind(
            "search",
            "/search (JSON) and /search/suggest on name prefixes",
            search,
            "application/json",
            2,
            50,
        ),
        Kind(
            "VoID",
            "/.well-known/void, as a crawler reads it",
            ["/.well-known/void"],
            "text/turtle",
            1,
            3000,
        ),
    ]


def _lua_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def start(url: str, kind: Kind, seconds: int, workdir: Path) -> subprocess.Popen:
    script = workdir / f"wrk-{kind.name.replace(' ', '-').lower()}.lua"
    script.write_text(
        LUA
        % {
            "paths": ", ".join(_lua_str(p) for p in kind.paths),
            "accept": kind.accept,
            "delay": kind.delay_ms,
        }
    )
    return subprocess.Popen(
        [
            "wrk",
            "-t1",
            f"-c{kind.connections}",
            f"-d{seconds}s",
            "--timeout",
            "60s",
            "-s",
            str(script),
            url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def result(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate()
    for line in out.splitlines():
        if line.startswith("SOAKJSON "):
            return json.loads(line[len("SOAKJSON ") :])
    raise RuntimeError(f"wrk gave no result: {out[-2000:]} {err[-2000:]}")
