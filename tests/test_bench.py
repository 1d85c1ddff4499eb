"""The benchmarks stay runnable: `make bench` is not part of `make test`, so a broken import would only
show the next time someone measures (it happened: a shared helper was renamed under one of them)."""

from __future__ import annotations

import importlib
import os

import pytest

from bench.run import BENCHES


@pytest.mark.parametrize("module", [*BENCHES.values(), "bench.soak.__main__", "bench.bare_app"])
def test_every_benchmark_imports(module):
    mod = importlib.import_module(module)
    assert callable(mod.main)


def test_bare_app_has_both_ceilings():
    from bench.bare_app import create

    app = create("http://127.0.0.1:9/query")  # never contacted here
    rules = {r.rule for r in app.url_map.iter_rules()}
    assert {"/constant", "/forward"} <= rules
    assert app.test_client().get("/constant").data == b'{"head":{},"boolean":true}'


def test_a_new_run_replaces_the_figures_and_keeps_the_notes(tmp_path):
    from bench.sections import NOTES, replace_section

    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text(
        "# Benchmarks\n\n## A\n\nold A\n\n## B\n\nold B\n\n"
        + NOTES
        + "\nwhy B moved\n\n## C\n\nC\n"
    )
    replace_section("## B", "## B\n\nnew B\n", doc)
    assert doc.read_text() == (
        "# Benchmarks\n\n## A\n\nold A\n\n## B\n\nnew B\n\n" + NOTES + "\nwhy B moved\n\n"
        "## C\n\nC\n"
    )
    replace_section("## A", "## A\n\nnew A\n", doc)  # no notes yet: the section is just replaced
    assert "## A\n\nnew A\n\n## B" in doc.read_text()
    replace_section("## D", "## D\n\nD\n", doc)
    assert doc.read_text().endswith("## C\n\nC\n\n## D\n\nD\n")


def test_the_sparql_report_renders_what_was_measured():
    """The report is written after ten minutes of measuring: a slip in it must show here, not then."""
    from argparse import Namespace

    from bench.sparql_bench import report

    def run(rps: float, server_us: float, engine_us: float, rounds: tuple = ()) -> dict:
        return {
            "ok_rps": rps,
            "p50": 1.0,
            "p99": 2.0,
            "error_share": 0.0,
            "idle": 0.01,
            "server_us": server_us,
            "engine_us": engine_us,
            "rounds": list(rounds or (rps, rps, rps)),
        }

    bare = {"constant": run(8000, 150, 0), "forward": run(4000, 300, 70)}
    rows = [
        (
            "lookup-100",
            "lookup",
            100,
            run(1000, 400, 1500, (900, 1000, 1200)),
            run(2000, 0, 1000, (2000, 2500, 2000)),
            None,
        ),
        ("trivial", "4 rows", 4, run(6000, 200, 70), run(30000, 0, 50), bare),
    ]
    text = report(
        Namespace(articles=10, seconds=1, rounds=3, embedded=False),
        1234,
        5,
        rows,
        (1.0, 2.0),
        (0.5, 1.5),
    )
    assert "| lookup-100: lookup | 100 | 1,000 |" in text
    assert "**0.45×** (0.45, 0.40, 0.60)" in text  # round by round, the median first
    assert (
        "**0.75×** (0.75, 0.75, 0.75) | 200 + 70 |" in text
    )  # /sparql against the constant route, with its CPU split
    headroom = (os.cpu_count() or 1) * 1e6 / 8000 * (1 / 0.8 - 1)
    assert f"leaves {headroom:.0f} µs per answer" in text and f"{70 / headroom:.0%} of that" in text
