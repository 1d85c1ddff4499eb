"""The soak's graph: generated facts documents mapped to N-Quads and bulk-loaded with `oxigraph load`.

Building it takes a few minutes on two cores, so the loaded store is kept (by default under bench/out/) and
copied for each run: the run ingests into its copy, the cached store stays as generated.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..generate import generate, to_nquads

BIN = Path(sys.executable).parent
BASE = "http://127.0.0.1:8080/"  # what bench.generate.to_nquads mints under; kg serve is given the same base
CACHE = Path(__file__).resolve().parent.parent / "out"


@dataclass
class Corpus:
    folder: Path  # a kg store folder: folder/oxigraph is the database
    articles: int
    quads: int
    heavy_every: int


def build(articles: int, heavy_every: int = 100, cache: Path = CACHE, log=print) -> Corpus:
    """The cached store for these parameters, built if missing."""
    folder = cache / f"soak-store-{articles}-h{heavy_every}"
    meta = folder / "soak.json"
    if meta.exists():
        info = json.loads(meta.read_text())
        return Corpus(folder, info["articles"], info["quads"], info["heavy_every"])
    shutil.rmtree(folder, ignore_errors=True)
    work = cache / f"soak-build-{articles}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t0 = time.monotonic()
    log(f"soak: generating {articles:,} articles …")
    paths = generate(articles, work / "docs", heavy_every=heavy_every)
    quads = to_nquads(paths, work / "data.nq", BASE)
    log(
        f"soak: {quads:,} quads mapped in {time.monotonic() - t0:.0f} s; loading with `oxigraph load` …"
    )
    staging = work / "store"
    staging.mkdir()
    subprocess.run(
        [
            str(BIN / "oxigraph"),
            "load",
            "--location",
            str(staging / "oxigraph"),
            "--file",
            str(work / "data.nq"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    subprocess.run(
        [str(BIN / "oxigraph"), "optimize", "--location", str(staging / "oxigraph")],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    (staging / "soak.json").write_text(
        json.dumps({"articles": articles, "quads": quads, "heavy_every": heavy_every})
    )
    staging.rename(folder)
    shutil.rmtree(work, ignore_errors=True)
    log(f"soak: store ready in {time.monotonic() - t0:.0f} s")
    return Corpus(folder, articles, quads, heavy_every)


def working_copy(corpus: Corpus, dest: Path) -> Path:
    """A copy of the cached store for one run (the run writes into it)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(corpus.folder / "oxigraph", dest / "oxigraph")
    return dest
