"""The `kg` command (CONTRACT.md §3). Thin: parses arguments, calls the pipeline, prints, sets the exit status.

grammar in parser.py; the commands that read, publish and serve in commands.py; an article's life after
publishing in editing.py; what they print in output.py.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..config import Settings
from .output import _err
from .parser import build_parser

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    from ..store import StoreError

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
