"""`make bench`: every benchmark, or those named: python -m bench.run [sparql] [ingest] …"""

from __future__ import annotations

import importlib
import sys

BENCHES = {
    "ingest": "bench.ingest_bench",
    "extract": "bench.extract_bench",
    "sparql": "bench.sparql_bench",
    "pages": "bench.pages_bench",
    "scaling": "bench.scaling_bench",
    "virtuoso": "bench.virtuoso_bench",  # needs virtuoso-t (make virtuoso)
    "readers": "bench.readers_bench",
    "gate": "bench.gate_bench",
}


def main(argv: list[str]) -> int:
    for name in argv or list(BENCHES):
        result = importlib.import_module(BENCHES[name]).main([])
        if isinstance(result, str):  # a Markdown table for BENCHMARKS.md
            print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
