"""Articles published over HTTP during the soak: POST /articles with the bearer token, one at a time.

The documents come from bench.generate with the corpus's own entity pools (so new articles mention entities
already published, and their pages change under the readers), under keys no other article has:
`soak-<run>-<n>`. Each POST goes through the full path (mapping, SHACL gate, one transaction).
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field

import requests

from ..generate import _pools, article
from .background import Background


def documents(run: str, corpus_articles: int, seed: int = 4242):
    """Endless facts documents with distinct keys, drawing on the corpus's entities (bench.generate's pools)."""
    pools = _pools(
        random.Random(42), people=max(50, corpus_articles * 2), orgs=max(20, corpus_articles // 2)
    )
    rng = random.Random(seed)
    n = 0
    while True:
        doc = article(corpus_articles + n, rng, pools, heavy=False)
        doc["article"]["key"] = f"soak-{run}-{n:06d}"
        doc["article"]["headline"] = f"Soak report {n} ({run})"
        yield doc
        n += 1


@dataclass
class Ingester(Background):
    url: str
    token: str
    run: str
    corpus_articles: int
    every: float = (
        1.0  # seconds between the starts of two POSTs (or back to back when a POST takes longer)
    )
    results: list[tuple[float, int, float]] = field(default_factory=list)  # (t, status, seconds)
    failures: list[str] = field(default_factory=list)

    thread_name = "soak-ingest"

    def _loop(self) -> None:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        for doc in documents(self.run, self.corpus_articles):
            if self._stop.is_set():
                return
            began = time.monotonic()
            try:
                r = session.post(
                    self.url + "/articles", data=json.dumps(doc), headers=headers, timeout=120
                )
                status = r.status_code
                if status != 201 and len(self.failures) < 20:
                    self.failures.append(f"{doc['article']['key']}: HTTP {status} {r.text[:300]}")
            except requests.RequestException as exc:
                status = 0
                if len(self.failures) < 20:
                    self.failures.append(
                        f"{doc['article']['key']}: {type(exc).__name__}: {exc}"[:400]
                    )
            took = time.monotonic() - began
            self.results.append((began - self._t0, status, took))
            self._stop.wait(max(0.0, self.every - took))
