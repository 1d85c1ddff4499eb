"""`kg watch`: publish what is new in folders and feeds, round after round, skipping what was published.

An article is "seen" by the digest of what its source says (identity, headline, dates, authors, body),
recorded in a small JSON state file once it is published (or found unchanged in the store). So a feed
polled every five minutes costs a fetch and a parse, not an extraction, until an item is new or changed;
an article that failed is tried again in the next round.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from .article import Article
from .facts import FactsDocument
from .readers import Entry, Fetcher, read_source

UNITS = {"s": 1, "m": 60, "h": 3600}


def interval(text: str) -> float:
    """'5m', '30s', '1h', '90' (seconds) -> seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text)
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"not an interval: {text!r} (write 30s, 5m or 1h)")
    return float(m.group(1)) * UNITS[m.group(2) or "s"]


def digest(got: Article | FactsDocument) -> str:
    if isinstance(got, FactsDocument):
        raw = got.to_json()
    else:
        raw = json.dumps(
            [
                got.identifier or got.path,
                got.headline,
                got.published or got.date.isoformat(),
                got.date_modified,
                got.authors,
                got.publisher,
                got.body,
            ],
            ensure_ascii=False,
        )
    return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


class Watch:
    def __init__(self, state: Path):
        self.state = state
        self.seen: set[str] = set()
        if state.exists():
            self.seen = set(json.loads(state.read_text(encoding="utf-8")).get("seen", []))
        self.pending: dict[str, str] = {}  # source name -> digest, for this round
        self.skipped = 0

    def read(self, source: str | Path, fetcher: Fetcher | None) -> Iterator[Entry]:
        """read_source, less what was seen: the pipeline extracts only what is new or changed."""
        for name, got in read_source(source, fetcher):
            if not isinstance(got, Exception):
                d = digest(got)
                if d in self.seen:
                    self.skipped += 1
                    continue
                self.pending[name] = d
            yield name, got

    def commit(self, outcomes: list) -> None:
        """Remember what is now in the store; written beside and renamed, so never half a file."""
        for o in outcomes:
            if o.ok and o.path in self.pending:
                self.seen.add(self.pending[o.path])
        self.pending.clear()
        part = self.state.with_name(self.state.name + ".part")
        part.write_text(json.dumps({"seen": sorted(self.seen)}, indent=0), encoding="utf-8")
        part.replace(self.state)
