"""The `kg` command (CONTRACT.md §3). Thin: parses arguments, calls the pipeline, prints, sets the exit status."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import DEFAULT_HOST, DEFAULT_PORT, Settings

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


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _fetcher(args: argparse.Namespace):
    """Only when a URL is given: kg goes to the network for the URLs named and a feed's pages only."""
    from .readers import Fetcher, is_url

    if not any(is_url(p) for p in args.paths):
        return None
    return Fetcher(timeout=args.fetch_timeout, max_bytes=args.max_bytes)


# -- commands ----------------------------------------------------------------------------------
def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from .iris import slugify
    from .pipeline import documents

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


def _print_review(path: str, doc: object, threshold: float) -> None:
    """Facts below the threshold, least sure first, with the text they rest on."""
    names = {e.id: e.name for e in doc.entities}  # type: ignore[attr-defined]
    low = [
        (x.confidence, where, x)
        for where, x in doc.facts()  # type: ignore[attr-defined]
        if x.confidence is not None and x.confidence < threshold
    ]
    print(f"{path}: {len(low)} fact(s) below {threshold:.2f}")
    for conf, where, x in sorted(low, key=lambda t: (t[0], t[1])):
        if where.startswith("entities"):
            what = f"{x.type} {x.name!r}"
        elif where.startswith("roles"):
            what = f"{names.get(x.person)} {x.roleName!r} of {names.get(x.organization)}"
        elif where.startswith("claims"):
            what = f"{names.get(x.speaker)} {x.kind}: {x.text!r}"
        else:
            what = f"{x.type} {x.startDate or '(no date)'} {x.status}"
        ev = x.mentions[0] if where.startswith("entities") and x.mentions else x.evidence
        span = f" [{ev.start}:{ev.end}] {ev.exact!r}" if ev is not None else ""
        print(f"  {conf:.2f}  {where} {x.id}: {what}{span}")


def _print_outcomes(outcomes: list, verb: str, as_json: bool) -> int:
    failed = [o for o in outcomes if not o.ok]
    if as_json:
        print(json.dumps([o.to_dict() for o in outcomes], ensure_ascii=False, indent=2))
    else:
        for o in outcomes:
            for w in o.warnings:
                _err(w)
            if o.ok and o.unchanged:
                print(f"unchanged: {o.path} -> {o.article}")
            elif o.ok:
                print(f"{verb}: {o.path} -> {o.article} ({o.triples} triples)")
            else:
                _err(o.error or f"{o.path}: failed")
                if o.report:
                    for f in o.report.violations:
                        _err("  " + f.line(o.path))
        unchanged = sum(1 for o in outcomes if o.unchanged)
        _err(
            f"{len(outcomes) - len(failed) - unchanged} {verb}, "
            + (f"{unchanged} unchanged, " if unchanged else "")
            + f"{len(failed)} failed"
        )
    return 1 if failed or not outcomes else 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    if args.bulk:
        from .bulk import CHUNK, ingest

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
    from .iris import Minter
    from .pipeline import run
    from .registry import StoreRegistry
    from .store import open_store

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
    from .store.probe import essential, first_failure

    return first_failure(essential(store, write=write))


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    """The full probe of the configured engine and which of kg's features work on it."""
    from .store import open_store
    from .store.probe import describe, essential, features, first_failure

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


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    import time

    from .iris import Minter
    from .pipeline import run
    from .registry import StoreRegistry
    from .store import open_store
    from .watch import Watch

    watch = Watch(Path(args.state))
    fetcher = _fetcher(args)  # one session for every round (keep-alive to the feeds' hosts)
    status = 0
    with open_store(settings) as store:
        failed = _probe_failure(store, write=True)
        if failed:
            _err(f"kg watch: the engine is not ready: {failed}")
            return 2
        registry = StoreRegistry(store, Minter(settings.base_iri))
        while True:
            started = time.monotonic()
            watch.skipped = 0
            outcomes = run(
                args.paths,
                settings.base_iri,
                store=store,
                registry=registry,
                fetcher=fetcher,
                read=watch.read,
                progress=False,
                batch=store.target.batch,
            )
            watch.commit(outcomes)
            _err(f"watch: {watch.skipped} seen before, skipped")
            status = _print_outcomes(outcomes, "published", False) if outcomes else 0
            if args.once:
                return status
            time.sleep(max(0.0, args.every - (time.monotonic() - started)))


