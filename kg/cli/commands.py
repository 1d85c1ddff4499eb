"""The commands that read, publish and serve: each parses nothing, calls one layer below, returns the exit status."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..config import Settings
from .output import _err, _print_outcomes, _print_review, print_table

EXPORT_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
}


QUERY_TYPES = {
    "csv": "text/csv, application/n-triples;q=0.9",
    "tsv": "text/tab-separated-values, application/n-triples;q=0.9",
    "json": "application/sparql-results+json, application/ld+json;q=0.9",
    "xml": "application/sparql-results+xml, application/rdf+xml;q=0.9",
    "ttl": "text/turtle, application/sparql-results+json;q=0.9",
    "nt": "application/n-triples, application/sparql-results+json;q=0.9",
    "table": "application/sparql-results+json, text/turtle;q=0.9",
}


def _fetcher(args: argparse.Namespace):
    """Only when a URL is given: kg goes to the network for the URLs named and a feed's pages only."""
    from ..readers import Fetcher, is_url

    if not any(is_url(p) for p in args.paths):
        return None
    return Fetcher(timeout=args.fetch_timeout, max_bytes=args.max_bytes)


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from ..iris import slugify
    from ..pipeline import documents

    out = Path(args.output) if args.output else None
    inputs = list(args.paths)
    to_dir = out is not None and (
        out.is_dir() or len(inputs) > 1 or any(Path(p).is_dir() for p in inputs) or not out.suffix
    )
    if to_dir and out is not None:
        out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path, doc in documents(inputs, fetcher=_fetcher(args)):
        if isinstance(doc, Exception):
            _err(str(doc))
            failed += 1
            continue
        if args.review:
            _print_review(path, doc, args.threshold)
            continue
        text = doc.to_json()
        if out is None:
            sys.stdout.write(text)
        elif to_dir:
            plain = Path(path).is_file()  # a URL or a feed's item is named by its slug
            stem = Path(path).stem if plain else (doc.article.key or slugify(path))
            target = out / (stem + ".facts.json")
            target.write_text(text, encoding="utf-8")
            _err(f"{path} -> {target}")
        else:
            out.write_text(text, encoding="utf-8")
            _err(f"{path} -> {out}")
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    if args.bulk:
        from ..bulk import CHUNK, ingest

        outcomes, report = ingest(
            args.paths,
            settings,
            workers=args.workers,
            chunk=args.batch or CHUNK,
            fetcher=_fetcher(args),
        )
        code = _print_outcomes(outcomes, "published", args.json)
        _err(report)
        return code
    from ..iris import Minter
    from ..pipeline import run
    from ..registry import StoreRegistry
    from ..store import open_store

    with open_store(settings) as store:
        failed = _probe_failure(store, write=True)
        if failed:
            _err(f"kg ingest: the engine is not ready: {failed}")
            return 2
        registry = StoreRegistry(store, Minter(settings.base_iri))
        outcomes = run(
            args.paths,
            settings.base_iri,
            store=store,
            registry=registry,
            workers=args.workers,
            batch=args.batch or store.target.batch,
            fetcher=_fetcher(args),
            note=args.note,
            force=args.force,
        )
    return _print_outcomes(outcomes, "published", args.json)


def _probe_failure(store, write: bool) -> str | None:
    from ..store.probe import essential, first_failure

    return first_failure(essential(store, write=write))


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    """The full probe of the configured engine and which of kg's features work on it."""
    from ..store import open_store
    from ..store.probe import describe, essential, features, first_failure

    with open_store(settings) as store:
        for line in describe(store):
            print(line)
        print("checks:")
        checks = essential(store, write=True)
        for c in checks:
            print("  " + c.line())
        if checks[0].ok:
            print("features:")
            for c in features(store):
                print("  " + c.line())
        failed = first_failure(checks)
    print(f"kg doctor: {'not ready: ' + failed if failed else 'ready'}")
    return 1 if failed else 0


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from ..pipeline import run

    outcomes = run(args.paths, settings.base_iri, workers=args.workers, fetcher=_fetcher(args))
    return _print_outcomes(outcomes, "valid", args.json)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from ..store import open_store

    media = EXPORT_TYPES[args.format]
    with open_store(settings) as store:
        if args.output:
            # Written beside, renamed when complete: a file of that name is always a whole dump.
            out = Path(args.output)
            part = out.with_name(out.name + ".part")
            try:
                with open(part, "wb") as fh:
                    n = store.write_dump(media, fh)
                part.replace(out)
            finally:
                part.unlink(missing_ok=True)
            _err(f"wrote {n} bytes of {args.format} to {args.output}")
        else:
            store.write_dump(
                media, sys.stdout.buffer
            )  # broken off: exit status 2 and a message, below
            sys.stdout.flush()
    return 0


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    from ..store import open_store

    sparql = sys.stdin.read() if args.sparql == "-" else args.sparql
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    with open_store(settings) as store:
        ctype, chunks = store.stream(sparql, QUERY_TYPES[fmt])
        if fmt == "table" and "sparql-results+json" in ctype:
            print_table(json.loads(b"".join(chunks)))
        else:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
    return 0


def cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    from ..store import open_store
    from ..summary import summarize

    with open_store(settings) as store:
        print(summarize(store, settings.base_iri))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ..web.server import serve

    return serve(settings, host=args.host, port=args.port, workers=args.workers)


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from ..evaluate import main as evaluate_main

    return evaluate_main(args.rest)
