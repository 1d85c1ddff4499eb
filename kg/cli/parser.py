"""The `kg` command line's grammar (CONTRACT.md §3): global options before the command."""

from __future__ import annotations

import argparse

from .. import __version__
from ..config import DEFAULT_HOST, DEFAULT_PORT
from .commands import (
    EXPORT_TYPES,
    QUERY_TYPES,
    cmd_doctor,
    cmd_evaluate,
    cmd_export,
    cmd_extract,
    cmd_ingest,
    cmd_query,
    cmd_serve,
    cmd_summary,
    cmd_validate,
)
from .editing import cmd_changes, cmd_merge, cmd_retract, cmd_watch


def _interval(text: str) -> float:
    from ..watch import interval

    try:
        return interval(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _fetch_options(s: argparse.ArgumentParser) -> None:
    from ..readers.fetch import MAX_BYTES, TIMEOUT_S

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