def cmd_retract(args: argparse.Namespace, settings: Settings) -> int:
    from .iris import Minter
    from .lifecycle import LifecycleError, retract
    from .store import open_store

    with open_store(settings) as store:
        try:
            change = retract(store, Minter(settings.base_iri), args.target, args.reason)
        except LifecycleError as exc:
            _err(f"kg retract: {exc}")
            return 1
    print(f"retracted: {change.subject} on {change.created}")
    for e in change.purged:
        print(f"  gone with it (mentioned nowhere else): {e}")
    return 0


def cmd_merge(args: argparse.Namespace, settings: Settings) -> int:
    from .iris import Minter
    from .lifecycle import LifecycleError
    from .merge import merge, unmerge
    from .store import open_store

    with open_store(settings) as store:
        try:
            if args.command == "merge":
                c = merge(store, Minter(settings.base_iri), args.keep, args.other, args.note)
            else:
                c = unmerge(store, Minter(settings.base_iri), args.other, args.note)
        except LifecycleError as exc:
            _err(f"kg {args.command}: {exc}")
            return 1
    print(f"{c.action}: {c.subject}" + (f" -> {c.target}" if c.action == "merged" else ""))
    print(f"  {len(c.graphs)} article graph(s) rewritten")
    return 0


def cmd_changes(args: argparse.Namespace, settings: Settings) -> int:
    from .changes import ChangeLog
    from .iris import Minter
    from .store import open_store

    with open_store(settings) as store:
        entries = ChangeLog(store, Minter(settings.base_iri)).entries(args.after, args.limit)
    for c in entries:
        note = f"  ({c.note})" if c.note else ""
        print(f"{c.key}  {c.action:<9}  {c.subject}{note}")
    return 0


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import run

    outcomes = run(args.paths, settings.base_iri, workers=args.workers, fetcher=_fetcher(args))
    return _print_outcomes(outcomes, "valid", args.json)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from .store import open_store

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
    from .store import open_store

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


