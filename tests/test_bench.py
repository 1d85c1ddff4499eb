"""The benchmarks stay runnable: `make bench` is not part of `make test`, so a broken import would only
show the next time someone measures (it happened: a shared helper was renamed under one of them)."""

from __future__ import annotations

import importlib

import pytest

from bench.run import BENCHES


@pytest.mark.parametrize("module", [*BENCHES.values(), "bench.soak.__main__", "bench.bare_app"])
def test_every_benchmark_imports(module):
    mod = importlib.import_module(module)
    assert callable(getattr(mod, "main"))


def test_bare_app_has_both_ceilings():
    from bench.bare_app import create

    app = create("http://127.0.0.1:9/query")  # never contacted here
    rules = {r.rule for r in app.url_map.iter_rules()}
    assert {"/constant", "/forward"} <= rules
    assert app.test_client().get("/constant").data == b'{"head":{},"boolean":true}'


def test_a_new_run_replaces_the_figures_and_keeps_the_notes(tmp_path):
    from bench.sections import NOTES, replace_section

    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text("# Benchmarks\n\n## A\n\nold A\n\n## B\n\nold B\n\n" + NOTES + "\nwhy B moved\n\n## C\n\nC\n")
    replace_section("## B", "## B\n\nnew B\n", doc)
    assert doc.read_text() == ("# Benchmarks\n\n## A\n\nold A\n\n## B\n\nnew B\n\n" + NOTES + "\nwhy B moved\n\n"
                               "## C\n\nC\n")
    replace_section("## A", "## A\n\nnew A\n", doc)  # no notes yet: the section is just replaced
    assert "## A\n\nnew A\n\n## B" in doc.read_text()
    replace_section("## D", "## D\n\nD\n", doc)
    assert doc.read_text().endswith("## C\n\nC\n\n## D\n\nD\n")
