"""The commands of an article's life after publishing (docs/editors.md) and the watch loop."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..config import Settings
from .commands import _fetcher, _probe_failure
from .output import _err, _print_outcomes


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    import time

    from ..iris import Minter
    from ..pipeline import run
    from ..registry import StoreRegistry
    from ..store import open_store
    from ..watch import Watch

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
    from ..iris import Minter
    from ..lifecycle import LifecycleError, retract
    from ..store import open_store

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
    from ..iris import Minter
    from ..lifecycle import LifecycleError
    from ..merge import merge, unmerge
    from ..store import open_store

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
    from ..changes import ChangeLog
    from ..iris import Minter
    from ..store import open_store

    with open_store(settings) as store:
        entries = ChangeLog(store, Minter(settings.base_iri)).entries(args.after, args.limit)
    for c in entries:
        note = f"  ({c.note})" if c.note else ""
        print(f"{c.key}  {c.action:<9}  {c.subject}{note}")
    return 0