def print_table(results: dict) -> None:
    if "boolean" in results:
        print("true" if results["boolean"] else "false")
        return
    names = results["head"]["vars"]
    rows = [[_cell(b.get(n)) for n in names] for b in results["results"]["bindings"]]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(
            "  ".join(
                (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
                for c, w in zip(r, widths, strict=True)
            )
        )
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _cell(term: dict | None) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    return term["value"].replace("\n", " ")


def cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    from .store import open_store
    from .summary import summarize

    with open_store(settings) as store:
        print(summarize(store, settings.base_iri))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from .web.server import serve

    return serve(settings, host=args.host, port=args.port, workers=args.workers)


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from .evaluate import main as evaluate_main

    return evaluate_main(args.rest)


# -- parser ------------------------------------------------------------------------------------
def _interval(text: str) -> float:
    from .watch import interval

    try:
        return interval(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _fetch_options(s: argparse.ArgumentParser) -> None:
    from .readers.fetch import MAX_BYTES, TIMEOUT_S

    s.add_argument(
        "--fetch-timeout",
        type=float,
        default=TIMEOUT_S,
        metavar="SECONDS",
        help=f"for a URL: the whole answer within this time (default {TIMEOUT_S:g})",
    )
    s.add_argument(
        "--max-bytes",
        type=int,
        default=MAX_BYTES,
        help=f"for a URL: refuse answers larger than this (default {MAX_BYTES})",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg", description="Publish news articles as a validated knowledge graph."
    )
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    p.add_argument(
        "--store",
        help="store folder (embedded) or SPARQL endpoint URL; default $KG_STORE or ./kg-data",
    )
    p.add_argument(
        "--base",
        help="base IRI of published things; default $KG_BASE_IRI or http://127.0.0.1:8080/",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("extract", help="articles to reviewable facts documents, without publishing")
    s.add_argument("paths", nargs="+", metavar="PATH|URL")
    s.add_argument("-o", "--output", metavar="FILE|DIR")
    _fetch_options(s)
    s.add_argument(
        "--review",
        action="store_true",
        help="print the facts extraction is least sure of (below --threshold) instead of the documents",
    )
    s.add_argument(
        "--threshold",
        type=float,
        default=0.7,
        help="confidence below which --review lists a fact (default 0.7)",
    )
    s.set_defaults(func=cmd_extract)

    s = sub.add_parser(
        "ingest",
        help="publish articles, pages, feeds, ninjs or facts documents (files, folders or URLs)",
    )
    s.add_argument("paths", nargs="+", metavar="PATH|URL")
    _fetch_options(s)
    s.add_argument("--json", action="store_true", help="print the outcome of every file as JSON")
    s.add_argument(
        "--workers", type=int, help="processes for mapping and SHACL (default: cores, for 8+ files)"
    )
    s.add_argument(
        "--batch",
        type=int,
        help="articles per update request (default 1; 16 on a remote engine but Virtuoso)",
    )
    s.add_argument("--note", help="the editor's note on a correction (shown on the article's page)")
    s.add_argument(
        "--force", action="store_true", help="publish again an article that was retracted"
    )
    s.add_argument(
        "--bulk",
        action="store_true",
        help="archive ingest: chunks of --batch (default 500) articles through the engine's bulk "
        "loader; resumable (run the same command again after a kill)",
    )
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser(
        "watch",
        help="publish what is new in folders and feeds, every interval, skipping what was seen",
    )
    s.add_argument("paths", nargs="+", metavar="FOLDER|FEED-URL")
    s.add_argument(
        "--every",
        type=_interval,
        default=300.0,
        metavar="INTERVAL",
        help="30s, 5m, 1h (default 5m)",
    )
    s.add_argument("--once", action="store_true", help="one round, then exit (for cron)")
    s.add_argument(
        "--state",
        default=".kg-watch.json",
        metavar="FILE",
        help="the digests of what was published (default ./.kg-watch.json)",
    )
    _fetch_options(s)
    s.set_defaults(func=cmd_watch)

    s = sub.add_parser(
        "retract", help="withdraw a published article (its IRI then answers 410 Gone)"
    )
    s.add_argument("target", metavar="ARTICLE-IRI|FILE")
    s.add_argument("--reason", required=True, help="why: shown on the 410 page and in the feed")
    s.set_defaults(func=cmd_retract)

    s = sub.add_parser(
        "merge", help="two entity IRIs are one entity: OTHER's IRI then redirects to KEEP"
    )
    s.add_argument("keep", metavar="KEEP")
    s.add_argument("other", metavar="OTHER")
    s.add_argument("--note", help="why (kept in the change feed)")
    s.set_defaults(func=cmd_merge)

    s = sub.add_parser(
        "unmerge", help="undo `kg merge` of OTHER: its IRI and its triples come back"
    )
    s.add_argument("other", metavar="OTHER")
    s.add_argument("--note", help="why (kept in the change feed)")
    s.set_defaults(func=cmd_merge)

    s = sub.add_parser("changes", help="the change feed: what was published, corrected, retracted")
    s.add_argument("--after", metavar="KEY", help="only changes after this feed key")
    s.add_argument("--limit", type=int, default=100)
    s.set_defaults(func=cmd_changes)

    s = sub.add_parser("validate", help="extract and validate only; print the SHACL report")
    s.add_argument("paths", nargs="+", metavar="PATH|URL")
    _fetch_options(s)
    s.add_argument("--json", action="store_true")
    s.add_argument(
        "--workers", type=int, help="processes for mapping and SHACL (default: cores, for 8+ files)"
    )
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("export", help="the whole dataset, streamed")
    s.add_argument("--format", choices=sorted(EXPORT_TYPES), default="ttl")
    s.add_argument("-o", "--output", metavar="FILE")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser(
        "query", help="run a SPARQL query against the store ('-' reads it from stdin)"
    )
    s.add_argument("sparql")
    s.add_argument("--format", choices=sorted(QUERY_TYPES))
    s.set_defaults(func=cmd_query)

    s = sub.add_parser("summary", help="what the store holds, in a few lines")
    s.set_defaults(func=cmd_summary)

    s = sub.add_parser("serve", help="the web service: SPARQL endpoint, entity pages, dumps")
    s.add_argument("--host", default=DEFAULT_HOST)
    s.add_argument("--port", type=int, default=DEFAULT_PORT)
    s.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: 2 x cores + 1)"
    )
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("doctor", help="probe the engine: what works, what is wrong, how to fix it")
    s.set_defaults(func=cmd_doctor)

    s = sub.add_parser("evaluate", help="score extraction against the gold annotations")
    s.add_argument("rest", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_evaluate)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from .store import StoreError

    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "evaluate":  # its options are its own (kg.evaluate.main parses them)
        args.rest = argv[argv.index("evaluate") + 1 :]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    base = args.base
    if args.command == "serve" and not base:
        import os

        base = os.environ.get("KG_BASE_IRI") or f"http://{args.host}:{args.port}/"
    settings = Settings.from_env(store=args.store, base_iri=base)
    try:
        return int(args.func(args, settings) or 0)
    except StoreError as exc:
        _err(f"kg {args.command}: {exc}")
        return 2
    except BrokenPipeError:  # `kg export | head`
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
