"""Generated variants of the hand-written facts document: many distinct, valid articles, fast to publish."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import DATA


def write_variants(n: int, folder: Path, start: int = 0) -> list[Path]:
    template = json.loads((DATA / "khan.facts.json").read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        doc = json.loads(json.dumps(template))
        doc["article"]["headline"] = f"Variant {i}: " + doc["article"]["headline"][:80]
        day = 1 + i % 28
        doc["article"]["datePublished"] = f"2022-03-{day:02d}"
        doc["roles"][0]["roleName"] = f"prime minister {i}"
        path = folder / f"variant-{i:04d}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    return paths
